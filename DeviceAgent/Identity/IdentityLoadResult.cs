namespace DeviceAgent.Identity
{
    /// <summary>Outcome of <see cref="IdentityStore.Load"/>.</summary>
    public sealed class IdentityLoadResult
    {
        internal IdentityLoadResult(IdentityStoreStatus status, IdentityRecord record, uint sequence)
        {
            Status = status;
            Record = record;
            Sequence = sequence;
        }

        /// <summary>Empty, Loaded or Corrupt.</summary>
        public IdentityStoreStatus Status { get; }

        /// <summary>The newest valid record when <see cref="Status"/> is Loaded, else null.</summary>
        public IdentityRecord Record { get; }

        /// <summary>Sequence number of <see cref="Record"/> (counts saves, wrapping); 0 when there is none.</summary>
        public uint Sequence { get; }
    }
}
