namespace DeviceAgent.Provisioning
{
    /// <summary>
    /// The one exception the provisioning XML codec throws for a document it cannot accept: malformed XML, a DTD or
    /// processing instruction, truncation, bad UTF-8, a limit exceeded, a missing or duplicated element or an invalid value.
    /// Its <see cref="WireFormatException.Field"/> is the element path.
    /// </summary>
    public class ProvisioningFormatException : WireFormatException
    {
        /// <summary>Creates the exception; the message names the element path, the byte offset and the reason.</summary>
        /// <param name="reason">What was wrong.</param>
        /// <param name="path">Element path such as <c>provision-response/config/call-agent/port</c>.</param>
        /// <param name="offset">Byte offset in the document where the problem was found.</param>
        public ProvisioningFormatException(string reason, string path, int offset)
            : base("XML", path.Length == 0 ? "(document)" : path, offset, reason)
        {
            Path = path;
        }

        /// <summary>Path of the element (or <c>element/@attribute</c>) concerned; empty before the root element.</summary>
        public string Path { get; }
    }
}
