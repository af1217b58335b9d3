namespace DeviceAgent.Tftp
{
    /// <summary>
    /// The one exception the TFTP codec throws for a malformed packet: it names the field (for example "opcode",
    /// "block", "option blksize") and the byte offset in the caller's buffer.
    /// </summary>
    public class TftpFormatException : WireFormatException
    {
        /// <summary>Creates the exception; the message says field, offset and reason.</summary>
        /// <param name="field">What was being read, e.g. "option blksize".</param>
        /// <param name="offset">Index into the byte array given to the codec where the problem was found.</param>
        /// <param name="reason">What was wrong, e.g. "not a decimal number".</param>
        public TftpFormatException(string field, int offset, string reason)
            : base("TFTP", field, offset, reason)
        {
        }
    }
}
