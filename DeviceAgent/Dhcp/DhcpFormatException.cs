using System;

namespace DeviceAgent.Dhcp
{
    /// <summary>
    /// The one exception the DHCP codec throws for malformed input: it names the field (for example "option 120",
    /// "chaddr" or "option 125 enterprise 4491 sub-option 204") and the byte offset in the caller's buffer, so a
    /// rejected packet can be diagnosed from a log line without a capture.
    /// </summary>
    public class DhcpFormatException : Exception
    {
        /// <summary>Creates the exception; the message says field, offset and reason.</summary>
        /// <param name="field">What was being read, e.g. "option 120".</param>
        /// <param name="offset">Index into the byte array given to the codec where the problem was found.</param>
        /// <param name="reason">What was wrong, e.g. "compression loop".</param>
        public DhcpFormatException(string field, int offset, string reason)
            : base("DHCP " + field + " at offset " + offset.ToString() + ": " + reason)
        {
            Field = field;
            Offset = offset;
            Reason = reason;
        }

        /// <summary>The field being read, e.g. "option 125 enterprise 4491 sub-option 204".</summary>
        public string Field { get; }

        /// <summary>
        /// Index into the byte array the caller passed in (not relative to the message start), pointing at the
        /// offending byte or at the end of the data when it was too short.
        /// </summary>
        public int Offset { get; }

        /// <summary>What was wrong, without field and offset.</summary>
        public string Reason { get; }
    }
}
