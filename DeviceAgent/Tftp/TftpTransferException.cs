using System;

namespace DeviceAgent.Tftp
{
    /// <summary>A TFTP transfer ended without the whole file: the server's ERROR, a timeout or a protocol violation.</summary>
    public class TftpTransferException : Exception
    {
        /// <summary>Creates the exception with the transfer's one-line <paramref name="detail"/>.</summary>
        /// <param name="serverErrorCode">The server's ERROR code, or -1 when the failure was not a server ERROR.</param>
        /// <param name="detail">Why, e.g. "TFTP error 1: File not found".</param>
        public TftpTransferException(int serverErrorCode, string detail)
            : base(detail)
        {
            ServerErrorCode = serverErrorCode;
        }

        /// <summary>The server's ERROR code (see <see cref="TftpErrorCode"/>), or -1.</summary>
        public int ServerErrorCode { get; }
    }
}
