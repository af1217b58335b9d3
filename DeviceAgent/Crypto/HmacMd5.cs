using System;

namespace DeviceAgent.Crypto
{
    /// <summary>HMAC-MD5 (RFC 2104, RFC 2202). Authenticates DHCP reconfigure messages (RFC 3118, RFC 6704 reconfigure key).</summary>
    /// <remarks>Not thread-safe. <see cref="Hmac.Finish"/> leaves the instance ready for a new message under the same key.</remarks>
    public sealed class HmacMd5 : Hmac
    {
        /// <summary>Length of the MAC in bytes.</summary>
        public const int HashSize = Md5.HashSize;

        /// <summary>Creates a MAC keyed with all of <paramref name="key"/>, which may have any length.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
        public HmacMd5(byte[] key)
            : this(key, 0, key == null ? 0 : key.Length)
        {
        }

        /// <summary>Creates a MAC keyed with <paramref name="count"/> bytes of <paramref name="key"/> from <paramref name="offset"/>, so a key can be used where it lies in a received packet.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range does not lie inside <paramref name="key"/>.</exception>
        public HmacMd5(byte[] key, int offset, int count)
            : base(new Md5(), key, offset, count)
        {
        }

        /// <summary>Computes the MAC of <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/> under all of <paramref name="key"/> in one call.</summary>
        /// <returns>A new 16-byte MAC.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="data"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range does not lie inside <paramref name="data"/>.</exception>
        public static byte[] Compute(byte[] key, byte[] data, int offset, int count)
        {
            return new HmacMd5(key).Mac(data, offset, count);
        }
    }
}
