namespace DeviceAgent.Hal
{
    /// <summary>
    /// Where a downloaded firmware image goes. The image is streamed straight to the medium as it arrives, because a
    /// phone's heap (about 100 KB) is far smaller than an image; only <see cref="Commit"/> makes it the one to boot.
    /// </summary>
    /// <remarks>
    /// One image at a time: <see cref="Begin"/>, any number of <see cref="Write"/> calls, then exactly one of
    /// <see cref="Commit"/> or <see cref="Abort"/>. Until <see cref="Commit"/> returns, the image that boots is the
    /// previous one, whatever happens (power cut included); a later <see cref="Begin"/> discards a partial image left
    /// behind by a power cut.
    /// </remarks>
    public interface IFirmwareStore
    {
        /// <summary>Largest image, in bytes, the store can hold; a larger one ends as "no space".</summary>
        int Capacity { get; }

        /// <summary>
        /// Starts a new image, discarding any partial one. <paramref name="expectedSize"/> is the size the server
        /// announced, or -1 when unknown; a store may use it to erase ahead.
        /// </summary>
        void Begin(int expectedSize);

        /// <summary>Appends <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/> to the image.</summary>
        void Write(byte[] buffer, int offset, int count);

        /// <summary>Makes the written image durable and the one to boot next; called only after it was verified.</summary>
        void Commit();

        /// <summary>Discards the partial image; the current one stays bootable. Harmless when nothing was begun.</summary>
        void Abort();
    }
}
