using System;

namespace DeviceAgent.Dhcp
{
    /// <summary>
    /// Text in DHCP options is NVT ASCII (RFC 2132 §2). Bytes map one to one onto chars 0-255, so any byte string
    /// survives a decode/encode round trip and no encoding library is needed on the device.
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

            var chars = new char[length];
            for (var i = 0; i < length; i++)
            {
                chars[i] = (char)data[offset + i];
            }

            return new string(chars);
        }

        /// <summary>Encodes text one byte per char.</summary>
        /// <exception cref="ArgumentException">A char is above 255 and has no single-byte form.</exception>
        internal static byte[] Encode(string text, string what)
        {
            var bytes = new byte[text.Length];
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c > 0xFF)
                {
                    throw new ArgumentException(what + " has a character outside 0-255");
                }

                bytes[i] = (byte)c;
            }

            return bytes;
        }
    }
}
