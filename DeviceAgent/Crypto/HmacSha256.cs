using System;

namespace DeviceAgent.Crypto
{
    /// <summary>HMAC-SHA-256 (RFC 2104, RFC 4231). For signing requests to the provisioning server.</summary>
    /// <remarks>Not thread-safe. <see cref="Hmac.Finish"/> leaves the instance ready for a new message under the same key.</remarks>
    public sealed class HmacSha256 : Hmac
    {
        /// <summary>Length of the MAC in bytes.</summary>
        public const int HashSize = Sha256.HashSize;

        /// <summary>Creates a MAC keyed with all of <paramref name="key"/>, which may have any length.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
        public HmacSha256(byte[] key)
            : this(key, 0, key == null ? 0 : key.Length)
        {
        }

        /// <summary>Creates a MAC keyed with <paramref name="count"/> bytes of <paramref name="key"/> from <paramref name="offset"/>, so a key can be used where it lies in a received packet.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range does not lie inside <paramref name="key"/>.</exception>
        public HmacSha256(byte[] key, int offset, int count)
            : base(new Sha256(), key, offset, count)
        {
        }

        /// <summary>Computes the MAC of <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/> under all of <paramref name="key"/> in one call.</summary>
        /// <returns>A new 32-byte MAC.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="data"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range does not lie inside <paramref name="data"/>.</exception>
        public static byte[] Compute(byte[] key, byte[] data, int offset, int count)
        {
            return new HmacSha256(key).Mac(data, offset, count);
        }
    }
}
