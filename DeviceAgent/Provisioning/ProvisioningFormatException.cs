using System;

namespace DeviceAgent.Provisioning
{
    /// <summary>
    /// The one exception the provisioning XML codec throws for a document it cannot accept: malformed XML, a DTD or
    /// processing instruction, truncation, bad UTF-8, a limit exceeded, a missing or duplicated element or an invalid value.
    /// </summary>
    public class ProvisioningFormatException : Exception
    {
        /// <summary>Creates the exception; the message names the reason, the element path and the byte offset.</summary>
        /// <param name="reason">What was wrong.</param>
        /// <param name="path">Element path such as <c>provision-response/config/call-agent/port</c>.</param>
        /// <param name="offset">Byte offset in the document where the problem was found.</param>
        public ProvisioningFormatException(string reason, string path, int offset)
            : base(reason + " at " + (path.Length == 0 ? "(document)" : path) + ", byte " + offset.ToString())
        {
            Reason = reason;
            Path = path;
            Offset = offset;
        }

        /// <summary>What was wrong, without the location.</summary>
        public string Reason { get; }

        /// <summary>Path of the element (or <c>element/@attribute</c>) concerned; empty before the root element.</summary>
        public string Path { get; }

        /// <summary>Byte offset from the start of the document.</summary>
        public int Offset { get; }
    }
}
