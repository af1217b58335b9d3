using System;

namespace DeviceAgent.Crypto
{
    /// <summary>Argument validation shared by the hashes, so every entry point reports bad buffers the same way.</summary>
    internal static class ArgumentCheck
    {
        /// <summary>Throws unless <paramref name="count"/> bytes from <paramref name="offset"/> lie inside <paramref name="buffer"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="buffer"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range does not lie inside the buffer.</exception>
        internal static void Range(byte[] buffer, int offset, int count, string bufferName)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(bufferName);
            }

            if (offset < 0 || offset > buffer.Length)
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            if (count < 0 || count > buffer.Length - offset)
            {
                throw new ArgumentOutOfRangeException("count");
            }
        }

        /// <summary>Throws unless a digest of <paramref name="size"/> bytes fits in <paramref name="output"/> at <paramref name="offset"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="output"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The digest would not fit.</exception>
        internal static void Output(byte[] output, int offset, int size)
        {
            if (output == null)
            {
                throw new ArgumentNullException("output");
            }

            if (offset < 0 || offset > output.Length - size)
            {
                throw new ArgumentOutOfRangeException("offset");
            }
        }
    }
}
