using System;

namespace DeviceAgent.Identity
{
    /// <summary>
    /// The one error of the identity codecs and validators: a value (device ID, URL, contact, stored record) is not
    /// acceptable. Names the field and, when decoding bytes or parsing text, the offset where the problem was found.
    /// </summary>
    public sealed class IdentityFormatException : Exception
    {
        /// <summary>A problem with <paramref name="field"/> as a whole.</summary>
        public IdentityFormatException(string field, string reason)
            : this(field, -1, reason)
        {
        }

        /// <summary>A problem with <paramref name="field"/> found at <paramref name="offset"/>.</summary>
        public IdentityFormatException(string field, int offset, string reason)
            : base(offset < 0 ? field + ": " + reason : field + " at offset " + offset.ToString() + ": " + reason)
        {
            Field = field;
            Offset = offset;
            Reason = reason;
        }

        /// <summary>The offending field, e.g. <c>deviceId</c> or <c>preProvisioningUrl</c>.</summary>
        public string Field { get; }

        /// <summary>Byte offset in the decoded buffer or character index in the parsed text; -1 when not applicable.</summary>
        public int Offset { get; }

        /// <summary>What is wrong, without the field name.</summary>
        public string Reason { get; }
    }
}
