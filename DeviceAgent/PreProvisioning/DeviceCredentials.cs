namespace DeviceAgent.PreProvisioning
{
    /// <summary>The values of a parsed <c>DA-HMAC1</c> Authorization header; see <see cref="DeviceSignature.ParseAuthorization"/>.</summary>
    public sealed class DeviceCredentials
    {
        internal DeviceCredentials(string deviceId, long timestamp, byte[] signature)
        {
            DeviceId = deviceId;
            Timestamp = timestamp;
            Signature = signature;
        }

        /// <summary>The device ID the inquiry claims to come from (already checked as a valid device ID).</summary>
        public string DeviceId { get; }

        /// <summary>When the phone signed, in seconds since 1970-01-01T00:00:00Z.</summary>
        public long Timestamp { get; }

        /// <summary>The 32-byte HMAC-SHA-256 the phone sent.</summary>
        public byte[] Signature { get; }
    }
}
