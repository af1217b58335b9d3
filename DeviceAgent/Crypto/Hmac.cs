using System;

namespace DeviceAgent.Crypto
{
    /// <summary>
    /// HMAC (RFC 2104) over a <see cref="BlockHash"/>, incremental and allocation-free after construction; see
    /// <see cref="HmacMd5"/> and <see cref="HmacSha256"/>.
    /// </summary>
    /// <remarks>Not thread-safe. <see cref="Finish"/> leaves the instance ready for a new message under the same key.</remarks>
    public abstract class Hmac
    {
        // One hash serves both passes: Finish resets it between the inner and the outer hash.
        private readonly BlockHash _hash;
        private readonly byte[] _innerPad = new byte[BlockHash.BlockSize];
        private readonly byte[] _outerPad = new byte[BlockHash.BlockSize];
        private readonly byte[] _innerDigest;

        internal Hmac(BlockHash hash, byte[] key, int offset, int count)
        {
            ArgumentCheck.Range(key, offset, count, "key");
            _hash = hash;
            _innerDigest = new byte[hash.OutputSize];

            // RFC 2104 section 2: keys longer than a block are replaced by their hash.
            if (count > BlockHash.BlockSize)
            {
                hash.Append(key, offset, count);
                hash.Finish(_innerPad, 0);
            }
            else
            {
                Array.Copy(key, offset, _innerPad, 0, count);
            }

            for (int i = 0; i < BlockHash.BlockSize; i++)
            {
                byte k = _innerPad[i];
                _innerPad[i] = (byte)(k ^ 0x36);
                _outerPad[i] = (byte)(k ^ 0x5c);
            }

            Reset();
        }

        /// <summary>Discards any partial message and starts a new one under the same key.</summary>
        public void Reset()
        {
            _hash.Reset();
            _hash.Append(_innerPad, 0, BlockHash.BlockSize);
        }

        /// <summary>Adds <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/> to the message; chunks may have any size.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range does not lie inside <paramref name="data"/>; the MAC is unchanged.</exception>
        public void Append(byte[] data, int offset, int count)
        {
            _hash.Append(data, offset, count);
        }

        /// <summary>Writes the MAC (HashSize bytes of the algorithm) to <paramref name="output"/> at <paramref name="offset"/> and resets. A truncated MAC is its leading bytes.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="output"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The MAC does not fit at <paramref name="offset"/>; the MAC is unchanged.</exception>
        public void Finish(byte[] output, int offset)
        {
            ArgumentCheck.Output(output, offset, _innerDigest.Length);
            _hash.Finish(_innerDigest, 0);
            _hash.Append(_outerPad, 0, BlockHash.BlockSize);
            _hash.Append(_innerDigest, 0, _innerDigest.Length);
            _hash.Finish(output, offset);
            _hash.Append(_innerPad, 0, BlockHash.BlockSize);
        }

        /// <summary>One-shot helper for the static Compute methods.</summary>
        internal byte[] Mac(byte[] data, int offset, int count)
        {
            Append(data, offset, count);
            var mac = new byte[_innerDigest.Length];
            Finish(mac, 0);
            return mac;
        }
    }
}
