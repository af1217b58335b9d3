using System;

namespace DeviceAgent.Dhcp
{
    /// <summary>
    /// Builds a DHCP message (RFC 2131 §2) for either side: the factories fill in the header and the options
    /// RFC 2131 §4.3.1 table 3 (server) and §4.4.1 table 5 (client) require for each message type; further options
    /// are added with the Add methods and the result is written with <see cref="WriteTo"/> or <see cref="ToArray"/>.
    /// Values longer than 255 bytes are split over consecutive instances of the option (RFC 3396 §6); all options go
    /// in the options field (the writer never overloads 'file' or 'sname').
    /// </summary>
    public sealed class DhcpMessageWriter
    {
        /// <summary>Messages are padded to this length, the BOOTP minimum that some relays insist on (RFC 1542 §2.1).</summary>
        public const int MinimumLength = 300;

        private readonly byte[] _chaddr;
        private byte[] _options;
        private int _optionsLength;

        /// <summary>
        /// Starts a message with option 53 set to <paramref name="type"/> and op chosen from it (reply for OFFER, ACK,
        /// NAK and FORCERENEW, request otherwise).
        /// </summary>
        /// <param name="type">The DHCP message type.</param>
        /// <param name="transactionId">xid.</param>
        /// <param name="clientHardwareAddress">chaddr, up to 16 bytes; its length becomes hlen.</param>
        /// <exception cref="ArgumentException">The hardware address is null or longer than 16 bytes.</exception>
        public DhcpMessageWriter(DhcpMessageType type, uint transactionId, byte[] clientHardwareAddress)
        {
            if (clientHardwareAddress == null || clientHardwareAddress.Length > DhcpMessage.ChaddrLength)
            {
                throw new ArgumentException("chaddr must be 0 to 16 bytes");
            }

            _chaddr = (byte[])clientHardwareAddress.Clone();
            _options = new byte[64];
            Op = type == DhcpMessageType.Offer || type == DhcpMessageType.Ack || type == DhcpMessageType.Nak || type == DhcpMessageType.ForceRenew
                ? DhcpMessage.BootReply
                : DhcpMessage.BootRequest;
            HardwareType = DhcpMessage.HardwareTypeEthernet;
            TransactionId = transactionId;
            AddByte(DhcpOptionCode.MessageType, (byte)type);
        }

        /// <summary>op: <see cref="DhcpMessage.BootRequest"/> or <see cref="DhcpMessage.BootReply"/>.</summary>
        public byte Op { get; set; }

        /// <summary>htype, 1 (Ethernet) unless set.</summary>
        public byte HardwareType { get; set; }

        /// <summary>hops.</summary>
        public byte Hops { get; set; }

        /// <summary>xid.</summary>
        public uint TransactionId { get; set; }

        /// <summary>secs, seconds since the client began acquisition or renewal.</summary>
        public ushort Seconds { get; set; }

        /// <summary>flags; see <see cref="DhcpMessage.BroadcastFlag"/>.</summary>
        public ushort Flags { get; set; }

        /// <summary>ciaddr.</summary>
        public uint ClientAddress { get; set; }

        /// <summary>yiaddr.</summary>
        public uint YourAddress { get; set; }

        /// <summary>siaddr, the next server (e.g. TFTP).</summary>
        public uint ServerAddress { get; set; }

        /// <summary>giaddr.</summary>
        public uint RelayAgentAddress { get; set; }

        /// <summary>'sname' header text (at most 63 chars, NUL-terminated on the wire), or null.</summary>
        public string ServerHostName { get; set; }

        /// <summary>'file' header text (at most 127 chars, NUL-terminated on the wire), or null.</summary>
        public string BootFileName { get; set; }

        /// <summary>Length in bytes of the message <see cref="WriteTo"/> will write.</summary>
        public int Length
        {
            get
            {
                var length = DhcpMessage.OptionsOffset + _optionsLength + 1;
                return length < MinimumLength ? MinimumLength : length;
            }
        }

        /// <summary>DHCPDISCOVER: asks for the VoIP parameter request list.</summary>
        public static DhcpMessageWriter Discover(uint transactionId, byte[] clientHardwareAddress)
        {
            var writer = new DhcpMessageWriter(DhcpMessageType.Discover, transactionId, clientHardwareAddress);
            writer.AddBytes(DhcpOptionCode.ParameterRequestList, DhcpOptionCode.VoipParameterRequestList);
            return writer;
        }

        /// <summary>
        /// DHCPREQUEST in SELECTING (server identifier of the chosen offer) or INIT-REBOOT (serverIdentifier
        /// <see cref="DhcpAddress.None"/>): requested address in option 50, ciaddr zero.
        /// </summary>
        public static DhcpMessageWriter Request(uint transactionId, byte[] clientHardwareAddress, uint requestedAddress, uint serverIdentifier)
        {
            var writer = new DhcpMessageWriter(DhcpMessageType.Request, transactionId, clientHardwareAddress);
            writer.AddAddress(DhcpOptionCode.RequestedAddress, requestedAddress);
            if (serverIdentifier != DhcpAddress.None)
            {
                writer.AddAddress(DhcpOptionCode.ServerIdentifier, serverIdentifier);
            }

            writer.AddBytes(DhcpOptionCode.ParameterRequestList, DhcpOptionCode.VoipParameterRequestList);
            return writer;
        }

        /// <summary>DHCPREQUEST in RENEWING or REBINDING: ciaddr is the leased address, no options 50 and 54.</summary>
        public static DhcpMessageWriter Renew(uint transactionId, byte[] clientHardwareAddress, uint clientAddress)
        {
            var writer = new DhcpMessageWriter(DhcpMessageType.Request, transactionId, clientHardwareAddress);
            writer.ClientAddress = clientAddress;
            writer.AddBytes(DhcpOptionCode.ParameterRequestList, DhcpOptionCode.VoipParameterRequestList);
            return writer;
        }

        /// <summary>DHCPDECLINE: the offered address is in use (options 50 and 54, ciaddr zero).</summary>
        public static DhcpMessageWriter Decline(uint transactionId, byte[] clientHardwareAddress, uint declinedAddress, uint serverIdentifier)
        {
            var writer = new DhcpMessageWriter(DhcpMessageType.Decline, transactionId, clientHardwareAddress);
            writer.AddAddress(DhcpOptionCode.RequestedAddress, declinedAddress);
            writer.AddAddress(DhcpOptionCode.ServerIdentifier, serverIdentifier);
            return writer;
        }

        /// <summary>DHCPRELEASE: ciaddr is the released address, option 54 names the server.</summary>
        public static DhcpMessageWriter Release(uint transactionId, byte[] clientHardwareAddress, uint clientAddress, uint serverIdentifier)
        {
            var writer = new DhcpMessageWriter(DhcpMessageType.Release, transactionId, clientHardwareAddress);
            writer.ClientAddress = clientAddress;
            writer.AddAddress(DhcpOptionCode.ServerIdentifier, serverIdentifier);
            return writer;
        }

        /// <summary>DHCPINFORM: the client has an address (ciaddr) and asks only for parameters.</summary>
        public static DhcpMessageWriter Inform(uint transactionId, byte[] clientHardwareAddress, uint clientAddress)
        {
            var writer = new DhcpMessageWriter(DhcpMessageType.Inform, transactionId, clientHardwareAddress);
            writer.ClientAddress = clientAddress;
            writer.AddBytes(DhcpOptionCode.ParameterRequestList, DhcpOptionCode.VoipParameterRequestList);
            return writer;
        }

        /// <summary>DHCPOFFER answering <paramref name="request"/>: xid, flags, giaddr and chaddr copied from it.</summary>
        public static DhcpMessageWriter Offer(DhcpMessage request, uint yourAddress, uint serverIdentifier)
        {
            var writer = Reply(DhcpMessageType.Offer, request, serverIdentifier);
            writer.YourAddress = yourAddress;
            return writer;
        }

        /// <summary>
        /// DHCPACK answering <paramref name="request"/>; ciaddr is copied from it, and yourAddress is
        /// <see cref="DhcpAddress.None"/> when acknowledging a DHCPINFORM.
        /// </summary>
        public static DhcpMessageWriter Ack(DhcpMessage request, uint yourAddress, uint serverIdentifier)
        {
            var writer = Reply(DhcpMessageType.Ack, request, serverIdentifier);
            writer.ClientAddress = request.ClientAddress;
            writer.YourAddress = yourAddress;
            return writer;
        }

        /// <summary>DHCPNAK answering <paramref name="request"/>: all addresses zero but giaddr.</summary>
        public static DhcpMessageWriter Nak(DhcpMessage request, uint serverIdentifier)
        {
            return Reply(DhcpMessageType.Nak, request, serverIdentifier);
        }

        /// <summary>
        /// DHCPFORCERENEW (RFC 3203), unicast to a bound client: ciaddr is its address. RFC 3203 §6 and RFC 6704 want
        /// it authenticated; the server adds option 90 with <see cref="AddOption"/>.
        /// </summary>
        public static DhcpMessageWriter ForceRenew(uint transactionId, byte[] clientHardwareAddress, uint clientAddress, uint serverIdentifier)
        {
            var writer = new DhcpMessageWriter(DhcpMessageType.ForceRenew, transactionId, clientHardwareAddress);
            writer.ClientAddress = clientAddress;
            writer.AddAddress(DhcpOptionCode.ServerIdentifier, serverIdentifier);
            return writer;
        }

        /// <summary>
        /// Adds an option with a value of any length: over 255 bytes it is split into consecutive instances that the
        /// reader concatenates (RFC 3396). A zero-length value gives one empty instance.
        /// </summary>
        /// <exception cref="ArgumentException">code is pad or end, or the range lies outside value.</exception>
        public void AddOption(byte code, byte[] value, int offset, int length)
        {
            if (code == DhcpOptionCode.Pad || code == DhcpOptionCode.End)
            {
                throw new ArgumentException("pad and end are not options with values");
            }

            if (value == null || offset < 0 || length < 0 || offset > value.Length - length)
            {
                throw new ArgumentException("option " + code.ToString() + ": offset and length must lie within the value");
            }

            var instances = length == 0 ? 1 : (length + 254) / 255;
            Reserve(length + 2 * instances);
            do
            {
                var chunk = length > 255 ? 255 : length;
                _options[_optionsLength++] = code;
                _options[_optionsLength++] = (byte)chunk;
                Array.Copy(value, offset, _options, _optionsLength, chunk);
                _optionsLength += chunk;
                offset += chunk;
                length -= chunk;
            }
            while (length > 0);
        }

        /// <summary>Adds an option holding a whole array.</summary>
        public void AddBytes(byte code, byte[] value)
        {
            AddOption(code, value, 0, value == null ? -1 : value.Length);
        }

        /// <summary>Adds a one-byte option.</summary>
        public void AddByte(byte code, byte value)
        {
            Reserve(3);
            _options[_optionsLength++] = code;
            _options[_optionsLength++] = 1;
            _options[_optionsLength++] = value;
        }

        /// <summary>Adds a 16-bit option in network order.</summary>
        public void AddUInt16(byte code, ushort value)
        {
            Reserve(4);
            _options[_optionsLength++] = code;
            _options[_optionsLength++] = 2;
            _options[_optionsLength++] = (byte)(value >> 8);
            _options[_optionsLength++] = (byte)value;
        }

        /// <summary>Adds a 32-bit option in network order (times, e.g. 51, 58, 59).</summary>
        public void AddUInt32(byte code, uint value)
        {
            Reserve(6);
            _options[_optionsLength++] = code;
            _options[_optionsLength++] = 4;
            DhcpAddress.Write(value, _options, _optionsLength);
            _optionsLength += 4;
        }

        /// <summary>Adds a single-address option.</summary>
        public void AddAddress(byte code, uint address)
        {
            AddUInt32(code, address);
        }

        /// <summary>Adds an address-list option.</summary>
        /// <exception cref="ArgumentException">No addresses.</exception>
        public void AddAddresses(byte code, uint[] addresses)
        {
            if (addresses == null || addresses.Length == 0)
            {
                throw new ArgumentException("option " + code.ToString() + " needs at least one address");
            }

            var value = new byte[4 * addresses.Length];
            for (var i = 0; i < addresses.Length; i++)
            {
                DhcpAddress.Write(addresses[i], value, 4 * i);
            }

            AddBytes(code, value);
        }

        /// <summary>Adds a text option as UTF-8 (plain ASCII for RFC 2132 §2 text), without a terminating NUL.</summary>
        public void AddText(byte code, string text)
        {
            AddBytes(code, DhcpText.Encode(text));
        }

        /// <summary>Adds option 120 with domain names (enc 0).</summary>
        public void AddSipServerNames(string[] names)
        {
            AddBytes(DhcpOptionCode.SipServers, DhcpSipServers.EncodeNames(names));
        }

        /// <summary>Adds option 120 with addresses (enc 1).</summary>
        public void AddSipServerAddresses(uint[] addresses)
        {
            AddBytes(DhcpOptionCode.SipServers, DhcpSipServers.EncodeAddresses(addresses));
        }

        /// <summary>Adds option 125 with the given enterprise blocks.</summary>
        public void AddVendorBlocks(DhcpVendorBlock[] blocks)
        {
            AddBytes(DhcpOptionCode.VendorIdentifyingVendorSpecific, DhcpVendorBlock.Encode(blocks));
        }

        /// <summary>Writes the message and returns its length (<see cref="Length"/>).</summary>
        /// <exception cref="ArgumentException">The buffer has no room from offset for <see cref="Length"/> bytes,
        /// or a header text is too long.</exception>
        public int WriteTo(byte[] buffer, int offset)
        {
            var length = Length;
            if (buffer == null || offset < 0 || offset > buffer.Length - length)
            {
                throw new ArgumentException("the buffer needs " + length.ToString() + " bytes from offset");
            }

            Array.Clear(buffer, offset, length);
            buffer[offset] = Op;
            buffer[offset + 1] = HardwareType;
            buffer[offset + 2] = (byte)_chaddr.Length;
            buffer[offset + 3] = Hops;
            DhcpAddress.Write(TransactionId, buffer, offset + 4);
            buffer[offset + 8] = (byte)(Seconds >> 8);
            buffer[offset + 9] = (byte)Seconds;
            buffer[offset + 10] = (byte)(Flags >> 8);
            buffer[offset + 11] = (byte)Flags;
            DhcpAddress.Write(ClientAddress, buffer, offset + 12);
            DhcpAddress.Write(YourAddress, buffer, offset + 16);
            DhcpAddress.Write(ServerAddress, buffer, offset + 20);
            DhcpAddress.Write(RelayAgentAddress, buffer, offset + 24);
            Array.Copy(_chaddr, 0, buffer, offset + DhcpMessage.ChaddrOffset, _chaddr.Length);
            WriteHeaderText(ServerHostName, "sname", buffer, offset + DhcpMessage.ServerNameOffset, DhcpMessage.ServerNameLength);
            WriteHeaderText(BootFileName, "file", buffer, offset + DhcpMessage.FileOffset, DhcpMessage.FileLength);
            DhcpAddress.Write(DhcpMessage.MagicCookie, buffer, offset + DhcpMessage.FixedHeaderLength);
            Array.Copy(_options, 0, buffer, offset + DhcpMessage.OptionsOffset, _optionsLength);
            buffer[offset + DhcpMessage.OptionsOffset + _optionsLength] = DhcpOptionCode.End;
            return length;
        }

        /// <summary>The message as a new array of <see cref="Length"/> bytes.</summary>
        public byte[] ToArray()
        {
            var message = new byte[Length];
            WriteTo(message, 0);
            return message;
        }

        private static DhcpMessageWriter Reply(DhcpMessageType type, DhcpMessage request, uint serverIdentifier)
        {
            var writer = new DhcpMessageWriter(type, request.TransactionId, request.GetClientHardwareAddress());
            writer.HardwareType = request.HardwareType;
            writer.Flags = request.Flags;
            writer.RelayAgentAddress = request.RelayAgentAddress;
            writer.AddAddress(DhcpOptionCode.ServerIdentifier, serverIdentifier);
            return writer;
        }

        private static void WriteHeaderText(string text, string field, byte[] buffer, int offset, int size)
        {
            if (text == null)
            {
                return;
            }

            var bytes = DhcpText.Encode(text);
            if (bytes.Length >= size)
            {
                throw new ArgumentException(field + " text must be shorter than " + size.ToString() + " bytes");
            }

            Array.Copy(bytes, 0, buffer, offset, bytes.Length);
        }

        private void Reserve(int extra)
        {
            if (_optionsLength + extra <= _options.Length)
            {
                return;
            }

            var size = _options.Length * 2;
            while (size < _optionsLength + extra)
            {
                size *= 2;
            }

            var grown = new byte[size];
            Array.Copy(_options, grown, _optionsLength);
            _options = grown;
        }
    }
}
