namespace DeviceAgent.PreProvisioning
{
    /// <summary>
    /// The one error of the pre-provisioning codecs: an inquiry answer or an authorization header is not acceptable.
    /// Names the field and the offset (byte in the answer body, character in the header) where the problem was found.
    /// </summary>
    public sealed class PreProvisioningFormatException : WireFormatException
    {
        /// <summary>A problem with <paramref name="field"/> found at <paramref name="offset"/> (-1 when not applicable).</summary>
        public PreProvisioningFormatException(string field, int offset, string reason)
            : base(null, field, offset, reason)
        {
        }
    }
}
