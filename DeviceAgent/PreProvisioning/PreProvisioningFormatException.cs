using System;

namespace DeviceAgent.PreProvisioning
{
    /// <summary>
    /// The one error of the pre-provisioning codecs: an inquiry answer or an authorization header is not acceptable.
    /// Names the field and the offset (byte in the answer body, character in the header) where the problem was found.
    /// </summary>
    public sealed class PreProvisioningFormatException : Exception
    {
        /// <summary>A problem with <paramref name="field"/> found at <paramref name="offset"/> (-1 when not applicable).</summary>
        public PreProvisioningFormatException(string field, int offset, string reason)
            : base(offset < 0 ? field + ": " + reason : field + " at offset " + offset.ToString() + ": " + reason)
        {
            Field = field;
            Offset = offset;
            Reason = reason;
        }

        /// <summary>The offending field, e.g. <c>version</c>, <c>contact</c> or <c>ts</c>.</summary>
        public string Field { get; }

        /// <summary>Byte offset in the parsed buffer or character index in the parsed header; -1 when not applicable.</summary>
        public int Offset { get; }

        /// <summary>What is wrong, without the field name.</summary>
        public string Reason { get; }
    }
}
