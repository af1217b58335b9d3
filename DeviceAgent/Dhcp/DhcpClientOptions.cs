namespace DeviceAgent.Dhcp
{
    /// <summary>How the <see cref="DhcpClient"/> identifies itself; the defaults suit a phone on a plain LAN.</summary>
    public sealed class DhcpClientOptions
    {
        /// <summary>Creates the defaults: client id 01 + MAC, vendor class "DeviceAgent", 57 = 1500, broadcast replies.</summary>
        public DhcpClientOptions()
        {
            VendorClassIdentifier = "DeviceAgent";
            MaxMessageSize = 1500;
            EnterpriseNumber = DhcpVoipOptions.DefaultEnterpriseNumber;
            RequestBroadcastReplies = true;
        }

        /// <summary>Option 61; null means type 1 (Ethernet) followed by the MAC, as most servers key leases by it.</summary>
        public byte[] ClientIdentifier { get; set; }

        /// <summary>Option 60, so servers can pick vendor options (43); null sends none.</summary>
        public string VendorClassIdentifier { get; set; }

        /// <summary>Option 57: the largest DHCP message the host's receive buffer takes (RFC 2132 §9.10, at least 576).</summary>
        public ushort MaxMessageSize { get; set; }

        /// <summary>Enterprise number whose option 125 sub-options are read into <see cref="DhcpVoipOptions"/>.</summary>
        public uint EnterpriseNumber { get; set; }

        /// <summary>
        /// Sets the broadcast flag while the client has no address (RFC 2131 §4.1), because a host whose stack drops
        /// unicast to an unconfigured address (lwIP on the ESP32, Linux sockets) could not receive OFFER and ACK.
        /// </summary>
        public bool RequestBroadcastReplies { get; set; }
    }
}
