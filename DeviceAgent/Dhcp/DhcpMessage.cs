using System;

namespace DeviceAgent.Dhcp
{
    /// <summary>
    /// A received DHCP message (RFC 2131 §2), read in place from the caller's buffer. <see cref="Read"/> checks the
    /// fixed header, the magic cookie and the layout of every option; typed accessors then decode one option on
    /// demand and check its value. The message keeps a reference to the buffer: do not reuse the buffer while the
    /// message is in use, and copy out (e.g. with <see cref="DhcpVoipOptions.FromMessage"/>) what must outlive it.
    /// </summary>
    /// <remarks>
    /// Options split over several instances are concatenated as RFC 3396 says, in the order options field, 'file',
    /// 'sname'; a copy is made only for a value that is actually split. Every malformed input raises
    /// <see cref="DhcpFormatException"/> with the field and the offset in the caller's buffer.
    /// </remarks>
    public sealed class DhcpMessage
    {
        /// <summary>op value of a message from client to server.</summary>
        public const byte BootRequest = 1;

        /// <summary>op value of a message from server to client.</summary>
        public const byte BootReply = 2;

        /// <summary>htype of Ethernet (and of Wi-Fi, which presents itself as Ethernet).</summary>
        public const byte HardwareTypeEthernet = 1;

        /// <summary>The broadcast bit of 'flags' (RFC 2131 §2, figure 2).</summary>
        public const ushort BroadcastFlag = 0x8000;

        /// <summary>The magic cookie 99.130.83.99 that starts the options (RFC 2131 §3).</summary>
        public const uint MagicCookie = 0x63825363;

        /// <summary>Length of the fixed BOOTP header before the magic cookie.</summary>
        public const int FixedHeaderLength = 236;

        /// <summary>Offset of the first option from the message start: fixed header plus magic cookie.</summary>
        public const int OptionsOffset = 240;

        internal const int ChaddrOffset = 28;
        internal const int ChaddrLength = 16;
        internal const int ServerNameOffset = 44;
        internal const int ServerNameLength = 64;
        internal const int FileOffset = 108;
        internal const int FileLength = 128;

        private readonly byte[] _buffer;
        private readonly int _offset;
        private readonly int _count;
        private readonly int _overload;
        private readonly DhcpMessageType _messageType;

        private DhcpMessage(byte[] buffer, int offset, int count, int overload)
        {
            _buffer = buffer;
            _offset = offset;
            _count = count;
            _overload = overload;
            _messageType = DhcpMessageType.None;
            if (TryGetByte(DhcpOptionCode.MessageType, out var type))
            {
                _messageType = (DhcpMessageType)type;
            }
        }

        /// <summary>The buffer the message was read from.</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Index of the message's first byte in <see cref="Buffer"/>.</summary>
        public int Offset
        {
            get { return _offset; }
        }

        /// <summary>Length of the message in bytes.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>op: <see cref="BootRequest"/> or <see cref="BootReply"/>.</summary>
        public byte Op
        {
            get { return _buffer[_offset]; }
        }

        /// <summary>htype, hardware address type (1 = Ethernet).</summary>
        public byte HardwareType
        {
            get { return _buffer[_offset + 1]; }
        }

        /// <summary>hlen, length of the hardware address in chaddr (0 to 16, checked by <see cref="Read"/>).</summary>
        public byte HardwareAddressLength
        {
            get { return _buffer[_offset + 2]; }
        }

        /// <summary>hops, set by relay agents.</summary>
        public byte Hops
        {
            get { return _buffer[_offset + 3]; }
        }

        /// <summary>xid, chosen by the client to match replies to its requests.</summary>
        public uint TransactionId
        {
            get { return DhcpAddress.Read(_buffer, _offset + 4); }
        }

        /// <summary>secs, seconds since the client began acquisition or renewal.</summary>
        public ushort Seconds
        {
            get { return ReadUInt16(_offset + 8); }
        }

        /// <summary>flags; only <see cref="BroadcastFlag"/> is defined.</summary>
        public ushort Flags
        {
            get { return ReadUInt16(_offset + 10); }
        }

        /// <summary>True when the broadcast bit of flags is set.</summary>
        public bool IsBroadcast
        {
            get { return (Flags & BroadcastFlag) != 0; }
        }

        /// <summary>ciaddr, the client's address when it already has one (BOUND, RENEWING, REBINDING, INFORM).</summary>
        public uint ClientAddress
        {
            get { return DhcpAddress.Read(_buffer, _offset + 12); }
        }

        /// <summary>yiaddr, the address the server offers or assigns.</summary>
        public uint YourAddress
        {
            get { return DhcpAddress.Read(_buffer, _offset + 16); }
        }

        /// <summary>siaddr, the next server to use in bootstrap (often the TFTP server).</summary>
        public uint ServerAddress
        {
            get { return DhcpAddress.Read(_buffer, _offset + 20); }
        }

        /// <summary>giaddr, the relay agent address.</summary>
        public uint RelayAgentAddress
        {
            get { return DhcpAddress.Read(_buffer, _offset + 24); }
        }

        /// <summary>Option 53, or <see cref="DhcpMessageType.None"/> for a BOOTP message without it.</summary>
        public DhcpMessageType MessageType
        {
            get { return _messageType; }
        }

        /// <summary>Option 52: 0 none, 1 'file' holds options, 2 'sname' holds options, 3 both.</summary>
        public int Overload
        {
            get { return _overload; }
        }

        /// <summary>
        /// Reads a message: checks the fixed header, the magic cookie and that every option lies within its field.
        /// </summary>
        /// <param name="buffer">Bytes received; kept by reference, see the class remarks.</param>
        /// <param name="offset">Index of the message's first byte.</param>
        /// <param name="count">Number of bytes in the message.</param>
        /// <exception cref="ArgumentNullException"><paramref name="buffer"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">offset and count do not lie within buffer.</exception>
        /// <exception cref="DhcpFormatException">The bytes are not a well-formed DHCP message.</exception>
        public static DhcpMessage Read(byte[] buffer, int offset, int count)
        {
            var scanner = new DhcpOptionScanner(buffer, offset, count);
            if (buffer[offset + 2] > ChaddrLength)
            {
                throw new DhcpFormatException("chaddr", offset + 2, "hlen " + buffer[offset + 2].ToString() + " exceeds the 16-byte field");
            }

            while (scanner.MoveNext())
            {
            }

            return new DhcpMessage(buffer, offset, count, scanner.Overload);
        }

        /// <summary>A scanner over this message's option instances, allocating nothing.</summary>
        public DhcpOptionScanner GetOptions()
        {
            return new DhcpOptionScanner(_buffer, _offset, _count);
        }

        /// <summary>Copies chaddr (hlen bytes) into <paramref name="destination"/> and returns hlen.</summary>
        public int CopyClientHardwareAddress(byte[] destination, int offset)
        {
            var length = HardwareAddressLength;
            Array.Copy(_buffer, _offset + ChaddrOffset, destination, offset, length);
            return length;
        }

        /// <summary>chaddr as a new array of hlen bytes.</summary>
        public byte[] GetClientHardwareAddress()
        {
            var address = new byte[HardwareAddressLength];
            CopyClientHardwareAddress(address, 0);
            return address;
        }

        /// <summary>True when hlen equals the length of <paramref name="address"/> and chaddr holds those bytes.</summary>
        public bool ClientHardwareAddressEquals(byte[] address)
        {
            if (address == null || address.Length != HardwareAddressLength)
            {
                return false;
            }

            for (var i = 0; i < address.Length; i++)
            {
                if (_buffer[_offset + ChaddrOffset + i] != address[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The 'sname' header field as text, or null when empty or when it carries options (option 52).</summary>
        public string GetServerHostName()
        {
            return (_overload & 2) != 0 ? null : HeaderText(_offset + ServerNameOffset, ServerNameLength);
        }

        /// <summary>The 'file' header field as text, or null when empty or when it carries options (option 52).</summary>
        public string GetBootFileName()
        {
            return (_overload & 1) != 0 ? null : HeaderText(_offset + FileOffset, FileLength);
        }

        /// <summary>True when at least one instance of the option is present.</summary>
        public bool HasOption(byte code)
        {
            var scanner = GetOptions();
            while (scanner.MoveNext())
            {
                if (scanner.Code == code)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Finds an option's value, concatenating its instances as RFC 3396 says. When the option occurs once the
        /// value is left in place (<paramref name="data"/> is <see cref="Buffer"/>, nothing is allocated); when it is
        /// split, <paramref name="data"/> is a new array holding the concatenation and <paramref name="offset"/> is 0.
        /// </summary>
        /// <returns>False when the option is absent (pad and end are never options).</returns>
        public bool TryGetOption(byte code, out byte[] data, out int offset, out int length)
        {
            data = null;
            offset = 0;
            length = 0;
            var instances = 0;
            var scanner = GetOptions();
            while (scanner.MoveNext())
            {
                if (scanner.Code != code)
                {
                    continue;
                }

                if (instances == 0)
                {
                    offset = scanner.ValueOffset;
                }

                instances++;
                length += scanner.Length;
            }

            if (instances == 0)
            {
                return false;
            }

            if (instances == 1)
            {
                data = _buffer;
                return true;
            }

            data = new byte[length];
            offset = 0;
            var copied = 0;
            scanner = GetOptions();
            while (scanner.MoveNext())
            {
                if (scanner.Code == code)
                {
                    Array.Copy(_buffer, scanner.ValueOffset, data, copied, scanner.Length);
                    copied += scanner.Length;
                }
            }

            return true;
        }

        /// <summary>A one-byte option (e.g. 53).</summary>
        /// <exception cref="DhcpFormatException">The value is not exactly one byte.</exception>
        public bool TryGetByte(byte code, out byte value)
        {
            value = 0;
            if (!TryGetFixed(code, 1, out var data, out var offset))
            {
                return false;
            }

            value = data[offset];
            return true;
        }

        /// <summary>A 16-bit option in network order (e.g. 57).</summary>
        /// <exception cref="DhcpFormatException">The value is not exactly two bytes.</exception>
        public bool TryGetUInt16(byte code, out ushort value)
        {
            value = 0;
            if (!TryGetFixed(code, 2, out var data, out var offset))
            {
                return false;
            }

            value = (ushort)((data[offset] << 8) | data[offset + 1]);
            return true;
        }

        /// <summary>A 32-bit option in network order (e.g. 51, 58, 59).</summary>
        /// <exception cref="DhcpFormatException">The value is not exactly four bytes.</exception>
        public bool TryGetUInt32(byte code, out uint value)
        {
            value = 0;
            if (!TryGetFixed(code, 4, out var data, out var offset))
            {
                return false;
            }

            value = DhcpAddress.Read(data, offset);
            return true;
        }

        /// <summary>A single-address option (e.g. 1, 50, 54); see <see cref="DhcpAddress"/> for the representation.</summary>
        /// <exception cref="DhcpFormatException">The value is not exactly four bytes.</exception>
        public bool TryGetAddress(byte code, out uint address)
        {
            return TryGetUInt32(code, out address);
        }

        /// <summary>An address-list option (e.g. 3, 6, 42, 150), in the order given; null when absent.</summary>
        /// <exception cref="DhcpFormatException">The length is zero or not a multiple of four.</exception>
        public uint[] GetAddresses(byte code)
        {
            if (!TryGetOption(code, out var data, out var offset, out var length))
            {
                return null;
            }

            if (length == 0 || length % 4 != 0)
            {
                throw new DhcpFormatException(OptionName(code), Locate(code, data, offset, 0), "length " + length.ToString() + " is not a positive multiple of 4");
            }

            return DecodeAddresses(data, offset, length);
        }

        /// <summary>A text option (e.g. 12, 15, 60, 66, 67) decoded byte per char; null when absent.</summary>
        public string GetText(byte code)
        {
            return TryGetOption(code, out var data, out var offset, out var length) ? DhcpText.Decode(data, offset, length) : null;
        }

        /// <summary>An opaque option (e.g. 43, 55, 61) as a new array; null when absent.</summary>
        public byte[] GetBytes(byte code)
        {
            if (!TryGetOption(code, out var data, out var offset, out var length))
            {
                return null;
            }

            if (data != _buffer)
            {
                return data;
            }

            var copy = new byte[length];
            Array.Copy(data, offset, copy, 0, length);
            return copy;
        }

        /// <summary>Option 120 (RFC 3361): SIP server domain names, or null when absent or IPv4-encoded.</summary>
        /// <exception cref="DhcpFormatException">The option is malformed (see <see cref="DhcpSipServers"/>).</exception>
        public string[] GetSipServerNames()
        {
            if (!TryGetOption(DhcpOptionCode.SipServers, out var data, out var offset, out var length))
            {
                return null;
            }

            try
            {
                return DhcpSipServers.DecodeNames(data, offset, length);
            }
            catch (DhcpFormatException e)
            {
                if (data == _buffer)
                {
                    throw;
                }

                throw Relocate(DhcpOptionCode.SipServers, data, offset, e);
            }
        }

        /// <summary>Option 120 (RFC 3361): SIP server addresses, or null when absent or name-encoded.</summary>
        /// <exception cref="DhcpFormatException">The option is malformed (see <see cref="DhcpSipServers"/>).</exception>
        public uint[] GetSipServerAddresses()
        {
            if (!TryGetOption(DhcpOptionCode.SipServers, out var data, out var offset, out var length))
            {
                return null;
            }

            try
            {
                return DhcpSipServers.DecodeAddresses(data, offset, length);
            }
            catch (DhcpFormatException e)
            {
                if (data == _buffer)
                {
                    throw;
                }

                throw Relocate(DhcpOptionCode.SipServers, data, offset, e);
            }
        }

        /// <summary>Option 125 (RFC 3925 §4): every enterprise block, in order; null when absent.</summary>
        /// <exception cref="DhcpFormatException">The option is malformed (see <see cref="DhcpVendorBlock.Decode"/>).</exception>
        public DhcpVendorBlock[] GetVendorBlocks()
        {
            if (!TryGetOption(DhcpOptionCode.VendorIdentifyingVendorSpecific, out var data, out var offset, out var length))
            {
                return null;
            }

            try
            {
                return DhcpVendorBlock.Decode(data, offset, length);
            }
            catch (DhcpFormatException e)
            {
                if (data == _buffer)
                {
                    throw;
                }

                throw Relocate(DhcpOptionCode.VendorIdentifyingVendorSpecific, data, offset, e);
            }
        }

        internal static string OptionName(byte code)
        {
            return "option " + code.ToString();
        }

        internal static uint[] DecodeAddresses(byte[] data, int offset, int length)
        {
            var addresses = new uint[length / 4];
            for (var i = 0; i < addresses.Length; i++)
            {
                addresses[i] = DhcpAddress.Read(data, offset + 4 * i);
            }

            return addresses;
        }

        /// <summary>Checks what every reader needs before touching options: room for the header and the cookie.</summary>
        internal static void CheckHeader(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException("count", "offset and count must lie within the buffer");
            }

            if (count < FixedHeaderLength)
            {
                throw new DhcpFormatException("header", offset + count, "truncated: " + count.ToString() + " bytes, the fixed header needs 236");
            }

            if (count < OptionsOffset)
            {
                throw new DhcpFormatException("magic cookie", offset + count, "truncated");
            }

            if (DhcpAddress.Read(buffer, offset + FixedHeaderLength) != MagicCookie)
            {
                throw new DhcpFormatException("magic cookie", offset + FixedHeaderLength, "not 99.130.83.99");
            }
        }

        /// <summary>
        /// Turns an error found in a concatenated copy (offsets index the copy) into one that points at the
        /// corresponding byte of the received buffer.
        /// </summary>
        internal DhcpFormatException Relocate(byte code, byte[] data, int dataOffset, DhcpFormatException e)
        {
            return new DhcpFormatException(e.Field, Locate(code, data, dataOffset, e.Offset - dataOffset), e.Reason);
        }

        /// <summary>The buffer offset of byte <paramref name="index"/> of an option value as returned by TryGetOption.</summary>
        private int Locate(byte code, byte[] data, int offset, int index)
        {
            if (data == _buffer)
            {
                return offset + index;
            }

            var end = _offset + _count;
            var scanner = GetOptions();
            while (scanner.MoveNext())
            {
                if (scanner.Code != code)
                {
                    continue;
                }

                if (index < scanner.Length)
                {
                    return scanner.ValueOffset + index;
                }

                index -= scanner.Length;
                end = scanner.ValueOffset + scanner.Length;
            }

            return end;
        }

        private bool TryGetFixed(byte code, int size, out byte[] data, out int offset)
        {
            if (!TryGetOption(code, out data, out offset, out var length))
            {
                return false;
            }

            if (length != size)
            {
                throw new DhcpFormatException(OptionName(code), Locate(code, data, offset, 0), "length " + length.ToString() + ", expected " + size.ToString());
            }

            return true;
        }

        private ushort ReadUInt16(int index)
        {
            return (ushort)((_buffer[index] << 8) | _buffer[index + 1]);
        }

        private string HeaderText(int start, int size)
        {
            var length = 0;
            while (length < size && _buffer[start + length] != 0)
            {
                length++;
            }

            return length == 0 ? null : DhcpText.Decode(_buffer, start, length);
        }
    }
}
