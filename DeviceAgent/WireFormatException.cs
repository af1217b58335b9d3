using System;

namespace DeviceAgent
{
    /// <summary>
    /// Base of the one exception each codec throws for input it cannot accept. Every codec names the field it was
    /// reading and the offset where the problem was found, so a rejected packet, document or record can be diagnosed
    /// from one log line; a host that only needs "bad input from the network" catches this base type.
    /// </summary>
    public abstract class WireFormatException : Exception
    {
        /// <summary>Creates the exception; the message reads "[prefix ]field[ at offset N]: reason".</summary>
        /// <param name="prefix">Codec name put in front of the message (e.g. "DHCP"), or null.</param>
        /// <param name="field">What was being read, e.g. "option 120" or "deviceId".</param>
        /// <param name="offset">Index into the caller's buffer (or text) of the problem; -1 when not applicable.</param>
        /// <param name="reason">What was wrong, e.g. "compression loop".</param>
        protected WireFormatException(string prefix, string field, int offset, string reason)
            : base((prefix == null ? "" : prefix + " ") + field + (offset < 0 ? "" : " at offset " + offset.ToString()) + ": " + reason)
        {
            Field = field;
            Offset = offset;
            Reason = reason;
        }

        /// <summary>The field being read when the problem was found.</summary>
        public string Field { get; }

        /// <summary>
        /// Index into the byte array (or character in the text) the caller passed in, pointing at the offending byte or
        /// at the end of the data when it was too short; -1 when the problem concerns the field as a whole.
        /// </summary>
        public int Offset { get; }

        /// <summary>What was wrong, without field and offset.</summary>
        public string Reason { get; }
    }
}
