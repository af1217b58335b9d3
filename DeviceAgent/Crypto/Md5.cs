using System;

namespace DeviceAgent.Crypto
{
    /// <summary>
    /// MD5 message digest (RFC 1321), incremental and allocation-free after construction. nanoFramework has no MD5;
    /// it is needed for DHCP reconfigure-key authentication (through <see cref="HmacMd5"/>), not for security on its own.
    /// </summary>
    /// <remarks>Not thread-safe. <see cref="BlockHash.Finish"/> leaves the instance ready for a new message.</remarks>
    public sealed class Md5 : BlockHash
    {
        /// <summary>Length of the digest in bytes.</summary>
        public const int HashSize = 16;

        private uint _a;
        private uint _b;
        private uint _c;
        private uint _d;

        /// <summary>Creates a hash ready for the first message.</summary>
        public Md5()
            : base(HashSize, false)
        {
        }

        /// <summary>Hashes <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/> in one call.</summary>
        /// <returns>A new 16-byte digest.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range does not lie inside <paramref name="data"/>.</exception>
        public static byte[] Compute(byte[] data, int offset, int count)
        {
            return new Md5().Digest(data, offset, count);
        }

        internal override void InitializeState()
        {
            _a = 0x67452301;
            _b = 0xefcdab89;
            _c = 0x98badcfe;
            _d = 0x10325476;
        }

        internal override void WriteState(byte[] output, int offset)
        {
            PutLittleEndian(_a, output, offset);
            PutLittleEndian(_b, output, offset + 4);
            PutLittleEndian(_c, output, offset + 8);
            PutLittleEndian(_d, output, offset + 12);
        }

        private static void PutLittleEndian(uint value, byte[] output, int offset)
        {
            unchecked
            {
                output[offset] = (byte)value;
                output[offset + 1] = (byte)(value >> 8);
                output[offset + 2] = (byte)(value >> 16);
                output[offset + 3] = (byte)(value >> 24);
            }
        }

        // RFC 1321 section 3.4, unrolled: on the device's interpreter, locals are much cheaper than array elements and loops.
        internal override void Compress(byte[] block, int offset)
        {
            unchecked
            {
                uint x0 = (uint)(block[offset] | block[offset + 1] << 8 | block[offset + 2] << 16 | block[offset + 3] << 24);
                uint x1 = (uint)(block[offset + 4] | block[offset + 5] << 8 | block[offset + 6] << 16 | block[offset + 7] << 24);
                uint x2 = (uint)(block[offset + 8] | block[offset + 9] << 8 | block[offset + 10] << 16 | block[offset + 11] << 24);
                uint x3 = (uint)(block[offset + 12] | block[offset + 13] << 8 | block[offset + 14] << 16 | block[offset + 15] << 24);
                uint x4 = (uint)(block[offset + 16] | block[offset + 17] << 8 | block[offset + 18] << 16 | block[offset + 19] << 24);
                uint x5 = (uint)(block[offset + 20] | block[offset + 21] << 8 | block[offset + 22] << 16 | block[offset + 23] << 24);
                uint x6 = (uint)(block[offset + 24] | block[offset + 25] << 8 | block[offset + 26] << 16 | block[offset + 27] << 24);
                uint x7 = (uint)(block[offset + 28] | block[offset + 29] << 8 | block[offset + 30] << 16 | block[offset + 31] << 24);
                uint x8 = (uint)(block[offset + 32] | block[offset + 33] << 8 | block[offset + 34] << 16 | block[offset + 35] << 24);
                uint x9 = (uint)(block[offset + 36] | block[offset + 37] << 8 | block[offset + 38] << 16 | block[offset + 39] << 24);
                uint x10 = (uint)(block[offset + 40] | block[offset + 41] << 8 | block[offset + 42] << 16 | block[offset + 43] << 24);
                uint x11 = (uint)(block[offset + 44] | block[offset + 45] << 8 | block[offset + 46] << 16 | block[offset + 47] << 24);
                uint x12 = (uint)(block[offset + 48] | block[offset + 49] << 8 | block[offset + 50] << 16 | block[offset + 51] << 24);
                uint x13 = (uint)(block[offset + 52] | block[offset + 53] << 8 | block[offset + 54] << 16 | block[offset + 55] << 24);
                uint x14 = (uint)(block[offset + 56] | block[offset + 57] << 8 | block[offset + 58] << 16 | block[offset + 59] << 24);
                uint x15 = (uint)(block[offset + 60] | block[offset + 61] << 8 | block[offset + 62] << 16 | block[offset + 63] << 24);

                uint a = _a;
                uint b = _b;
                uint c = _c;
                uint d = _d;
                a += (d ^ (b & (c ^ d))) + x0 + 0xd76aa478; a = (a << 7 | a >> 25) + b;
                d += (c ^ (a & (b ^ c))) + x1 + 0xe8c7b756; d = (d << 12 | d >> 20) + a;
                c += (b ^ (d & (a ^ b))) + x2 + 0x242070db; c = (c << 17 | c >> 15) + d;
                b += (a ^ (c & (d ^ a))) + x3 + 0xc1bdceee; b = (b << 22 | b >> 10) + c;
                a += (d ^ (b & (c ^ d))) + x4 + 0xf57c0faf; a = (a << 7 | a >> 25) + b;
                d += (c ^ (a & (b ^ c))) + x5 + 0x4787c62a; d = (d << 12 | d >> 20) + a;
                c += (b ^ (d & (a ^ b))) + x6 + 0xa8304613; c = (c << 17 | c >> 15) + d;
                b += (a ^ (c & (d ^ a))) + x7 + 0xfd469501; b = (b << 22 | b >> 10) + c;
                a += (d ^ (b & (c ^ d))) + x8 + 0x698098d8; a = (a << 7 | a >> 25) + b;
                d += (c ^ (a & (b ^ c))) + x9 + 0x8b44f7af; d = (d << 12 | d >> 20) + a;
                c += (b ^ (d & (a ^ b))) + x10 + 0xffff5bb1; c = (c << 17 | c >> 15) + d;
                b += (a ^ (c & (d ^ a))) + x11 + 0x895cd7be; b = (b << 22 | b >> 10) + c;
                a += (d ^ (b & (c ^ d))) + x12 + 0x6b901122; a = (a << 7 | a >> 25) + b;
                d += (c ^ (a & (b ^ c))) + x13 + 0xfd987193; d = (d << 12 | d >> 20) + a;
                c += (b ^ (d & (a ^ b))) + x14 + 0xa679438e; c = (c << 17 | c >> 15) + d;
                b += (a ^ (c & (d ^ a))) + x15 + 0x49b40821; b = (b << 22 | b >> 10) + c;

                a += (c ^ (d & (b ^ c))) + x1 + 0xf61e2562; a = (a << 5 | a >> 27) + b;
                d += (b ^ (c & (a ^ b))) + x6 + 0xc040b340; d = (d << 9 | d >> 23) + a;
                c += (a ^ (b & (d ^ a))) + x11 + 0x265e5a51; c = (c << 14 | c >> 18) + d;
                b += (d ^ (a & (c ^ d))) + x0 + 0xe9b6c7aa; b = (b << 20 | b >> 12) + c;
                a += (c ^ (d & (b ^ c))) + x5 + 0xd62f105d; a = (a << 5 | a >> 27) + b;
                d += (b ^ (c & (a ^ b))) + x10 + 0x02441453; d = (d << 9 | d >> 23) + a;
                c += (a ^ (b & (d ^ a))) + x15 + 0xd8a1e681; c = (c << 14 | c >> 18) + d;
                b += (d ^ (a & (c ^ d))) + x4 + 0xe7d3fbc8; b = (b << 20 | b >> 12) + c;
                a += (c ^ (d & (b ^ c))) + x9 + 0x21e1cde6; a = (a << 5 | a >> 27) + b;
                d += (b ^ (c & (a ^ b))) + x14 + 0xc33707d6; d = (d << 9 | d >> 23) + a;
                c += (a ^ (b & (d ^ a))) + x3 + 0xf4d50d87; c = (c << 14 | c >> 18) + d;
                b += (d ^ (a & (c ^ d))) + x8 + 0x455a14ed; b = (b << 20 | b >> 12) + c;
                a += (c ^ (d & (b ^ c))) + x13 + 0xa9e3e905; a = (a << 5 | a >> 27) + b;
                d += (b ^ (c & (a ^ b))) + x2 + 0xfcefa3f8; d = (d << 9 | d >> 23) + a;
                c += (a ^ (b & (d ^ a))) + x7 + 0x676f02d9; c = (c << 14 | c >> 18) + d;
                b += (d ^ (a & (c ^ d))) + x12 + 0x8d2a4c8a; b = (b << 20 | b >> 12) + c;

                a += (b ^ c ^ d) + x5 + 0xfffa3942; a = (a << 4 | a >> 28) + b;
                d += (a ^ b ^ c) + x8 + 0x8771f681; d = (d << 11 | d >> 21) + a;
                c += (d ^ a ^ b) + x11 + 0x6d9d6122; c = (c << 16 | c >> 16) + d;
                b += (c ^ d ^ a) + x14 + 0xfde5380c; b = (b << 23 | b >> 9) + c;
                a += (b ^ c ^ d) + x1 + 0xa4beea44; a = (a << 4 | a >> 28) + b;
                d += (a ^ b ^ c) + x4 + 0x4bdecfa9; d = (d << 11 | d >> 21) + a;
                c += (d ^ a ^ b) + x7 + 0xf6bb4b60; c = (c << 16 | c >> 16) + d;
                b += (c ^ d ^ a) + x10 + 0xbebfbc70; b = (b << 23 | b >> 9) + c;
                a += (b ^ c ^ d) + x13 + 0x289b7ec6; a = (a << 4 | a >> 28) + b;
                d += (a ^ b ^ c) + x0 + 0xeaa127fa; d = (d << 11 | d >> 21) + a;
                c += (d ^ a ^ b) + x3 + 0xd4ef3085; c = (c << 16 | c >> 16) + d;
                b += (c ^ d ^ a) + x6 + 0x04881d05; b = (b << 23 | b >> 9) + c;
                a += (b ^ c ^ d) + x9 + 0xd9d4d039; a = (a << 4 | a >> 28) + b;
                d += (a ^ b ^ c) + x12 + 0xe6db99e5; d = (d << 11 | d >> 21) + a;
                c += (d ^ a ^ b) + x15 + 0x1fa27cf8; c = (c << 16 | c >> 16) + d;
                b += (c ^ d ^ a) + x2 + 0xc4ac5665; b = (b << 23 | b >> 9) + c;

                a += (c ^ (b | ~d)) + x0 + 0xf4292244; a = (a << 6 | a >> 26) + b;
                d += (b ^ (a | ~c)) + x7 + 0x432aff97; d = (d << 10 | d >> 22) + a;
                c += (a ^ (d | ~b)) + x14 + 0xab9423a7; c = (c << 15 | c >> 17) + d;
                b += (d ^ (c | ~a)) + x5 + 0xfc93a039; b = (b << 21 | b >> 11) + c;
                a += (c ^ (b | ~d)) + x12 + 0x655b59c3; a = (a << 6 | a >> 26) + b;
                d += (b ^ (a | ~c)) + x3 + 0x8f0ccc92; d = (d << 10 | d >> 22) + a;
                c += (a ^ (d | ~b)) + x10 + 0xffeff47d; c = (c << 15 | c >> 17) + d;
                b += (d ^ (c | ~a)) + x1 + 0x85845dd1; b = (b << 21 | b >> 11) + c;
                a += (c ^ (b | ~d)) + x8 + 0x6fa87e4f; a = (a << 6 | a >> 26) + b;
                d += (b ^ (a | ~c)) + x15 + 0xfe2ce6e0; d = (d << 10 | d >> 22) + a;
                c += (a ^ (d | ~b)) + x6 + 0xa3014314; c = (c << 15 | c >> 17) + d;
                b += (d ^ (c | ~a)) + x13 + 0x4e0811a1; b = (b << 21 | b >> 11) + c;
                a += (c ^ (b | ~d)) + x4 + 0xf7537e82; a = (a << 6 | a >> 26) + b;
                d += (b ^ (a | ~c)) + x11 + 0xbd3af235; d = (d << 10 | d >> 22) + a;
                c += (a ^ (d | ~b)) + x2 + 0x2ad7d2bb; c = (c << 15 | c >> 17) + d;
                b += (d ^ (c | ~a)) + x9 + 0xeb86d391; b = (b << 21 | b >> 11) + c;

                _a += a;
                _b += b;
                _c += c;
                _d += d;
            }
        }
    }
}
