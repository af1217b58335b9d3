namespace DeviceAgent.Hal
{
    /// <summary>
    /// A few fixed-size slots of non-volatile storage, each rewritten as a whole.
    /// </summary>
    /// <remarks>
    /// Failure model, which callers must design for: <see cref="Write"/> is not atomic. Power may fail at any byte,
    /// and a write interrupted at any point leaves that slot holding any mix of its old bytes, erased bytes (0xFF on
    /// raw flash) and new bytes, possibly shorter than before; every other slot is untouched. A completed
    /// <see cref="Write"/> is durable: it has reached the medium when the call returns.
    /// </remarks>
    public interface IFlashStore
    {
        /// <summary>Number of slots, numbered from 0.</summary>
        int SlotCount { get; }

        /// <summary>Capacity of each slot in bytes.</summary>
        int SlotSize { get; }

        /// <summary>
        /// Copies the content of <paramref name="slot"/> into <paramref name="buffer"/> from <paramref name="offset"/>,
        /// which must have room for <see cref="SlotSize"/> bytes.
        /// </summary>
        /// <returns>
        /// The number of bytes copied: 0 for a slot never written or erased by a file-backed store; raw flash
        /// returns <see cref="SlotSize"/> bytes, with erased bytes reading 0xFF.
        /// </returns>
        int Read(int slot, byte[] buffer, int offset);

        /// <summary>
        /// Replaces the whole content of <paramref name="slot"/> with <paramref name="count"/> bytes of
        /// <paramref name="buffer"/> from <paramref name="offset"/> (at most <see cref="SlotSize"/>).
        /// Not atomic: see the failure model on <see cref="IFlashStore"/>.
        /// </summary>
        void Write(int slot, byte[] buffer, int offset, int count);
    }
}
