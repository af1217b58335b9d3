using System;

namespace DeviceAgent.Crypto
{
    /// <summary>
    /// A 64-byte-block hash (<see cref="Md5"/>, <see cref="Sha256"/>): the buffering of arbitrary chunks and the padding
    /// with the message length in bits as 64 bits live here once; each algorithm supplies its compression function.
    /// </summary>
    /// <remarks>Not thread-safe. <see cref="Finish"/> leaves the instance ready for a new message.</remarks>
    public abstract class BlockHash
    {
        /// <summary>Length of a block in bytes, which is also the HMAC key padding length.</summary>
        public const int BlockSize = 64;

        private readonly byte[] _buffer = new byte[BlockSize];
        private readonly bool _bigEndianLength;
        private int _buffered;
        private ulong _length;

        internal BlockHash(int hashSize, bool bigEndianLength)
        {
            OutputSize = hashSize;
            _bigEndianLength = bigEndianLength;
            Reset();
        }

        internal int OutputSize { get; }

        /// <summary>Discards any partial message and starts a new one.</summary>
        public void Reset()
        {
            _buffered = 0;
            _length = 0;
            InitializeState();
        }

        /// <summary>Adds <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/> to the message; chunks may have any size.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range does not lie inside <paramref name="data"/>; the hash is unchanged.</exception>
        public void Append(byte[] data, int offset, int count)
        {
            ArgumentCheck.Range(data, offset, count, "data");
            unchecked
            {
                _length += (ulong)count;
            }

            if (_buffered > 0)
            {
                int free = BlockSize - _buffered;
                if (count < free)
                {
                    Array.Copy(data, offset, _buffer, _buffered, count);
                    _buffered += count;
                    return;
                }

                Array.Copy(data, offset, _buffer, _buffered, free);
                Compress(_buffer, 0);
                offset += free;
                count -= free;
            }

            // Whole blocks are hashed straight from the caller's array, without copying.
            while (count >= BlockSize)
            {
                Compress(data, offset);
                offset += BlockSize;
                count -= BlockSize;
            }

            Array.Copy(data, offset, _buffer, 0, count);
            _buffered = count;
        }

        /// <summary>Pads the message, writes the digest (HashSize bytes of the algorithm) to <paramref name="output"/> at <paramref name="offset"/> and resets.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="output"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The digest does not fit at <paramref name="offset"/>; the hash is unchanged.</exception>
        public void Finish(byte[] output, int offset)
        {
            ArgumentCheck.Output(output, offset, OutputSize);
            unchecked
            {
                ulong bits = _length << 3;
                int n = _buffered;
                _buffer[n++] = 0x80;
                if (n > BlockSize - 8)
                {
                    Array.Clear(_buffer, n, BlockSize - n);
                    Compress(_buffer, 0);
                    n = 0;
                }

                Array.Clear(_buffer, n, BlockSize - 8 - n);
                for (int i = 0; i < 8; i++)
                {
                    _buffer[_bigEndianLength ? BlockSize - 1 - i : BlockSize - 8 + i] = (byte)bits;
                    bits >>= 8;
                }
            }

            Compress(_buffer, 0);
            WriteState(output, offset);
            Reset();
        }

        /// <summary>One-shot helper for the static Compute methods.</summary>
        internal byte[] Digest(byte[] data, int offset, int count)
        {
            Append(data, offset, count);
            var digest = new byte[OutputSize];
            Finish(digest, 0);
            return digest;
        }

        /// <summary>Sets the chaining state to the algorithm's initial value; called from the constructor too.</summary>
        internal abstract void InitializeState();

        /// <summary>Mixes the 64-byte block at <paramref name="offset"/> into the chaining state.</summary>
        internal abstract void Compress(byte[] block, int offset);

        /// <summary>Writes the chaining state as the digest; the range is already checked.</summary>
        internal abstract void WriteState(byte[] output, int offset);
    }
}
