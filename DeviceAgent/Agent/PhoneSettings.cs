namespace DeviceAgent.Agent
{
    /// <summary>
    /// What a phone knows about itself besides its identity record, and the limits of one power-up: the facts go into
    /// the provision-request, the limits keep every step finite.
    /// </summary>
    public sealed class PhoneSettings
    {
        /// <summary>Product description sent in the provision-request, e.g. the model name.</summary>
        public string Product { get; set; } = "DeviceAgent phone";

        /// <summary>Customer number the phone was sold to.</summary>
        public string Customer { get; set; }

        /// <summary>Serial number; the provisioning server and the firmware report identify the phone by it.</summary>
        public string Serial { get; set; }

        /// <summary>Version of the firmware the phone runs; an offered version is installed only when newer.</summary>
        public string FirmwareVersion { get; set; } = "1.0.0";

        /// <summary>How long DHCP may take to bind before the power-up fails.</summary>
        public int DhcpTimeoutMilliseconds { get; set; } = 30000;

        /// <summary>IPv4 address (first octet most significant) reported when the phone runs without DHCP; 0 for none.</summary>
        public uint StaticAddress { get; set; }

        /// <summary>Limits and timings of the discovery chain.</summary>
        public DiscoverySettings Discovery { get; set; } = new DiscoverySettings();

        /// <summary>Largest firmware image accepted; the firmware store's capacity caps it further.</summary>
        public int MaxFirmwareSize { get; set; } = 16 * 1024 * 1024;

        /// <summary>Size of the one buffer a firmware image streams through.</summary>
        public int FirmwareChunkSize { get; set; } = 1024;

        /// <summary>Timeout of the firmware download's HTTP request and of each body read; and of the report.</summary>
        public int FirmwareTimeoutMilliseconds { get; set; } = 30000;

        /// <summary>Path of the firmware-report endpoint on the server that configured the phone.</summary>
        public string FirmwareReportPath { get; set; } = "/provisioning/v1/firmware-report";
    }
}
