using System;

namespace DeviceAgent.Provisioning
{
    /// <summary>
    /// Writes one provisioning document as indented UTF-8 straight into a byte buffer: no intermediate strings. Every
    /// value passes the same schema check the reader applies, so what is written can always be read back.
    /// </summary>
    internal sealed class ProvisioningXmlWriter
    {
        private readonly ProvisioningSchema _schema;
        private readonly byte[] _buffer;
        private readonly int _start;
        private readonly int _limit;
        private int _position;

        internal ProvisioningXmlWriter(ProvisioningSchema schema, byte[] buffer, int offset)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            if (offset < 0 || offset > buffer.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(offset));
            }

            _schema = schema;
            _buffer = buffer;
            _start = offset;
            _position = offset;
            _limit = buffer.Length - offset < XmlTokenizer.MaxDocumentBytes ? buffer.Length : offset + XmlTokenizer.MaxDocumentBytes;
            Ascii("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        }

        internal int Count => _position - _start;

        /// <summary>Writes the root start tag with its version attribute.</summary>
        internal void Root()
        {
            StartTag(0, 0);
            Attribute(1, "1");
            Ascii(">\n");
        }

        internal void Open(int entry, int depth)
        {
            StartTag(entry, depth);
            Ascii(">\n");
        }

        internal void Close(int entry, int depth)
        {
            Indent(depth);
            EndTag(entry);
        }

        internal void Leaf(int entry, int depth, string value)
        {
            StartTag(entry, depth);
            CloseStartTag();
            Content(entry, value);
        }

        internal void CloseStartTag()
        {
            Byte((byte)'>');
        }

        internal void StartTag(int entry, int depth)
        {
            Indent(depth);
            Byte((byte)'<');
            Ascii(_schema.Names[entry]);
        }

        internal void Attribute(int entry, string value)
        {
            Check(entry, value);
            Byte((byte)' ');
            Ascii(_schema.Names[entry]);
            Ascii("=\"");
            Escaped(entry, value);
            Byte((byte)'"');
        }

        /// <summary>Closes the start tag, then writes the element's text and its end tag.</summary>
        internal void Content(int entry, string value)
        {
            Check(entry, value);
            Escaped(entry, value);
            EndTag(entry);
        }

        private void EndTag(int entry)
        {
            Ascii("</");
            Ascii(_schema.Names[entry]);
            Ascii(">\n");
        }

        private void Check(int entry, string value)
        {
            string reason = _schema.Check(entry, value);
            if (reason != null)
            {
                throw new ArgumentException(_schema.Path(entry) + ": " + reason);
            }
        }

        private void Indent(int depth)
        {
            for (int i = 0; i < 2 * depth; i++)
            {
                Byte((byte)' ');
            }
        }

        private void Ascii(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                Byte((byte)text[i]);
            }
        }

        // Escapes all five markup characters in text and attributes alike, and encodes UTF-8 by hand.
        private void Escaped(int entry, string value)
        {
            for (int i = 0; i < value.Length; i++)
            {
                int c = value[i];
                switch (c)
                {
                    case '&':
                        Ascii("&amp;");
                        continue;
                    case '<':
                        Ascii("&lt;");
                        continue;
                    case '>':
                        Ascii("&gt;");
                        continue;
                    case '"':
                        Ascii("&quot;");
                        continue;
                    case '\'':
                        Ascii("&apos;");
                        continue;
                }

                if (c < 0x80)
                {
                    Byte((byte)c);
                }
                else if (c < 0x800)
                {
                    Byte((byte)(0xC0 | (c >> 6)));
                    Byte((byte)(0x80 | (c & 0x3F)));
                }
                else if (c >= 0xD800 && c <= 0xDFFF)
                {
                    int low = i + 1 < value.Length ? value[i + 1] : 0;
                    if (c > 0xDBFF || low < 0xDC00 || low > 0xDFFF)
                    {
                        throw new ArgumentException(_schema.Path(entry) + ": unpaired surrogate");
                    }

                    i++;
                    c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
                    Byte((byte)(0xF0 | (c >> 18)));
                    Byte((byte)(0x80 | ((c >> 12) & 0x3F)));
                    Byte((byte)(0x80 | ((c >> 6) & 0x3F)));
                    Byte((byte)(0x80 | (c & 0x3F)));
                }
                else
                {
                    if (c == 0xFFFE || c == 0xFFFF)
                    {
                        throw new ArgumentException(_schema.Path(entry) + ": character not allowed in XML");
                    }

                    Byte((byte)(0xE0 | (c >> 12)));
                    Byte((byte)(0x80 | ((c >> 6) & 0x3F)));
                    Byte((byte)(0x80 | (c & 0x3F)));
                }
            }
        }

        private void Byte(byte b)
        {
            if (_position == _limit)
            {
                throw new ArgumentException("document does not fit the buffer or exceeds 4096 bytes");
            }

            _buffer[_position++] = b;
        }
    }
}
