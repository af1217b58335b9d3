namespace DeviceAgent.Provisioning
{
    /// <summary>What a phone tells the provisioning server about itself (the <c>provision-request</c> document).</summary>
    public class ProvisionRequest
    {
        /// <summary>Product description, e.g. the model name.</summary>
        public string Product { get; set; }

        /// <summary>Customer number the phone was sold to.</summary>
        public string Customer { get; set; }

        /// <summary>Device ID, the same one the pre-provisioning inquiry uses.</summary>
        public string DeviceId { get; set; }

        /// <summary>Serial number.</summary>
        public string Serial { get; set; }

        /// <summary>MAC address as <c>aa:bb:cc:dd:ee:ff</c>; the reader returns it in lower case.</summary>
        public string Mac { get; set; }

        /// <summary>Current IPv4 address in dotted decimal.</summary>
        public string Ip { get; set; }

        /// <summary>Version of the firmware the phone runs.</summary>
        public string FirmwareVersion { get; set; }
    }
}
