using System;

namespace DeviceAgent.Dhcp
{
    /// <summary>
    /// IPv4 addresses as the codec hands them out: a <see cref="uint"/> whose most significant byte is the first
    /// octet on the wire (192.0.2.1 is 0xC0000201). Comparing and storing a number allocates nothing, unlike
    /// a 4-byte array or an IPAddress object per address.
    /// </summary>
    public static class DhcpAddress
    {
        /// <summary>0.0.0.0, which DHCP uses for "no address".</summary>
        public const uint None = 0;

        /// <summary>255.255.255.255, the limited broadcast address.</summary>
        public const uint Broadcast = 0xFFFFFFFF;

        /// <summary>Builds an address from its four octets, first octet first.</summary>
        public static uint FromOctets(byte a, byte b, byte c, byte d)
        {
            return ((uint)a << 24) | ((uint)b << 16) | ((uint)c << 8) | d;
        }

        /// <summary>Reads four bytes in network order; the caller has checked the bounds.</summary>
        public static uint Read(byte[] buffer, int offset)
        {
            return ((uint)buffer[offset] << 24) | ((uint)buffer[offset + 1] << 16) | ((uint)buffer[offset + 2] << 8) | buffer[offset + 3];
        }

        /// <summary>Writes the address as four bytes in network order.</summary>
        public static void Write(uint address, byte[] buffer, int offset)
        {
            buffer[offset] = (byte)(address >> 24);
            buffer[offset + 1] = (byte)(address >> 16);
            buffer[offset + 2] = (byte)(address >> 8);
            buffer[offset + 3] = (byte)address;
        }

        /// <summary>Dotted-quad text, e.g. "192.0.2.1".</summary>
        public static string Format(uint address)
        {
            var chars = new char[15];
            var n = 0;
            for (var shift = 24; shift >= 0; shift -= 8)
            {
                var octet = (int)((address >> shift) & 0xFF);
                if (octet >= 100)
                {
                    chars[n++] = (char)('0' + octet / 100);
                }

                if (octet >= 10)
                {
                    chars[n++] = (char)('0' + octet / 10 % 10);
                }

                chars[n++] = (char)('0' + octet % 10);
                if (shift > 0)
                {
                    chars[n++] = '.';
                }
            }

            return new string(chars, 0, n);
        }

        /// <summary>Parses dotted-quad text ("192.0.2.1"); false for anything else, including leading/trailing text.</summary>
        public static bool TryParse(string text, out uint address)
        {
            address = 0;
            if (text == null)
            {
                return false;
            }

            var octets = 0;
            var value = 0;
            var digits = 0;
            for (var i = 0; i <= text.Length; i++)
            {
                if (i == text.Length || text[i] == '.')
                {
                    if (digits == 0 || value > 255 || octets == 4)
                    {
                        return false;
                    }

                    address = (address << 8) | (uint)value;
                    octets++;
                    value = 0;
                    digits = 0;
                    continue;
                }

                var c = text[i];
                if (c < '0' || c > '9' || digits == 3)
                {
                    return false;
                }

                value = value * 10 + (c - '0');
                digits++;
            }

            return octets == 4;
        }
    }
}
