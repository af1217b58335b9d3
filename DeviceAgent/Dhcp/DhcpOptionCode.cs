namespace DeviceAgent.Dhcp
{
    /// <summary>DHCP option codes the agent reads or writes (RFC 2132 unless noted).</summary>
    public static class DhcpOptionCode
    {
        /// <summary>Pad: a single zero byte with no length, used for alignment.</summary>
        public const byte Pad = 0;

        /// <summary>Subnet mask, one address.</summary>
        public const byte SubnetMask = 1;

        /// <summary>Routers, a list of addresses in order of preference.</summary>
        public const byte Router = 3;

        /// <summary>DNS servers, a list of addresses.</summary>
        public const byte DomainNameServer = 6;

        /// <summary>Host name, text.</summary>
        public const byte HostName = 12;

        /// <summary>Domain name, text.</summary>
        public const byte DomainName = 15;

        /// <summary>NTP servers, a list of addresses.</summary>
        public const byte NtpServers = 42;

        /// <summary>Vendor-specific information, opaque bytes.</summary>
        public const byte VendorSpecific = 43;

        /// <summary>Requested IP address (client, in REQUEST and DECLINE).</summary>
        public const byte RequestedAddress = 50;

        /// <summary>Lease time in seconds; 0xFFFFFFFF is infinite.</summary>
        public const byte LeaseTime = 51;

        /// <summary>Option overload: 1 = options also in 'file', 2 = in 'sname', 3 = both (RFC 2132 §9.3).</summary>
        public const byte Overload = 52;

        /// <summary>DHCP message type, see <see cref="DhcpMessageType"/>.</summary>
        public const byte MessageType = 53;

        /// <summary>Server identifier, one address.</summary>
        public const byte ServerIdentifier = 54;

        /// <summary>Parameter request list, one option code per byte.</summary>
        public const byte ParameterRequestList = 55;

        /// <summary>Error text from a server (NAK) or a client (DECLINE).</summary>
        public const byte Message = 56;

        /// <summary>Maximum DHCP message size the sender accepts, 16-bit.</summary>
        public const byte MaxMessageSize = 57;

        /// <summary>Renewal (T1) time in seconds.</summary>
        public const byte RenewalTime = 58;

        /// <summary>Rebinding (T2) time in seconds.</summary>
        public const byte RebindingTime = 59;

        /// <summary>Vendor class identifier, text.</summary>
        public const byte VendorClassId = 60;

        /// <summary>Client identifier, type byte followed by the identifier.</summary>
        public const byte ClientId = 61;

        /// <summary>TFTP server name, text; replaces 'sname' when that field carries options.</summary>
        public const byte TftpServerName = 66;

        /// <summary>Boot file name, text; replaces 'file' when that field carries options.</summary>
        public const byte BootFileName = 67;

        /// <summary>Authentication (RFC 3118); carries the FORCERENEW nonce of RFC 6704.</summary>
        public const byte Authentication = 90;

        /// <summary>SIP servers (RFC 3361): encoding byte, then domain names or IPv4 addresses.</summary>
        public const byte SipServers = 120;

        /// <summary>Vendor-identifying vendor-specific information (RFC 3925 §4).</summary>
        public const byte VendorIdentifyingVendorSpecific = 125;

        /// <summary>Forcerenew nonce capable (RFC 6704 §4): the algorithms the client accepts for FORCERENEW, 1 = HMAC-MD5.</summary>
        public const byte ForceRenewNonceCapable = 145;

        /// <summary>TFTP server addresses (RFC 5859), a list of addresses.</summary>
        public const byte TftpServerAddress = 150;

        /// <summary>End: closes the options of a field.</summary>
        public const byte End = 255;

        /// <summary>
        /// What the phone asks for in option 55: network basics, then everything that can point it at a
        /// provisioning server or SIP server. Returns a new array each time so no caller can change it for others.
        /// </summary>
        public static byte[] VoipParameterRequestList
        {
            get
            {
                return new byte[]
                {
                    SubnetMask, Router, DomainNameServer, DomainName, NtpServers, TftpServerName, BootFileName,
                    SipServers, VendorIdentifyingVendorSpecific, TftpServerAddress, VendorSpecific,
                };
            }
        }
    }
}
