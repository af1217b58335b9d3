using System;

namespace DeviceAgent.Dhcp
{
    /// <summary>
    /// One enterprise's part of option 125, vendor-identifying vendor-specific information (RFC 3925 §4):
    /// a 32-bit IANA enterprise number and up to 255 bytes of sub-options, each code, length, data. Blocks of
    /// every enterprise are kept with all their sub-options, known to the agent or not.
    /// </summary>
    public sealed class DhcpVendorBlock
    {
        private const string Field = "option 125";
        private byte[] _data;

        /// <summary>Starts an empty block to which sub-options are added (server side, tests).</summary>
        public DhcpVendorBlock(uint enterpriseNumber)
        {
            EnterpriseNumber = enterpriseNumber;
            _data = new byte[0];
        }

        /// <summary>A block holding <paramref name="data"/> (checked sub-options) itself, not a copy.</summary>
        internal DhcpVendorBlock(uint enterpriseNumber, byte[] data)
        {
            EnterpriseNumber = enterpriseNumber;
            _data = data;
        }

        /// <summary>The IANA private enterprise number that owns the sub-option codes of this block.</summary>
        public uint EnterpriseNumber { get; }

        /// <summary>The raw sub-options (code, length, data, ...), as received or built; do not modify.</summary>
        public byte[] Data
        {
            get { return _data; }
        }

        /// <summary>Number of sub-options in the block.</summary>
        public int SubOptionCount
        {
            get
            {
                var count = 0;
                for (var position = 0; position < _data.Length; position += 2 + _data[position + 1])
                {
                    count++;
                }

                return count;
            }
        }

        /// <summary>
        /// Decodes a whole option 125 value into its blocks, checking every block and sub-option length.
        /// Offsets in errors index <paramref name="data"/>.
        /// </summary>
        /// <exception cref="DhcpFormatException">A block header or sub-option is truncated or runs past its end.</exception>
        public static DhcpVendorBlock[] Decode(byte[] data, int offset, int length)
        {
            var count = Check(data, offset, length);
            var blocks = new DhcpVendorBlock[count];
            var next = offset;
            for (var i = 0; i < count; i++)
            {
                var dataLength = data[next + 4];
                var blockData = new byte[dataLength];
                Array.Copy(data, next + 5, blockData, 0, dataLength);
                blocks[i] = new DhcpVendorBlock(DhcpAddress.Read(data, next), blockData);
                next += 5 + dataLength;
            }

            return blocks;
        }

        /// <summary>Encodes blocks as one option 125 value (the writer splits it over instances if longer than 255).</summary>
        public static byte[] Encode(DhcpVendorBlock[] blocks)
        {
            var total = 0;
            for (var i = 0; i < blocks.Length; i++)
            {
                total += 5 + blocks[i]._data.Length;
            }

            var value = new byte[total];
            var position = 0;
            for (var i = 0; i < blocks.Length; i++)
            {
                var block = blocks[i];
                DhcpAddress.Write(block.EnterpriseNumber, value, position);
                value[position + 4] = (byte)block._data.Length;
                Array.Copy(block._data, 0, value, position + 5, block._data.Length);
                position += 5 + block._data.Length;
            }

            return value;
        }

        /// <summary>The sub-option at <paramref name="index"/> (0-based, in order): code and where its value is in <see cref="Data"/>.</summary>
        /// <exception cref="ArgumentOutOfRangeException">index is not below <see cref="SubOptionCount"/>.</exception>
        public void GetSubOption(int index, out byte code, out int offset, out int length)
        {
            var position = 0;
            for (var i = 0; position < _data.Length; i++)
            {
                if (i == index)
                {
                    code = _data[position];
                    offset = position + 2;
                    length = _data[position + 1];
                    return;
                }

                position += 2 + _data[position + 1];
            }

            throw new ArgumentOutOfRangeException("index");
        }

        /// <summary>Finds the first sub-option with this code; offset and length index <see cref="Data"/>.</summary>
        public bool TryFindSubOption(byte code, out int offset, out int length)
        {
            for (var position = 0; position < _data.Length; position += 2 + _data[position + 1])
            {
                if (_data[position] == code)
                {
                    offset = position + 2;
                    length = _data[position + 1];
                    return true;
                }
            }

            offset = 0;
            length = 0;
            return false;
        }

        /// <summary>A text sub-option decoded byte per char, or null when absent.</summary>
        public string GetText(byte code)
        {
            return TryFindSubOption(code, out var offset, out var length) ? DhcpText.Decode(_data, offset, length) : null;
        }

        /// <summary>A sub-option's value as a new array, or null when absent.</summary>
        public byte[] GetBytes(byte code)
        {
            if (!TryFindSubOption(code, out var offset, out var length))
            {
                return null;
            }

            var value = new byte[length];
            Array.Copy(_data, offset, value, 0, length);
            return value;
        }

        /// <summary>Appends a sub-option.</summary>
        /// <exception cref="ArgumentException">The block would exceed 255 bytes of data (its data-len is one byte).</exception>
        public void AddSubOption(byte code, byte[] value)
        {
            if (value == null || _data.Length + 2 + value.Length > 255)
            {
                throw new ArgumentException("sub-option " + code.ToString() + " does not fit in the 255 bytes of an enterprise block");
            }

            var data = new byte[_data.Length + 2 + value.Length];
            Array.Copy(_data, data, _data.Length);
            data[_data.Length] = code;
            data[_data.Length + 1] = (byte)value.Length;
            Array.Copy(value, 0, data, _data.Length + 2, value.Length);
            _data = data;
        }

        /// <summary>Appends a text sub-option as UTF-8.</summary>
        /// <exception cref="ArgumentException">The block would exceed 255 bytes of data.</exception>
        public void AddText(byte code, string text)
        {
            AddSubOption(code, DhcpText.Encode(text));
        }

        /// <summary>Checks a whole option 125 value and returns its number of blocks.</summary>
        /// <exception cref="DhcpFormatException">See <see cref="Decode"/>.</exception>
        internal static int Check(byte[] data, int offset, int length)
        {
            var end = offset + length;
            var count = 0;
            for (var position = offset; position < end; count++)
            {
                position = CheckBlock(data, position, end);
            }

            return count;
        }

        /// <summary>
        /// Finds a sub-option in a checked option 125 value, in the first block of the enterprise that has it
        /// (RFC 3925 §4 leaves repeated enterprise numbers undefined). Offsets index <paramref name="data"/>.
        /// </summary>
        internal static bool TryFindSubOption(byte[] data, int offset, int length, uint enterprise, byte code, out int valueOffset, out int valueLength)
        {
            var end = offset + length;
            for (var block = offset; block < end; block += 5 + data[block + 4])
            {
                if (DhcpAddress.Read(data, block) != enterprise)
                {
                    continue;
                }

                var blockEnd = block + 5 + data[block + 4];
                for (var sub = block + 5; sub < blockEnd; sub += 2 + data[sub + 1])
                {
                    if (data[sub] == code)
                    {
                        valueOffset = sub + 2;
                        valueLength = data[sub + 1];
                        return true;
                    }
                }
            }

            valueOffset = 0;
            valueLength = 0;
            return false;
        }

        /// <summary>Checks one block and its sub-options; returns where the next block starts.</summary>
        private static int CheckBlock(byte[] data, int position, int end)
        {
            if (end - position < 5)
            {
                throw new DhcpFormatException(Field, position, "enterprise block header needs 5 bytes, " + (end - position).ToString() + " left");
            }

            var enterprise = DhcpAddress.Read(data, position);
            var blockEnd = position + 5 + data[position + 4];
            if (blockEnd > end)
            {
                throw new DhcpFormatException(BlockName(enterprise), position + 4, "data-len " + data[position + 4].ToString() + " runs past the end of the option");
            }

            var sub = position + 5;
            while (sub < blockEnd)
            {
                if (sub + 1 >= blockEnd)
                {
                    throw new DhcpFormatException(SubOptionName(enterprise, data[sub]), sub + 1, "length byte missing");
                }

                var next = sub + 2 + data[sub + 1];
                if (next > blockEnd)
                {
                    throw new DhcpFormatException(SubOptionName(enterprise, data[sub]), sub + 1, "length " + data[sub + 1].ToString() + " runs past the end of the enterprise block");
                }

                sub = next;
            }

            return blockEnd;
        }

        private static string BlockName(uint enterprise)
        {
            return Field + " enterprise " + enterprise.ToString();
        }

        internal static string SubOptionName(uint enterprise, byte code)
        {
            return BlockName(enterprise) + " sub-option " + code.ToString();
        }
    }
}
