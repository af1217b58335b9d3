namespace DeviceAgent.Dhcp
{
    /// <summary>
    /// The one exception the DHCP codec throws for malformed input: it names the field (for example "option 120",
    /// "chaddr" or "option 125 enterprise 4491 sub-option 204") and the byte offset in the caller's buffer, so a
    /// rejected packet can be diagnosed from a log line without a capture.
    /// </summary>
    public class DhcpFormatException : WireFormatException
    {
        /// <summary>Creates the exception; the message says field, offset and reason.</summary>
        /// <param name="field">What was being read, e.g. "option 120".</param>
        /// <param name="offset">Index into the byte array given to the codec where the problem was found.</param>
        /// <param name="reason">What was wrong, e.g. "compression loop".</param>
        public DhcpFormatException(string field, int offset, string reason)
            : base("DHCP", field, offset, reason)
        {
        }
    }
}
