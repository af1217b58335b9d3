namespace DeviceAgent.Dhcp
{
    /// <summary>Where an option was found: the options field, or a header field overloaded by option 52.</summary>
    public enum DhcpOptionField
    {
        /// <summary>The variable-length options field after the magic cookie.</summary>
        Options = 0,

        /// <summary>The 128-byte 'file' field (option 52 value 1 or 3).</summary>
        File = 1,

        /// <summary>The 64-byte 'sname' field (option 52 value 2 or 3).</summary>
        ServerName = 2,
    }

    /// <summary>
    /// Walks the options of a DHCP message in place, allocating nothing: each <see cref="MoveNext"/> gives one
    /// option instance's code and where its value lies in the buffer. Pad options are skipped. The walk covers the
    /// options field, then 'file', then 'sname' when option 52 overloads them (RFC 2131 §4.1, RFC 2132 §9.3), the
    /// order in which RFC 3396 §5 concatenates split options. Instances are given one by one, not concatenated; use
    /// <see cref="DhcpMessage.TryGetOption"/> for the concatenated value.
    /// </summary>
    /// <remarks>
    /// A missing end option (255) is tolerated: the field then ends where its bytes end. RFC 2131 requires the end
    /// option, but the robustness principle (RFC 1122 §1.2.2) favours accepting a message whose every option is
    /// complete; an option whose length runs past the end of its field is still rejected, since its value is unknown.
    /// </remarks>
    public struct DhcpOptionScanner
    {
        private readonly byte[] _buffer;
        private readonly int _messageStart;
        private int _position;
        private int _fieldEnd;
        private int _overload;

        /// <summary>Checks the fixed header and magic cookie and positions the scanner before the first option.</summary>
        /// <exception cref="DhcpFormatException">The message is shorter than its fixed header or the cookie is wrong.</exception>
        public DhcpOptionScanner(byte[] buffer, int offset, int count)
        {
            DhcpMessage.CheckHeader(buffer, offset, count);
            _buffer = buffer;
            _messageStart = offset;
            _position = offset + DhcpMessage.OptionsOffset;
            _fieldEnd = offset + count;
            _overload = 0;
            Field = DhcpOptionField.Options;
            IsDone = false;
            Code = 0;
            ValueOffset = 0;
            Length = 0;
        }

        /// <summary>Code of the current option.</summary>
        public byte Code { get; private set; }

        /// <summary>Index in the buffer of the current option's first value byte.</summary>
        public int ValueOffset { get; private set; }

        /// <summary>Length of the current option instance's value (0 to 255).</summary>
        public int Length { get; private set; }

        /// <summary>The field the current option was found in.</summary>
        public DhcpOptionField Field { get; private set; }

        /// <summary>True once every field has been walked.</summary>
        public bool IsDone { get; private set; }

        /// <summary>
        /// The option 52 value seen so far (0 when none). Final once the scanner has left the options field, which
        /// is always scanned first.
        /// </summary>
        public int Overload
        {
            get { return _overload; }
        }

        /// <summary>Moves to the next option instance; false when there are no more.</summary>
        /// <exception cref="DhcpFormatException">An option's length byte is missing or its value runs past its field,
        /// or option 52 is malformed.</exception>
        public bool MoveNext()
        {
            while (!IsDone)
            {
                if (_position >= _fieldEnd)
                {
                    NextField();
                    continue;
                }

                var code = _buffer[_position];
                if (code == DhcpOptionCode.Pad)
                {
                    _position++;
                    continue;
                }

                if (code == DhcpOptionCode.End)
                {
                    NextField();
                    continue;
                }

                if (_position + 1 >= _fieldEnd)
                {
                    throw new DhcpFormatException(DhcpMessage.OptionName(code), _position + 1, "length byte missing at the end of the " + FieldName() + " field");
                }

                var length = (int)_buffer[_position + 1];
                var value = _position + 2;
                if (value + length > _fieldEnd)
                {
                    throw new DhcpFormatException(DhcpMessage.OptionName(code), _position + 1, "length " + length.ToString() + " runs past the end of the " + FieldName() + " field");
                }

                if (code == DhcpOptionCode.Overload && Field == DhcpOptionField.Options)
                {
                    if (length != 1 || _buffer[value] < 1 || _buffer[value] > 3)
                    {
                        throw new DhcpFormatException(DhcpMessage.OptionName(code), value, "must be one byte of value 1, 2 or 3");
                    }

                    _overload |= _buffer[value];
                }

                Code = code;
                ValueOffset = value;
                Length = length;
                _position = value + length;
                return true;
            }

            return false;
        }

        private void NextField()
        {
            if (Field == DhcpOptionField.Options && (_overload & 1) != 0)
            {
                Field = DhcpOptionField.File;
                _position = _messageStart + DhcpMessage.FileOffset;
                _fieldEnd = _position + DhcpMessage.FileLength;
            }
            else if (Field != DhcpOptionField.ServerName && (_overload & 2) != 0)
            {
                Field = DhcpOptionField.ServerName;
                _position = _messageStart + DhcpMessage.ServerNameOffset;
                _fieldEnd = _position + DhcpMessage.ServerNameLength;
            }
            else
            {
                IsDone = true;
            }
        }

        private string FieldName()
        {
            return Field == DhcpOptionField.Options ? "options" : Field == DhcpOptionField.File ? "file" : "sname";
        }
    }
}
