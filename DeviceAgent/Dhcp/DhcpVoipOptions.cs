namespace DeviceAgent.Dhcp
{
    /// <summary>
    /// What a DHCP reply tells the phone about where to find its SIP and provisioning servers, copied out of the
    /// message so it outlives the receive buffer. Absent values are null. This is what the rest of the agent reads;
    /// lease parameters (address, mask, routers, DNS, times) are read from <see cref="DhcpMessage"/> by the client.
    /// </summary>
    public sealed class DhcpVoipOptions
    {
        /// <summary>
        /// Placeholder enterprise number for our option 125 sub-options: 32473, the number IANA reserves for
        /// documentation (RFC 5612). A deployment passes its own registered number to <see cref="FromMessage"/>.
        /// </summary>
        public const uint DefaultEnterpriseNumber = 32473;

        /// <summary>Sub-option 201: the phone's MAC, as 6 raw bytes or as text (see <see cref="MacAddress"/>).</summary>
        public const byte SubOptionMacAddress = 201;

        /// <summary>Sub-option 202: the phone number, text.</summary>
        public const byte SubOptionPhoneNumber = 202;

        /// <summary>Sub-option 203: an additional phone number (e.g. the inter-office form of 202), text.</summary>
        public const byte SubOptionAdditionalPhoneNumber = 203;

        /// <summary>Sub-option 204: the SIP domain, text.</summary>
        public const byte SubOptionSipDomain = 204;

        /// <summary>Sub-option 210: the management (provisioning) server's FQDN, text.</summary>
        public const byte SubOptionManagementServer = 210;

        /// <summary>Sub-option 211: the gatekeeper, text.</summary>
        public const byte SubOptionGatekeeper = 211;

        private byte[] _vendorValue;
        private DhcpVendorBlock[] _vendorBlocks;

        private DhcpVoipOptions()
        {
        }

        /// <summary>Option 120 enc 0: SIP server domain names in order of preference.</summary>
        public string[] SipServerNames { get; private set; }

        /// <summary>Option 120 enc 1: SIP server addresses in order of preference.</summary>
        public uint[] SipServerAddresses { get; private set; }

        /// <summary>Option 125, our enterprise, sub-option 204.</summary>
        public string SipDomain { get; private set; }

        /// <summary>
        /// Option 125, our enterprise, sub-option 201, always as 6 bytes. Accepted on the wire as 6 raw bytes, as 12 hex
        /// digits, or as 17 chars of hex pairs separated by ':' or '-' (either case); any other form is an error.
        /// </summary>
        public byte[] MacAddress { get; private set; }

        /// <summary>Option 125, our enterprise, sub-option 202.</summary>
        public string PhoneNumber { get; private set; }

        /// <summary>Option 125, our enterprise, sub-option 203.</summary>
        public string AdditionalPhoneNumber { get; private set; }

        /// <summary>Option 125, our enterprise, sub-option 210.</summary>
        public string ManagementServer { get; private set; }

        /// <summary>Option 125, our enterprise, sub-option 211.</summary>
        public string Gatekeeper { get; private set; }

        /// <summary>Option 66, or the 'sname' header field when there is no option 66 and sname holds no options.</summary>
        public string ConfigServerName { get; private set; }

        /// <summary>Option 150 (RFC 5859): TFTP/configuration server addresses.</summary>
        public uint[] ConfigServerAddresses { get; private set; }

        /// <summary>Option 67, or the 'file' header field when there is no option 67 and file holds no options.</summary>
        public string BootFile { get; private set; }

        /// <summary>Option 42: NTP servers.</summary>
        public uint[] NtpServers { get; private set; }

        /// <summary>Option 43, raw: its meaning depends on the vendor class the server recognised.</summary>
        public byte[] VendorSpecific { get; private set; }

        /// <summary>
        /// Option 125, every enterprise block including ours, with unknown sub-options kept; null when absent.
        /// Decoded on first use from the copy kept of the option, so a client that never looks pays nothing.
        /// </summary>
        public DhcpVendorBlock[] VendorBlocks
        {
            get
            {
                if (_vendorBlocks == null && _vendorValue != null)
                {
                    _vendorBlocks = DhcpVendorBlock.Decode(_vendorValue, 0, _vendorValue.Length);
                }

                return _vendorBlocks;
            }
        }

        /// <summary>
        /// Copies the VoIP options out of a message. Sub-options are looked up in the first block of
        /// <paramref name="enterpriseNumber"/> that has them (RFC 3925 §4 leaves repeated enterprise numbers undefined).
        /// Every option read is checked here, so the result holds no unchecked data.
        /// </summary>
        /// <exception cref="DhcpFormatException">One of the options read is malformed; the lease itself may still be usable.</exception>
        public static DhcpVoipOptions FromMessage(DhcpMessage message, uint enterpriseNumber)
        {
            var options = new DhcpVoipOptions();
            if (message.TryGetOption(DhcpOptionCode.SipServers, out var data, out var offset, out var length))
            {
                try
                {
                    DhcpSipServers.Decode(data, offset, length, out var names, out var addresses);
                    options.SipServerNames = names;
                    options.SipServerAddresses = addresses;
                }
                catch (DhcpFormatException e)
                {
                    if (data == message.Buffer)
                    {
                        throw;
                    }

                    throw message.Relocate(DhcpOptionCode.SipServers, data, offset, e);
                }
            }

            if (message.TryGetOption(DhcpOptionCode.VendorIdentifyingVendorSpecific, out data, out offset, out length))
            {
                try
                {
                    DhcpVendorBlock.Check(data, offset, length);
                    options.MacAddress = ReadMac(data, offset, length, enterpriseNumber);
                }
                catch (DhcpFormatException e)
                {
                    if (data == message.Buffer)
                    {
                        throw;
                    }

                    throw message.Relocate(DhcpOptionCode.VendorIdentifyingVendorSpecific, data, offset, e);
                }

                options.PhoneNumber = SubOptionText(data, offset, length, enterpriseNumber, SubOptionPhoneNumber);
                options.AdditionalPhoneNumber = SubOptionText(data, offset, length, enterpriseNumber, SubOptionAdditionalPhoneNumber);
                options.SipDomain = SubOptionText(data, offset, length, enterpriseNumber, SubOptionSipDomain);
                options.ManagementServer = SubOptionText(data, offset, length, enterpriseNumber, SubOptionManagementServer);
                options.Gatekeeper = SubOptionText(data, offset, length, enterpriseNumber, SubOptionGatekeeper);
                if (data == message.Buffer)
                {
                    options._vendorValue = new byte[length];
                    System.Array.Copy(data, offset, options._vendorValue, 0, length);
                }
                else
                {
                    options._vendorValue = data;
                }
            }

            options.ConfigServerName = message.GetText(DhcpOptionCode.TftpServerName);
            if (options.ConfigServerName == null)
            {
                options.ConfigServerName = message.GetServerHostName();
            }

            options.BootFile = message.GetText(DhcpOptionCode.BootFileName);
            if (options.BootFile == null)
            {
                options.BootFile = message.GetBootFileName();
            }

            options.ConfigServerAddresses = message.GetAddresses(DhcpOptionCode.TftpServerAddress);
            options.NtpServers = message.GetAddresses(DhcpOptionCode.NtpServers);
            options.VendorSpecific = message.GetBytes(DhcpOptionCode.VendorSpecific);
            return options;
        }

        private static string SubOptionText(byte[] data, int offset, int length, uint enterpriseNumber, byte code)
        {
            return DhcpVendorBlock.TryFindSubOption(data, offset, length, enterpriseNumber, code, out var valueOffset, out var valueLength)
                ? DhcpText.Decode(data, valueOffset, valueLength)
                : null;
        }

        /// <summary>Reads sub-option 201 from a checked option 125 value; error offsets index <paramref name="data"/>.</summary>
        private static byte[] ReadMac(byte[] data, int offset, int length, uint enterpriseNumber)
        {
            if (!DhcpVendorBlock.TryFindSubOption(data, offset, length, enterpriseNumber, SubOptionMacAddress, out var at, out var size))
            {
                return null;
            }

            var mac = new byte[6];
            if (size == 6)
            {
                System.Array.Copy(data, at, mac, 0, 6);
                return mac;
            }

            var separated = size == 17;
            if (!separated && size != 12)
            {
                throw MacError(enterpriseNumber, at - 1, "length " + size.ToString() + " is neither 6 bytes nor 12 or 17 chars of text");
            }

            var step = separated ? 3 : 2;
            for (var i = 0; i < 6; i++)
            {
                var pair = at + step * i;
                var high = HexValue(data[pair]);
                var low = HexValue(data[pair + 1]);
                if (high < 0 || low < 0)
                {
                    throw MacError(enterpriseNumber, high < 0 ? pair : pair + 1, "not a hex digit");
                }

                if (separated && i < 5 && (data[pair + 2] != data[at + 2] || (data[pair + 2] != ':' && data[pair + 2] != '-')))
                {
                    throw MacError(enterpriseNumber, pair + 2, "separator must be ':' or '-' throughout");
                }

                mac[i] = (byte)((high << 4) | low);
            }

            return mac;
        }

        private static DhcpFormatException MacError(uint enterpriseNumber, int offset, string reason)
        {
            return new DhcpFormatException(DhcpVendorBlock.SubOptionName(enterpriseNumber, SubOptionMacAddress), offset, reason);
        }

        private static int HexValue(byte c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            return -1;
        }
    }
}
