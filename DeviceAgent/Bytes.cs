namespace DeviceAgent
{
    /// <summary>Byte-array and hex helpers the codecs share; nanoFramework has no Convert.ToHexString or SequenceEqual.</summary>
    internal static class Bytes
    {
        private const string HexDigits = "0123456789abcdef";

        /// <summary>Same length and content; two nulls are equal, a null and an array are not.</summary>
        internal static bool Equal(byte[] a, byte[] b)
        {
            if (a == null || b == null)
            {
                return a == b;
            }

            if (a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Value of one hex digit (either case) given as a char or an ASCII byte, or -1 when it is none.</summary>
        internal static int HexValue(int c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        }

        /// <summary>Lower-case hex of <paramref name="bytes"/>.</summary>
        internal static string ToHex(byte[] bytes)
        {
            char[] chars = new char[bytes.Length * 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = HexDigits[bytes[i] >> 4];
                chars[(2 * i) + 1] = HexDigits[bytes[i] & 0x0F];
            }

            return new string(chars);
        }
    }
}
