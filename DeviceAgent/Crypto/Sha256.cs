using System;

namespace DeviceAgent.Crypto
{
    /// <summary>
    /// SHA-256 message digest (FIPS 180-4), incremental and allocation-free after construction. nanoFramework has no
    /// SHA-256; it verifies firmware images streamed into flash in chunks of any size, so the length is counted in 64 bits.
    /// </summary>
    /// <remarks>Not thread-safe. <see cref="BlockHash.Finish"/> leaves the instance ready for a new message.</remarks>
    public sealed class Sha256 : BlockHash
    {
        /// <summary>Length of the digest in bytes.</summary>
        public const int HashSize = 32;

        // FIPS 180-4 section 4.2.2.
        private static readonly uint[] K =
        {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
        };

        private readonly uint[] _schedule = new uint[64];
        private uint _h0;
        private uint _h1;
        private uint _h2;
        private uint _h3;
        private uint _h4;
        private uint _h5;
        private uint _h6;
        private uint _h7;

        /// <summary>Creates a hash ready for the first message.</summary>
        public Sha256()
            : base(HashSize, true)
        {
        }

        /// <summary>Hashes <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/> in one call.</summary>
        /// <returns>A new 32-byte digest.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range does not lie inside <paramref name="data"/>.</exception>
        public static byte[] Compute(byte[] data, int offset, int count)
        {
            return new Sha256().Digest(data, offset, count);
        }

        // FIPS 180-4 section 5.3.3.
        internal override void InitializeState()
        {
            _h0 = 0x6a09e667;
            _h1 = 0xbb67ae85;
            _h2 = 0x3c6ef372;
            _h3 = 0xa54ff53a;
            _h4 = 0x510e527f;
            _h5 = 0x9b05688c;
            _h6 = 0x1f83d9ab;
            _h7 = 0x5be0cd19;
        }

        internal override void WriteState(byte[] output, int offset)
        {
            PutBigEndian(_h0, output, offset);
            PutBigEndian(_h1, output, offset + 4);
            PutBigEndian(_h2, output, offset + 8);
            PutBigEndian(_h3, output, offset + 12);
            PutBigEndian(_h4, output, offset + 16);
            PutBigEndian(_h5, output, offset + 20);
            PutBigEndian(_h6, output, offset + 24);
            PutBigEndian(_h7, output, offset + 28);
        }

        private static void PutBigEndian(uint value, byte[] output, int offset)
        {
            unchecked
            {
                output[offset] = (byte)(value >> 24);
                output[offset + 1] = (byte)(value >> 16);
                output[offset + 2] = (byte)(value >> 8);
                output[offset + 3] = (byte)value;
            }
        }

        // FIPS 180-4 section 6.2.2. Eight rounds per pass so the working variables change roles instead of being shuffled.
        internal override void Compress(byte[] block, int offset)
        {
            unchecked
            {
                uint[] w = _schedule;
                for (int t = 0; t < 16; t++, offset += 4)
                {
                    w[t] = (uint)(block[offset] << 24 | block[offset + 1] << 16 | block[offset + 2] << 8 | block[offset + 3]);
                }

                for (int t = 16; t < 64; t++)
                {
                    uint x = w[t - 15];
                    uint y = w[t - 2];
                    w[t] = w[t - 16] + w[t - 7]
                        + ((x >> 7 | x << 25) ^ (x >> 18 | x << 14) ^ (x >> 3))
                        + ((y >> 17 | y << 15) ^ (y >> 19 | y << 13) ^ (y >> 10));
                }

                uint a = _h0;
                uint b = _h1;
                uint c = _h2;
                uint d = _h3;
                uint e = _h4;
                uint f = _h5;
                uint g = _h6;
                uint h = _h7;
                for (int t = 0; t < 64; t += 8)
                {
                    h += (e >> 6 | e << 26) ^ (e >> 11 | e << 21) ^ (e >> 25 | e << 7);
                    h += (g ^ (e & (f ^ g))) + K[t] + w[t];
                    d += h;
                    h += ((a >> 2 | a << 30) ^ (a >> 13 | a << 19) ^ (a >> 22 | a << 10)) + ((a & b) | (c & (a | b)));

                    g += (d >> 6 | d << 26) ^ (d >> 11 | d << 21) ^ (d >> 25 | d << 7);
                    g += (f ^ (d & (e ^ f))) + K[t + 1] + w[t + 1];
                    c += g;
                    g += ((h >> 2 | h << 30) ^ (h >> 13 | h << 19) ^ (h >> 22 | h << 10)) + ((h & a) | (b & (h | a)));

                    f += (c >> 6 | c << 26) ^ (c >> 11 | c << 21) ^ (c >> 25 | c << 7);
                    f += (e ^ (c & (d ^ e))) + K[t + 2] + w[t + 2];
                    b += f;
                    f += ((g >> 2 | g << 30) ^ (g >> 13 | g << 19) ^ (g >> 22 | g << 10)) + ((g & h) | (a & (g | h)));

                    e += (b >> 6 | b << 26) ^ (b >> 11 | b << 21) ^ (b >> 25 | b << 7);
                    e += (d ^ (b & (c ^ d))) + K[t + 3] + w[t + 3];
                    a += e;
                    e += ((f >> 2 | f << 30) ^ (f >> 13 | f << 19) ^ (f >> 22 | f << 10)) + ((f & g) | (h & (f | g)));

                    d += (a >> 6 | a << 26) ^ (a >> 11 | a << 21) ^ (a >> 25 | a << 7);
                    d += (c ^ (a & (b ^ c))) + K[t + 4] + w[t + 4];
                    h += d;
                    d += ((e >> 2 | e << 30) ^ (e >> 13 | e << 19) ^ (e >> 22 | e << 10)) + ((e & f) | (g & (e | f)));

                    c += (h >> 6 | h << 26) ^ (h >> 11 | h << 21) ^ (h >> 25 | h << 7);
                    c += (b ^ (h & (a ^ b))) + K[t + 5] + w[t + 5];
                    g += c;
                    c += ((d >> 2 | d << 30) ^ (d >> 13 | d << 19) ^ (d >> 22 | d << 10)) + ((d & e) | (f & (d | e)));

                    b += (g >> 6 | g << 26) ^ (g >> 11 | g << 21) ^ (g >> 25 | g << 7);
                    b += (a ^ (g & (h ^ a))) + K[t + 6] + w[t + 6];
                    f += b;
                    b += ((c >> 2 | c << 30) ^ (c >> 13 | c << 19) ^ (c >> 22 | c << 10)) + ((c & d) | (e & (c | d)));

                    a += (f >> 6 | f << 26) ^ (f >> 11 | f << 21) ^ (f >> 25 | f << 7);
                    a += (h ^ (f & (g ^ h))) + K[t + 7] + w[t + 7];
                    e += a;
                    a += ((b >> 2 | b << 30) ^ (b >> 13 | b << 19) ^ (b >> 22 | b << 10)) + ((b & c) | (d & (b | c)));
                }

                _h0 += a;
                _h1 += b;
                _h2 += c;
                _h3 += d;
                _h4 += e;
                _h5 += f;
                _h6 += g;
                _h7 += h;
            }
        }
    }
}
