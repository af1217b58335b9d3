namespace DeviceAgent.Provisioning
{
    /// <summary>The configuration a provisioning server hands to a phone it knows.</summary>
    public class TelephonyConfiguration
    {
        /// <summary>SIP domain name.</summary>
        public string Domain { get; set; }

        /// <summary>Call agent address: an IPv4 address or a host name.</summary>
        public string CallAgentHost { get; set; }

        /// <summary>Call agent port, 1..65535.</summary>
        public int CallAgentPort { get; set; }

        /// <summary>Name the phone shows and registers under.</summary>
        public string DeviceName { get; set; }

        /// <summary>Firmware server URL with scheme ftp, tftp, http or https, e.g. <c>tftp://10.0.0.5/phones</c>.</summary>
        public string FirmwareServer { get; set; }

        /// <summary>Firmware image file name on <see cref="FirmwareServer"/> (no path separators).</summary>
        public string FirmwareFile { get; set; }

        /// <summary>Version of that image, compared with the running one to decide on an update.</summary>
        public string FirmwareVersion { get; set; }

        /// <summary>SHA-256 of the image, 32 bytes (64 hex digits on the wire).</summary>
        public byte[] FirmwareSha256 { get; set; }

        /// <summary>Seconds until the phone provisions again.</summary>
        public int PollIntervalSeconds { get; set; }
    }
}
