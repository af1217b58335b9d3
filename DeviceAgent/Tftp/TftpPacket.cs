namespace DeviceAgent.Tftp
{
    /// <summary>
    /// One parsed TFTP packet (RFC 1350 section 5, options RFC 2347/2348/2349), read in place: a DATA packet's payload
    /// stays in the caller's buffer (<see cref="DataOffset"/>, <see cref="DataCount"/>), so one instance reused for a
    /// whole transfer allocates nothing per block. Only ERROR messages and request file names become strings.
    /// </summary>
    public sealed class TftpPacket
    {
        /// <summary>Smallest block size RFC 2348 allows.</summary>
        public const int MinBlockSize = 8;

        /// <summary>Largest block size RFC 2348 allows.</summary>
        public const int MaxBlockSize = 65464;

        /// <summary>Packet type.</summary>
        public TftpOpcode Opcode { get; private set; }

        /// <summary>Block number of a DATA or ACK packet, 0..65535.</summary>
        public int Block { get; private set; }

        /// <summary>Where a DATA packet's payload starts in the buffer given to <see cref="Read"/>.</summary>
        public int DataOffset { get; private set; }

        /// <summary>Length of a DATA packet's payload.</summary>
        public int DataCount { get; private set; }

        /// <summary>Error code of an ERROR packet (any 16-bit value; 0..8 are defined in <see cref="TftpErrorCode"/>).</summary>
        public int ErrorCode { get; private set; }

        /// <summary>Message of an ERROR packet, non-ASCII bytes as '?'; empty when the server sent none.</summary>
        public string ErrorMessage { get; private set; }

        /// <summary>File name of an RRQ or WRQ.</summary>
        public string FileName { get; private set; }

        /// <summary>Transfer mode of an RRQ or WRQ, as sent (e.g. "octet").</summary>
        public string Mode { get; private set; }

        /// <summary>The blksize option of an RRQ, WRQ or OACK (RFC 2348), or -1 when absent.</summary>
        public int BlockSize { get; private set; }

        /// <summary>The tsize option of an RRQ, WRQ or OACK (RFC 2349), or -1 when absent.</summary>
        public int TransferSize { get; private set; }

        /// <summary>The timeout option in seconds of an RRQ, WRQ or OACK (RFC 2349), or -1 when absent.</summary>
        public int TimeoutSeconds { get; private set; }

        /// <summary>True when an RRQ, WRQ or OACK carried an option other than blksize, tsize and timeout.</summary>
        public bool HasUnknownOption { get; private set; }

        /// <summary>
        /// Parses <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>, replacing
        /// every property. Bytes after a complete ACK or ERROR are ignored, as other implementations do.
        /// </summary>
        /// <exception cref="TftpFormatException">The packet is truncated or malformed.</exception>
        public void Read(byte[] buffer, int offset, int count)
        {
            int end = offset + count;
            Block = 0;
            DataOffset = 0;
            DataCount = 0;
            ErrorCode = 0;
            ErrorMessage = null;
            FileName = null;
            Mode = null;
            BlockSize = -1;
            TransferSize = -1;
            TimeoutSeconds = -1;
            HasUnknownOption = false;
            if (count < 2)
            {
                throw new TftpFormatException("opcode", end, "truncated");
            }

            int opcode = buffer[offset] << 8 | buffer[offset + 1];
            if (opcode < 1 || opcode > 6)
            {
                throw new TftpFormatException("opcode", offset, "unknown opcode " + opcode.ToString());
            }

            Opcode = (TftpOpcode)opcode;
            int p = offset + 2;
            switch (Opcode)
            {
                case TftpOpcode.Data:
                case TftpOpcode.Ack:
                    if (end - p < 2)
                    {
                        throw new TftpFormatException("block", end, "truncated");
                    }

                    Block = buffer[p] << 8 | buffer[p + 1];
                    if (Opcode == TftpOpcode.Data)
                    {
                        DataOffset = p + 2;
                        DataCount = end - DataOffset;
                    }

                    break;

                case TftpOpcode.Error:
                    if (end - p < 2)
                    {
                        throw new TftpFormatException("error code", end, "truncated");
                    }

                    ErrorCode = buffer[p] << 8 | buffer[p + 1];
                    p += 2;

                    // Some servers leave out the terminating NUL; the message is worth more than the strictness.
                    int messageEnd = p;
                    while (messageEnd < end && buffer[messageEnd] != 0)
                    {
                        messageEnd++;
                    }

                    ErrorMessage = Ascii(buffer, p, messageEnd - p);
                    break;

                case TftpOpcode.ReadRequest:
                case TftpOpcode.WriteRequest:
                    int nameEnd = StringEnd(buffer, p, end, "filename");
                    if (nameEnd == p)
                    {
                        throw new TftpFormatException("filename", p, "empty");
                    }

                    FileName = Ascii(buffer, p, nameEnd - p);
                    p = nameEnd + 1;
                    int modeEnd = StringEnd(buffer, p, end, "mode");
                    Mode = Ascii(buffer, p, modeEnd - p);
                    ReadOptions(buffer, modeEnd + 1, end);
                    break;

                default:
                    ReadOptions(buffer, p, end);
                    break;
            }
        }

        // RFC 2347: name NUL value NUL pairs up to the end of the packet; names are case-insensitive.
        private void ReadOptions(byte[] buffer, int p, int end)
        {
            while (p < end)
            {
                int nameEnd = StringEnd(buffer, p, end, "option name");
                if (nameEnd == p)
                {
                    throw new TftpFormatException("option name", p, "empty");
                }

                int valueStart = nameEnd + 1;
                int valueEnd = StringEnd(buffer, valueStart, end, "option value");
                if (NameIs(buffer, p, nameEnd, "blksize"))
                {
                    BlockSize = Number(buffer, valueStart, valueEnd, "option blksize");
                    if (BlockSize < MinBlockSize || BlockSize > MaxBlockSize)
                    {
                        throw new TftpFormatException("option blksize", valueStart, "out of range 8..65464");
                    }
                }
                else if (NameIs(buffer, p, nameEnd, "tsize"))
                {
                    TransferSize = Number(buffer, valueStart, valueEnd, "option tsize");
                }
                else if (NameIs(buffer, p, nameEnd, "timeout"))
                {
                    TimeoutSeconds = Number(buffer, valueStart, valueEnd, "option timeout");
                    if (TimeoutSeconds < 1 || TimeoutSeconds > 255)
                    {
                        throw new TftpFormatException("option timeout", valueStart, "out of range 1..255");
                    }
                }
                else
                {
                    HasUnknownOption = true;
                }

                p = valueEnd + 1;
            }
        }

        private static int StringEnd(byte[] buffer, int p, int end, string field)
        {
            for (int i = p; i < end; i++)
            {
                if (buffer[i] == 0)
                {
                    return i;
                }
            }

            throw new TftpFormatException(field, end, "not NUL-terminated");
        }

        private static bool NameIs(byte[] buffer, int start, int end, string name)
        {
            if (end - start != name.Length)
            {
                return false;
            }

            for (int i = 0; i < name.Length; i++)
            {
                int c = buffer[start + i];
                if (c >= 'A' && c <= 'Z')
                {
                    c += 'a' - 'A';
                }

                if (c != name[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static int Number(byte[] buffer, int start, int end, string field)
        {
            if (start == end)
            {
                throw new TftpFormatException(field, start, "empty");
            }

            long value = 0;
            for (int i = start; i < end; i++)
            {
                int digit = buffer[i] - '0';
                if (digit < 0 || digit > 9)
                {
                    throw new TftpFormatException(field, i, "not a decimal number");
                }

                value = value * 10 + digit;
                if (value > int.MaxValue)
                {
                    throw new TftpFormatException(field, start, "too large");
                }
            }

            return (int)value;
        }

        private static string Ascii(byte[] buffer, int start, int length)
        {
            char[] chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                byte b = buffer[start + i];
                chars[i] = b >= 0x20 && b < 0x7F ? (char)b : '?';
            }

            return new string(chars);
        }
    }
}
