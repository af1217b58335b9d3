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

        // Layout of our block when VendorBlocks rebuilds it: the order of its sub-options in the low bits, 3 bits
        // each (1-based index into OwnSubOptions, first sub-option lowest), the form of the MAC, the block's index
        // among all blocks, and Rebuilt so that a layout is never 0 (0: option 125 kept whole).
        private const int OrderBits = 18;
        private const int MacFormShift = 18;
        private const int BlockIndexShift = 21;
        private const int Rebuilt = 1 << 30;

        // Forms of sub-option 201 on the wire; MacUpperCase is added to a text form with hex letters in upper case.
        private const int MacRaw = 0;
        private const int MacHex = 1;
        private const int MacColons = 2;
        private const int MacDashes = 3;
        private const int MacUpperCase = 4;

        private static readonly byte[] OwnSubOptions = new byte[]
        {
            SubOptionMacAddress, SubOptionPhoneNumber, SubOptionAdditionalPhoneNumber, SubOptionSipDomain, SubOptionManagementServer, SubOptionGatekeeper,
        };

        private static readonly byte[] NoBytes = new byte[0];

        // Option 125 as received; or, when our block can be rebuilt exactly from the typed fields (_ownLayout != 0),
        // only the other enterprises' blocks, so the usual reply costs no copy of what the fields already hold.
        private byte[] _vendorValue;
        private int _ownLayout;
        private uint _enterpriseNumber;
        private long _ownMac;
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
        /// Decoded on first use from what was kept of the option, so a client that never looks pays nothing.
        /// </summary>
        public DhcpVendorBlock[] VendorBlocks
        {
            get
            {
                if (_vendorBlocks == null && _vendorValue != null)
                {
                    var kept = DhcpVendorBlock.Decode(_vendorValue, 0, _vendorValue.Length);
                    if (_ownLayout == 0)
                    {
                        _vendorBlocks = kept;
                    }
                    else
                    {
                        var index = (_ownLayout >> BlockIndexShift) & 0xFF;
                        var blocks = new DhcpVendorBlock[kept.Length + 1];
                        System.Array.Copy(kept, 0, blocks, 0, index);
                        blocks[index] = RebuildOwnBlock();
                        System.Array.Copy(kept, index, blocks, index + 1, kept.Length - index);
                        _vendorBlocks = blocks;
                    }
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
                    options.KeepVendorValue(data, offset, length, enterpriseNumber);
                }
                else
                {
                    // Already a copy (the option was split), so keeping it whole costs nothing more.
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

        /// <summary>
        /// Keeps what <see cref="VendorBlocks"/> needs of a checked option 125 value: the whole value, or, when our
        /// block can be rebuilt byte for byte from the typed fields, only the other blocks and our block's layout.
        /// </summary>
        private void KeepVendorValue(byte[] data, int offset, int length, uint enterpriseNumber)
        {
            var layout = OwnBlockLayout(data, offset, length, enterpriseNumber, out var ownStart, out var ownEnd);
            if (layout == 0)
            {
                _vendorValue = new byte[length];
                System.Array.Copy(data, offset, _vendorValue, 0, length);
                return;
            }

            var end = offset + length;
            var rest = length - (ownEnd - ownStart);
            _vendorValue = rest == 0 ? NoBytes : new byte[rest];
            System.Array.Copy(data, offset, _vendorValue, 0, ownStart - offset);
            System.Array.Copy(data, ownEnd, _vendorValue, ownStart - offset, end - ownEnd);
            _ownLayout = layout;
            _enterpriseNumber = enterpriseNumber;
            if (MacAddress != null)
            {
                // A copy of its own, so a caller writing into MacAddress cannot change what VendorBlocks returns.
                for (var i = 0; i < 6; i++)
                {
                    _ownMac = (_ownMac << 8) | MacAddress[i];
                }
            }
        }

        /// <summary>
        /// The layout of our block (see the constants), or 0 when it cannot be rebuilt exactly from the typed fields:
        /// no block or several blocks of ours, a sub-option code without a typed field or given twice, text that is
        /// not plain ASCII (decoding would change it), or a text MAC mixing upper- and lower-case hex letters.
        /// </summary>
        private static int OwnBlockLayout(byte[] data, int offset, int length, uint enterpriseNumber, out int ownStart, out int ownEnd)
        {
            ownStart = -1;
            ownEnd = -1;
            var layout = 0;
            var end = offset + length;
            var index = 0;
            for (var block = offset; block < end; block += 5 + data[block + 4], index++)
            {
                if (DhcpAddress.Read(data, block) != enterpriseNumber)
                {
                    continue;
                }

                if (ownStart >= 0)
                {
                    return 0;
                }

                ownStart = block;
                ownEnd = block + 5 + data[block + 4];
                layout = Rebuilt | (index << BlockIndexShift);
                var seen = 0;
                var shift = 0;
                for (var sub = block + 5; sub < ownEnd; sub += 2 + data[sub + 1])
                {
                    var known = OwnSubOptionIndex(data[sub]);
                    if (known == 0 || (seen & (1 << known)) != 0)
                    {
                        return 0;
                    }

                    seen |= 1 << known;
                    if (data[sub] == SubOptionMacAddress)
                    {
                        var form = MacForm(data, sub + 2, data[sub + 1]);
                        if (form < 0)
                        {
                            return 0;
                        }

                        layout |= form << MacFormShift;
                    }
                    else if (!IsPlainAscii(data, sub + 2, data[sub + 1]))
                    {
                        return 0;
                    }

                    layout |= known << shift;
                    shift += 3;
                }
            }

            return ownStart < 0 ? 0 : layout;
        }

        /// <summary>Our block as received, from the typed fields and the layout recorded by <see cref="KeepVendorValue"/>.</summary>
        private DhcpVendorBlock RebuildOwnBlock()
        {
            var order = _ownLayout & ((1 << OrderBits) - 1);
            var length = 0;
            for (var rest = order; rest != 0; rest >>= 3)
            {
                length += 2 + OwnValueLength(OwnSubOptions[(rest & 7) - 1]);
            }

            var data = new byte[length];
            var position = 0;
            for (var rest = order; rest != 0; rest >>= 3)
            {
                var code = OwnSubOptions[(rest & 7) - 1];
                var size = OwnValueLength(code);
                data[position] = code;
                data[position + 1] = (byte)size;
                if (code == SubOptionMacAddress)
                {
                    WriteMac(data, position + 2);
                }
                else
                {
                    // Plain ASCII (checked when kept), so each char is the byte received.
                    var text = OwnText(code);
                    for (var i = 0; i < size; i++)
                    {
                        data[position + 2 + i] = (byte)text[i];
                    }
                }

                position += 2 + size;
            }

            return new DhcpVendorBlock(_enterpriseNumber, data);
        }

        private int OwnValueLength(byte code)
        {
            if (code != SubOptionMacAddress)
            {
                return OwnText(code).Length;
            }

            var kind = (_ownLayout >> MacFormShift) & 7 & ~MacUpperCase;
            return kind == MacRaw ? 6 : kind == MacHex ? 12 : 17;
        }

        private string OwnText(byte code)
        {
            switch (code)
            {
                case SubOptionPhoneNumber:
                    return PhoneNumber;
                case SubOptionAdditionalPhoneNumber:
                    return AdditionalPhoneNumber;
                case SubOptionSipDomain:
                    return SipDomain;
                case SubOptionManagementServer:
                    return ManagementServer;
                default:
                    return Gatekeeper;
            }
        }

        /// <summary>Writes sub-option 201's value in the form it was received in.</summary>
        private void WriteMac(byte[] data, int at)
        {
            var form = (_ownLayout >> MacFormShift) & 7;
            var kind = form & ~MacUpperCase;
            var letters = (form & MacUpperCase) != 0 ? 'A' : 'a';
            var step = kind == MacHex ? 2 : 3;
            for (var i = 0; i < 6; i++)
            {
                var value = (byte)(_ownMac >> (8 * (5 - i)));
                if (kind == MacRaw)
                {
                    data[at + i] = value;
                    continue;
                }

                data[at + step * i] = HexDigit(value >> 4, letters);
                data[at + step * i + 1] = HexDigit(value & 0xF, letters);
                if (step == 3 && i < 5)
                {
                    data[at + step * i + 2] = (byte)(kind == MacColons ? ':' : '-');
                }
            }
        }

        private static byte HexDigit(int value, char letters)
        {
            return (byte)(value < 10 ? '0' + value : letters + value - 10);
        }

        /// <summary>The form of a sub-option 201 already accepted by <see cref="ReadMac"/>, or -1 when its case is mixed.</summary>
        private static int MacForm(byte[] data, int at, int size)
        {
            if (size == 6)
            {
                return MacRaw;
            }

            var lower = false;
            var upper = false;
            for (var i = at; i < at + size; i++)
            {
                lower |= data[i] >= 'a' && data[i] <= 'f';
                upper |= data[i] >= 'A' && data[i] <= 'F';
            }

            if (lower && upper)
            {
                return -1;
            }

            var kind = size == 12 ? MacHex : data[at + 2] == ':' ? MacColons : MacDashes;
            return upper ? kind | MacUpperCase : kind;
        }

        /// <summary>True when every byte is ASCII other than NUL, so decoding and encoding again gives the same bytes.</summary>
        private static bool IsPlainAscii(byte[] data, int at, int size)
        {
            for (var i = at; i < at + size; i++)
            {
                if (data[i] == 0 || data[i] > 0x7F)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>1-based index of a sub-option code in <see cref="OwnSubOptions"/>, 0 when it has no typed field.</summary>
        private static int OwnSubOptionIndex(byte code)
        {
            for (var i = 0; i < OwnSubOptions.Length; i++)
            {
                if (OwnSubOptions[i] == code)
                {
                    return i + 1;
                }
            }

            return 0;
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
                var high = Bytes.HexValue(data[pair]);
                var low = Bytes.HexValue(data[pair + 1]);
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
    }
}
