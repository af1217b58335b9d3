namespace DeviceAgent.Tftp
{
    /// <summary>Where a <see cref="TftpReadTransfer"/> stands.</summary>
    public enum TftpTransferState
    {
        /// <summary>Created; <see cref="TftpReadTransfer.Start"/> not called yet.</summary>
        Idle = 0,

        /// <summary>The RRQ was sent; no reply from the server yet.</summary>
        Requesting = 1,

        /// <summary>The server answered; blocks are arriving.</summary>
        Receiving = 2,

        /// <summary>The last (short) block arrived and was acknowledged.</summary>
        Complete = 3,

        /// <summary>Ended without the whole file; <see cref="TftpReadTransfer.Detail"/> says why.</summary>
        Failed = 4,
    }
}
