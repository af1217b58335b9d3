using DeviceAgent.Crypto;

namespace DeviceAgent.Tests.Crypto
{
    /// <summary>Builds the byte strings of the published test vectors and prints digests for readable failures.</summary>
    internal static class HashTestData
    {
        private const string HexDigits = "0123456789abcdef";

        public static byte[] Ascii(string text)
        {
            var bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                bytes[i] = (byte)text[i];
            }

            return bytes;
        }

        public static byte[] Repeat(byte value, int count)
        {
            var bytes = new byte[count];
            for (int i = 0; i < count; i++)
            {
                bytes[i] = value;
            }

            return bytes;
        }

        /// <summary>0x01, 0x02, ... 0x19: the 25-byte key of RFC 2202 and RFC 4231 test case 4.</summary>
        public static byte[] Counting(int count)
        {
            var bytes = new byte[count];
            for (int i = 0; i < count; i++)
            {
                bytes[i] = (byte)(i + 1);
            }

            return bytes;
        }

        /// <summary>A message whose bytes differ from block to block, so misplaced chunks change the digest.</summary>
        public static byte[] Pattern(int count)
        {
            var bytes = new byte[count];
            for (int i = 0; i < count; i++)
            {
                bytes[i] = (byte)(i * 7 + (i >> 8) + 3);
            }

            return bytes;
        }

        public static string Hex(byte[] bytes, int offset, int count)
        {
            var chars = new char[count * 2];
            for (int i = 0; i < count; i++)
            {
                byte b = bytes[offset + i];
                chars[2 * i] = HexDigits[b >> 4];
                chars[2 * i + 1] = HexDigits[b & 0xf];
            }

            return new string(chars);
        }

        public static string Hex(byte[] bytes)
        {
            return Hex(bytes, 0, bytes.Length);
        }

        /// <summary>Feeds <paramref name="data"/> in chunks of <paramref name="chunk"/> bytes (the last one shorter) and finishes.</summary>
        public static string DigestInChunks(BlockHash hash, int hashSize, byte[] data, int chunk)
        {
            for (int offset = 0; offset < data.Length; offset += chunk)
            {
                hash.Append(data, offset, chunk < data.Length - offset ? chunk : data.Length - offset);
            }

            var digest = new byte[hashSize];
            hash.Finish(digest, 0);
            return Hex(digest);
        }

        /// <summary>Feeds <paramref name="data"/> in chunks of <paramref name="chunk"/> bytes (the last one shorter) and finishes.</summary>
        public static string MacInChunks(Hmac hmac, int macSize, byte[] data, int chunk)
        {
            for (int offset = 0; offset < data.Length; offset += chunk)
            {
                hmac.Append(data, offset, chunk < data.Length - offset ? chunk : data.Length - offset);
            }

            var mac = new byte[macSize];
            hmac.Finish(mac, 0);
            return Hex(mac);
        }
    }
}
