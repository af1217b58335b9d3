using System;
using System.Text;

namespace DeviceAgent.Dhcp
{
    /// <summary>
    /// Option 120, SIP servers (RFC 3361 §3): an encoding byte, then either domain names (enc 0, RFC 1035 §3.1
    /// wire format, compression pointers of RFC 1035 §4.1.4 allowed and counted from the first byte after the
    /// encoding byte) or IPv4 addresses (enc 1). The values here are the option's value bytes, without code and
    /// length, after RFC 3396 concatenation.
    /// </summary>
    public static class DhcpSipServers
    {
        /// <summary>enc byte of a list of domain names (RFC 3361 §3.1).</summary>
        public const byte EncodingDomainNames = 0;

        /// <summary>enc byte of a list of IPv4 addresses (RFC 3361 §3.2).</summary>
        public const byte EncodingAddresses = 1;

        private const string Field = "option 120";
        private const int MaxNameLength = 255;

        /// <summary>
        /// Decodes and checks the whole option. Exactly one of <paramref name="names"/> and
        /// <paramref name="addresses"/> is set, the other is null.
        /// </summary>
        /// <exception cref="DhcpFormatException">Missing or unknown encoding byte, no entries, address bytes not a
        /// multiple of 4, a label over 63 bytes or of a reserved type, a name over 255 bytes, a compression pointer
        /// that is truncated, points outside the option or does not point strictly before the name it is in (which
        /// is how loops are ruled out), or a name running past the end. Offsets index <paramref name="data"/>.</exception>
        public static void Decode(byte[] data, int offset, int length, out string[] names, out uint[] addresses)
        {
            names = null;
            addresses = null;
            if (length < 1)
            {
                throw new DhcpFormatException(Field, offset, "encoding byte missing");
            }

            var encoding = data[offset];
            var start = offset + 1;
            var end = offset + length;
            if (encoding == EncodingAddresses)
            {
                if (length == 1 || (length - 1) % 4 != 0)
                {
                    throw new DhcpFormatException(Field, start, "address list of " + (length - 1).ToString() + " bytes is not a positive multiple of 4");
                }

                addresses = DhcpMessage.DecodeAddresses(data, start, length - 1);
                return;
            }

            if (encoding != EncodingDomainNames)
            {
                throw new DhcpFormatException(Field, offset, "encoding byte " + encoding.ToString() + " is neither 0 (names) nor 1 (addresses)");
            }

            if (length == 1)
            {
                throw new DhcpFormatException(Field, start, "empty domain name list");
            }

            // First pass checks everything and sizes the results, so the second allocates exactly what it returns.
            var count = 0;
            var longest = 0;
            for (var position = start; position < end; count++)
            {
                position = ReadName(data, start, end, position, null, out var nameLength);
                if (nameLength > longest)
                {
                    longest = nameLength;
                }
            }

            names = new string[count];
            var scratch = new byte[longest];
            var next = start;
            for (var i = 0; i < count; i++)
            {
                next = ReadName(data, start, end, next, scratch, out var nameLength);
                names[i] = Encoding.UTF8.GetString(scratch, 0, nameLength);
            }
        }

        /// <summary>The domain names of an enc 0 option, or null when the option carries addresses.</summary>
        /// <exception cref="DhcpFormatException">See <see cref="Decode"/>.</exception>
        public static string[] DecodeNames(byte[] data, int offset, int length)
        {
            Decode(data, offset, length, out var names, out _);
            return names;
        }

        /// <summary>The addresses of an enc 1 option, or null when the option carries names.</summary>
        /// <exception cref="DhcpFormatException">See <see cref="Decode"/>.</exception>
        public static uint[] DecodeAddresses(byte[] data, int offset, int length)
        {
            Decode(data, offset, length, out _, out var addresses);
            return addresses;
        }

        /// <summary>Encodes an enc 0 value: uncompressed names, UTF-8; a trailing dot on a name is ignored.</summary>
        /// <exception cref="ArgumentException">No names, an empty label, a label over 63 bytes or a name over 255
        /// bytes on the wire.</exception>
        public static byte[] EncodeNames(string[] names)
        {
            if (names == null || names.Length == 0)
            {
                throw new ArgumentException("at least one SIP server name is needed");
            }

            var encoded = new byte[names.Length][];
            var total = 1;
            for (var i = 0; i < names.Length; i++)
            {
                encoded[i] = EncodeName(names[i]);
                total += encoded[i].Length;
            }

            var value = new byte[total];
            value[0] = EncodingDomainNames;
            var position = 1;
            for (var i = 0; i < encoded.Length; i++)
            {
                Array.Copy(encoded[i], 0, value, position, encoded[i].Length);
                position += encoded[i].Length;
            }

            return value;
        }

        /// <summary>Encodes an enc 1 value.</summary>
        /// <exception cref="ArgumentException">No addresses.</exception>
        public static byte[] EncodeAddresses(uint[] addresses)
        {
            if (addresses == null || addresses.Length == 0)
            {
                throw new ArgumentException("at least one SIP server address is needed");
            }

            var value = new byte[1 + 4 * addresses.Length];
            value[0] = EncodingAddresses;
            for (var i = 0; i < addresses.Length; i++)
            {
                DhcpAddress.Write(addresses[i], value, 1 + 4 * i);
            }

            return value;
        }

        /// <summary>
        /// Reads the name starting at <paramref name="position"/>, following compression pointers, as dotted text bytes
        /// into <paramref name="text"/> (or only measures it when null). Returns where the next name in the list starts.
        /// A pointer must point strictly before the label sequence it ends, so every jump goes backwards and the walk
        /// ends after at most one pass over the option whatever the bytes are.
        /// </summary>
        private static int ReadName(byte[] data, int start, int end, int position, byte[] text, out int textLength)
        {
            var next = -1;
            var limit = position;
            var pos = position;
            var wire = 1;
            var n = 0;
            while (true)
            {
                if (pos >= end)
                {
                    throw new DhcpFormatException(Field, end, "domain name runs past the end of the option");
                }

                var b = data[pos];
                if (b == 0)
                {
                    if (next < 0)
                    {
                        next = pos + 1;
                    }

                    break;
                }

                var kind = b & 0xC0;
                if (kind == 0xC0)
                {
                    if (pos + 1 >= end)
                    {
                        throw new DhcpFormatException(Field, pos, "compression pointer truncated");
                    }

                    var target = start + (((b & 0x3F) << 8) | data[pos + 1]);
                    if (target >= end)
                    {
                        throw new DhcpFormatException(Field, pos, "compression pointer to " + (target - start).ToString() + " is outside the option");
                    }

                    if (target >= limit)
                    {
                        throw new DhcpFormatException(Field, pos, "compression pointer to " + (target - start).ToString() + " does not point backwards (loop)");
                    }

                    if (next < 0)
                    {
                        next = pos + 2;
                    }

                    limit = target;
                    pos = target;
                    continue;
                }

                if (kind != 0)
                {
                    throw new DhcpFormatException(Field, pos, "label length byte " + b.ToString() + " is over 63 (reserved label type)");
                }

                if (pos + 1 + b > end)
                {
                    throw new DhcpFormatException(Field, pos, "label runs past the end of the option");
                }

                wire += 1 + b;
                if (wire > MaxNameLength)
                {
                    throw new DhcpFormatException(Field, pos, "domain name longer than 255 bytes");
                }

                if (n > 0)
                {
                    if (text != null)
                    {
                        text[n] = (byte)'.';
                    }

                    n++;
                }

                if (text != null)
                {
                    Array.Copy(data, pos + 1, text, n, b);
                }

                n += b;
                pos += 1 + b;
            }

            if (n == 0)
            {
                throw new DhcpFormatException(Field, position, "empty domain name");
            }

            textLength = n;
            return next;
        }

        /// <summary>One name in RFC 1035 §3.1 wire form: length-prefixed labels, then a zero byte.</summary>
        private static byte[] EncodeName(string name)
        {
            if (name == null)
            {
                throw new ArgumentException("SIP server name is null");
            }

            var text = Encoding.UTF8.GetBytes(name);
            var length = text.Length > 0 && text[text.Length - 1] == '.' ? text.Length - 1 : text.Length;
            if (length + 2 > MaxNameLength)
            {
                throw new ArgumentException("SIP server name '" + name + "' is longer than 255 bytes on the wire");
            }

            var wire = new byte[length + 2];
            var labelStart = 0;
            for (var i = 0; i <= length; i++)
            {
                if (i < length && text[i] != '.')
                {
                    continue;
                }

                var label = i - labelStart;
                if (label == 0 || label > 63)
                {
                    throw new ArgumentException("SIP server name '" + name + "' has an empty label or one over 63 bytes");
                }

                wire[labelStart] = (byte)label;
                Array.Copy(text, labelStart, wire, labelStart + 1, label);
                labelStart = i + 1;
            }

            return wire;
        }
    }
}
