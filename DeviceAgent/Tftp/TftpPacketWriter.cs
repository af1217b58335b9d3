using System;

namespace DeviceAgent.Tftp
{
    /// <summary>
    /// Writes TFTP packets (RFC 1350 section 5, options RFC 2347/2348/2349) into a caller's buffer and returns their
    /// length. Text is ASCII; file names and messages with other characters are rejected or replaced.
    /// </summary>
    public static class TftpPacketWriter
    {
        /// <summary>
        /// Writes an RRQ for <paramref name="fileName"/> in octet mode, asking for <paramref name="blockSize"/>
        /// (RFC 2348) unless it is -1, and for the transfer size (RFC 2349, sent as tsize 0) when
        /// <paramref name="askTransferSize"/> is true.
        /// </summary>
        /// <exception cref="ArgumentException">The file name is empty or not printable ASCII, a value is out of range, or the buffer is too small.</exception>
        public static int WriteReadRequest(byte[] buffer, int offset, string fileName, int blockSize, bool askTransferSize)
        {
            if (fileName == null || fileName.Length == 0)
            {
                throw new ArgumentException("file name is empty", "fileName");
            }

            for (int i = 0; i < fileName.Length; i++)
            {
                if (fileName[i] < ' ' || fileName[i] > '~')
                {
                    throw new ArgumentException("file name must be printable ASCII", "fileName");
                }
            }

            if (blockSize != -1 && (blockSize < TftpPacket.MinBlockSize || blockSize > TftpPacket.MaxBlockSize))
            {
                throw new ArgumentOutOfRangeException("blockSize");
            }

            int p = Opcode(buffer, offset, TftpOpcode.ReadRequest, 2 + fileName.Length + 7 + 20 + 8);
            p = Text(buffer, p, fileName);
            p = Text(buffer, p, "octet");
            if (blockSize != -1)
            {
                p = Text(buffer, p, "blksize");
                p = Text(buffer, p, blockSize.ToString());
            }

            if (askTransferSize)
            {
                p = Text(buffer, p, "tsize");
                p = Text(buffer, p, "0");
            }

            return p - offset;
        }

        /// <summary>Writes a DATA packet for <paramref name="block"/> (0..65535) with <paramref name="count"/> bytes of <paramref name="data"/>.</summary>
        /// <exception cref="ArgumentException">A value is out of range or the buffer is too small.</exception>
        public static int WriteData(byte[] buffer, int offset, int block, byte[] data, int dataOffset, int count)
        {
            if (data == null || dataOffset < 0 || count < 0 || dataOffset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            int p = Opcode(buffer, offset, TftpOpcode.Data, 4 + count);
            p = Short(buffer, p, block, "block");
            Array.Copy(data, dataOffset, buffer, p, count);
            return p + count - offset;
        }

        /// <summary>Writes an ACK for <paramref name="block"/> (0..65535); always 4 bytes.</summary>
        /// <exception cref="ArgumentException">The block number is out of range or the buffer is too small.</exception>
        public static int WriteAck(byte[] buffer, int offset, int block)
        {
            int p = Opcode(buffer, offset, TftpOpcode.Ack, 4);
            return Short(buffer, p, block, "block") - offset;
        }

        /// <summary>Writes an ERROR with <paramref name="code"/>; characters of <paramref name="message"/> outside printable ASCII become '?'.</summary>
        /// <exception cref="ArgumentException">The code is out of range or the buffer is too small.</exception>
        public static int WriteError(byte[] buffer, int offset, int code, string message)
        {
            if (message == null)
            {
                message = "";
            }

            int p = Opcode(buffer, offset, TftpOpcode.Error, 5 + message.Length);
            p = Short(buffer, p, code, "code");
            return Text(buffer, p, message) - offset;
        }

        /// <summary>Writes an OACK with the blksize and tsize options, each left out when -1.</summary>
        /// <exception cref="ArgumentException">A value is out of range or the buffer is too small.</exception>
        public static int WriteOptionAck(byte[] buffer, int offset, int blockSize, int transferSize)
        {
            if (blockSize != -1 && (blockSize < TftpPacket.MinBlockSize || blockSize > TftpPacket.MaxBlockSize))
            {
                throw new ArgumentOutOfRangeException("blockSize");
            }

            if (transferSize < -1)
            {
                throw new ArgumentOutOfRangeException("transferSize");
            }

            int p = Opcode(buffer, offset, TftpOpcode.OptionAck, 2 + 14 + 17);
            if (blockSize != -1)
            {
                p = Text(buffer, p, "blksize");
                p = Text(buffer, p, blockSize.ToString());
            }

            if (transferSize != -1)
            {
                p = Text(buffer, p, "tsize");
                p = Text(buffer, p, transferSize.ToString());
            }

            return p - offset;
        }

        // Checks the whole packet fits (an upper bound of its length) before writing the first byte.
        private static int Opcode(byte[] buffer, int offset, TftpOpcode opcode, int length)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            if (offset < 0 || offset > buffer.Length - length)
            {
                throw new ArgumentException("buffer too small", "buffer");
            }

            return Short(buffer, offset, (int)opcode, "opcode");
        }

        private static int Short(byte[] buffer, int p, int value, string name)
        {
            if (value < 0 || value > 0xFFFF)
            {
                throw new ArgumentOutOfRangeException(name);
            }

            buffer[p] = (byte)(value >> 8);
            buffer[p + 1] = (byte)value;
            return p + 2;
        }

        private static int Text(byte[] buffer, int p, string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                buffer[p++] = c >= ' ' && c <= '~' ? (byte)c : (byte)'?';
            }

            buffer[p] = 0;
            return p + 1;
        }
    }
}
