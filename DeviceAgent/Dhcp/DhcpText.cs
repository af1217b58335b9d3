using System.Text;

namespace DeviceAgent.Dhcp
{
    /// <summary>
    /// Text in DHCP options is NVT ASCII (RFC 2132 §2); it is read and written as UTF-8, which is the same for ASCII,
    /// passes other text through unchanged, and is how nanoFramework stores strings, so decoding allocates only
    /// the string itself.
    /// </summary>
    internal static class DhcpText
    {
        /// <summary>Decodes bytes to text, dropping the trailing NULs some servers add against RFC 2132 §2.</summary>
        internal static string Decode(byte[] data, int offset, int length)
        {
            while (length > 0 && data[offset + length - 1] == 0)
            {
                length--;
            }

            return length == 0 ? string.Empty : Encoding.UTF8.GetString(data, offset, length);
        }

        /// <summary>Encodes text as UTF-8.</summary>
        internal static byte[] Encode(string text)
        {
            return Encoding.UTF8.GetBytes(text);
        }
    }
}
