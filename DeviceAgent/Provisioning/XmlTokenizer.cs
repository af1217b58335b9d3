using System;
using System.Text;

namespace DeviceAgent.Provisioning
{
    /// <summary>
    /// Streaming pull tokenizer for the small XML subset the provisioning documents use. Bytes are fed in chunks of any
    /// size and processed one at a time by a state machine, so a token may span chunks and the document is never buffered
    /// whole; names and the current value live in fixed buffers allocated once.
    /// </summary>
    /// <remarks>
    /// It checks well-formedness (matching end tags, one root, UTF-8, XML characters, quoting) and refuses everything that
    /// needs a DTD or is not needed here: DOCTYPE, entities other than the five predefined ones, CDATA sections and
    /// processing instructions other than a leading XML declaration. Comments may appear anywhere markup may. Repeated
    /// attribute names are not detected here (the reader refuses repeated known ones). Names are
    /// ASCII. Line ends are normalised as XML requires (CR LF and CR become LF in text, a space in attribute values).
    /// </remarks>
    internal sealed class XmlTokenizer
    {
        internal const int None = 0;
        internal const int StartElement = 1;
        internal const int Attribute = 2;
        internal const int Text = 3;
        internal const int EndElement = 4;

        internal const int MaxDocumentBytes = 4096;
        internal const int MaxDepth = 8;
        internal const int MaxNameBytes = 32;
        internal const int MaxValueBytes = 256;

        private const int SStart = 0;
        private const int SBom1 = 1;
        private const int SBom2 = 2;
        private const int SContent = 3;
        private const int SLessThan = 4;
        private const int SBang = 5;
        private const int SCommentOpen = 6;
        private const int SComment = 7;
        private const int SCommentDash = 8;
        private const int SCommentDashDash = 9;
        private const int SPiTarget = 10;
        private const int SStartName = 11;
        private const int STagSpace = 12;
        private const int SAttrName = 13;
        private const int SAttrNameSpace = 14;
        private const int SAttrEquals = 15;
        private const int SAttrValue = 16;
        private const int SAfterAttrValue = 17;
        private const int SEmptySlash = 18;
        private const int SEndNameStart = 19;
        private const int SEndName = 20;
        private const int SEndSpace = 21;
        private const int SRef = 22;
        private const int SRefName = 23;
        private const int SCharRef = 24;
        private const int SDecRef = 25;
        private const int SHexRef = 26;
        private const int SDeclEnd = 27;

        private readonly byte[] _name = new byte[MaxNameBytes];
        private readonly byte[] _value = new byte[MaxValueBytes];
        private readonly byte[] _stack = new byte[MaxDepth * MaxNameBytes];
        private readonly int[] _stackLength = new int[MaxDepth];
        private readonly byte[] _refName = new byte[4];

        private byte[] _input;
        private int _position;
        private int _end;

        private int _nameLength;
        private int _valueLength;
        private int _depth;
        private int _state;
        private int _offset;
        private int _current;
        private int _lessThanOffset;
        private int _bomLength;
        private bool _rootClosed;
        private int _tokenOffset;

        private int _textBytes;
        private int _textOffset;
        private bool _textNonWhitespace;
        private bool _previousCr;
        private int _brackets;
        private byte _quote;

        private int _refLength;
        private int _refValue;
        private int _refDigits;
        private int _refReturn;

        private bool _inDeclaration;
        private int _declarationStep;

        private int _utf8Remaining;
        private int _utf8Code;
        private int _utf8Minimum;

        /// <summary>Whether text of the current element is stored (a known leaf) or only checked (containers, skipped subtrees).</summary>
        internal bool KeepText { get; set; }

        /// <summary>Depth after the current token: the element just started counts, the one just ended does not.</summary>
        internal int Depth => _depth;

        /// <summary>Offset of the current token: its '&lt;', the attribute name or the first text byte.</summary>
        internal int TokenOffset => _tokenOffset;

        /// <summary>Whether the current text token had anything but literal whitespace (character references count as text).</summary>
        internal bool TextHasContent => _textNonWhitespace;

        internal void Reset()
        {
            _input = null;
            _position = 0;
            _end = 0;
            _nameLength = 0;
            _valueLength = 0;
            _depth = 0;
            _state = SStart;
            _offset = 0;
            _current = 0;
            _bomLength = 0;
            _rootClosed = false;
            _inDeclaration = false;
            _declarationStep = 0;
            _utf8Remaining = 0;
            KeepText = false;
            ResetText();
        }

        /// <summary>Hands over the next chunk; the previous one must have been read to <see cref="None"/>.</summary>
        internal void Feed(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(offset));
            }

            if (_position < _end)
            {
                throw new InvalidOperationException("previous chunk not consumed");
            }

            _input = buffer;
            _position = offset;
            _end = offset + count;
        }

        /// <summary>Processes bytes of the current chunk until a token is complete; <see cref="None"/> when the chunk is used up.</summary>
        internal int Next()
        {
            while (_position < _end)
            {
                byte b = _input[_position++];
                _current = _offset++;
                if (_current >= MaxDocumentBytes)
                {
                    Fail("document longer than 4096 bytes");
                }

                int token = Step(b);
                if (token != None)
                {
                    return token;
                }
            }

            return None;
        }

        /// <summary>Declares the end of input: the document must be complete.</summary>
        internal void Finish()
        {
            _current = _offset;
            if (_utf8Remaining != 0 || _state != SContent || _depth != 0 || !_rootClosed)
            {
                Fail(_depth == 0 && (_state == SContent || _state == SStart) ? "no root element" : "document truncated");
            }
        }

        /// <summary>Whether the current element or attribute name is <paramref name="name"/> (ASCII).</summary>
        internal bool NameIs(string name)
        {
            if (name.Length != _nameLength)
            {
                return false;
            }

            for (int i = 0; i < _nameLength; i++)
            {
                if (_name[i] != name[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The current value (text or attribute) without leading and trailing XML whitespace.</summary>
        internal string TrimmedValue()
        {
            int start = 0;
            int end = _valueLength;
            while (start < end && IsWhitespace(_value[start]))
            {
                start++;
            }

            while (end > start && IsWhitespace(_value[end - 1]))
            {
                end--;
            }

            return start == end ? string.Empty : Encoding.UTF8.GetString(_value, start, end - start);
        }

        /// <summary>Path of the open elements, e.g. <c>provision-response/config</c>.</summary>
        internal string Path()
        {
            var path = new StringBuilder();
            for (int level = 0; level < _depth; level++)
            {
                if (level > 0)
                {
                    path.Append('/');
                }

                AppendAscii(path, _stack, level * MaxNameBytes, _stackLength[level]);
            }

            return path.ToString();
        }

        private int Step(byte b)
        {
            switch (_state)
            {
                case SStart:
                    _state = SContent;
                    if (b == 0xEF)
                    {
                        _state = SBom1;
                        return None;
                    }

                    break;
                case SBom1:
                    Expect(b, 0xBB, "bad byte order mark");
                    _state = SBom2;
                    return None;
                case SBom2:
                    Expect(b, 0xBF, "bad byte order mark");
                    _state = SContent;
                    _bomLength = 3;
                    return None;
            }

            CheckCharacter(b);
            switch (_state)
            {
                case SContent:
                    return Content(b);
                case SLessThan:
                    return LessThan(b);
                case SBang:
                    if (b == '-')
                    {
                        _state = SCommentOpen;
                        return None;
                    }

                    Fail(b == 'D' ? "DOCTYPE is not allowed" : b == '[' ? "CDATA sections are not allowed" : "malformed markup");
                    break;
                case SCommentOpen:
                    Expect(b, (byte)'-', "malformed comment");
                    _state = SComment;
                    break;
                case SComment:
                    if (b == '-')
                    {
                        _state = SCommentDash;
                    }

                    break;
                case SCommentDash:
                    _state = b == '-' ? SCommentDashDash : SComment;
                    break;
                case SCommentDashDash:
                    Expect(b, (byte)'>', "'--' inside a comment");
                    _state = SContent;
                    break;
                case SPiTarget:
                    PiTarget(b);
                    break;
                case SStartName:
                    return StartName(b);
                case STagSpace:
                    TagSpace(b);
                    break;
                case SAttrName:
                    if (IsNameChar(b))
                    {
                        AppendName(b);
                    }
                    else if (b == '=')
                    {
                        _state = SAttrEquals;
                    }
                    else if (IsWhitespace(b))
                    {
                        _state = SAttrNameSpace;
                    }
                    else
                    {
                        Fail("malformed attribute");
                    }

                    break;
                case SAttrNameSpace:
                    if (b == '=')
                    {
                        _state = SAttrEquals;
                    }
                    else if (!IsWhitespace(b))
                    {
                        Fail("'=' expected after attribute name");
                    }

                    break;
                case SAttrEquals:
                    if (b == '"' || b == '\'')
                    {
                        _quote = b;
                        _valueLength = 0;
                        _previousCr = false;
                        _state = SAttrValue;
                    }
                    else if (!IsWhitespace(b))
                    {
                        Fail("quoted attribute value expected");
                    }

                    break;
                case SAttrValue:
                    return AttributeValue(b);
                case SAfterAttrValue:
                    if (IsWhitespace(b))
                    {
                        _state = STagSpace;
                    }
                    else
                    {
                        EndOfTag(b, "whitespace expected between attributes");
                    }

                    break;
                case SEmptySlash:
                    Expect(b, (byte)'>', "'>' expected after '/'");
                    return Pop();
                case SEndNameStart:
                    if (!IsNameStart(b))
                    {
                        Fail("malformed end tag");
                    }

                    _nameLength = 0;
                    AppendName(b);
                    _state = SEndName;
                    break;
                case SEndName:
                    if (IsNameChar(b))
                    {
                        AppendName(b);
                        break;
                    }

                    if (b == '>')
                    {
                        return EndTag();
                    }

                    if (!IsWhitespace(b))
                    {
                        Fail("malformed end tag");
                    }

                    _state = SEndSpace;
                    break;
                case SEndSpace:
                    if (b == '>')
                    {
                        return EndTag();
                    }

                    if (!IsWhitespace(b))
                    {
                        Fail("malformed end tag");
                    }

                    break;
                case SRef:
                    if (b == '#')
                    {
                        _state = SCharRef;
                    }
                    else if (IsNameStart(b))
                    {
                        _refName[0] = b;
                        _refLength = 1;
                        _state = SRefName;
                    }
                    else
                    {
                        Fail("malformed reference");
                    }

                    break;
                case SRefName:
                    RefName(b);
                    break;
                case SCharRef:
                    _refValue = 0;
                    _refDigits = 0;
                    if (b == 'x')
                    {
                        _state = SHexRef;
                    }
                    else
                    {
                        _state = SDecRef;
                        CharRefDigit(b, 10);
                    }

                    break;
                case SDecRef:
                    CharRefDigit(b, 10);
                    break;
                case SHexRef:
                    CharRefDigit(b, 16);
                    break;
                case SDeclEnd:
                    Expect(b, (byte)'>', "'?>' expected");
                    if (_declarationStep == 0)
                    {
                        Fail("XML declaration without version");
                    }

                    _inDeclaration = false;
                    _state = SContent;
                    ResetText();
                    break;
            }

            return None;
        }

        private int Content(byte b)
        {
            if (b == '<')
            {
                _brackets = 0;
                _lessThanOffset = _current;
                _state = SLessThan;
                return None;
            }

            if (_depth == 0)
            {
                if (!IsWhitespace(b))
                {
                    Fail(_rootClosed ? "content after the root element" : "content before the root element");
                }

                return None;
            }

            if (_textBytes++ == 0)
            {
                _textOffset = _current;
            }

            // "]]>" may not appear in text (XML 1.0 section 2.4).
            if (b == '>' && _brackets >= 2)
            {
                Fail("']]>' in text");
            }

            _brackets = b == ']' ? _brackets + 1 : 0;
            if (b == '&')
            {
                _refReturn = SContent;
                _state = SRef;
                return None;
            }

            if (b == '\r')
            {
                AppendText((byte)'\n', false);
                _previousCr = true;
                return None;
            }

            if (!(b == '\n' && _previousCr))
            {
                AppendText(b, !IsWhitespace(b));
            }

            _previousCr = false;
            return None;
        }

        private int LessThan(byte b)
        {
            if (b == '/')
            {
                if (_depth == 0)
                {
                    Fail("end tag without start tag");
                }

                _state = SEndNameStart;
                return TextToken();
            }

            if (b == '!')
            {
                _state = SBang;
                return None;
            }

            if (b == '?')
            {
                if (_lessThanOffset != _bomLength)
                {
                    Fail("processing instructions are not allowed");
                }

                _nameLength = 0;
                _state = SPiTarget;
                return None;
            }

            if (!IsNameStart(b))
            {
                Fail("malformed markup");
            }

            if (_depth == 0 && _rootClosed)
            {
                Fail("more than one root element");
            }

            if (_depth == MaxDepth)
            {
                Fail("elements nested deeper than 8");
            }

            _nameLength = 0;
            AppendName(b);
            _state = SStartName;
            return TextToken();
        }

        private int TextToken()
        {
            if (_textBytes == 0)
            {
                return None;
            }

            _tokenOffset = _textOffset;
            return Text;
        }

        private void PiTarget(byte b)
        {
            if (IsNameChar(b))
            {
                AppendName(b);
                return;
            }

            if (!NameIs("xml"))
            {
                Fail("processing instructions are not allowed");
            }

            if (!IsWhitespace(b))
            {
                Fail("malformed XML declaration");
            }

            _inDeclaration = true;
            _state = STagSpace;
        }

        private int StartName(byte b)
        {
            if (IsNameChar(b))
            {
                AppendName(b);
                return None;
            }

            if (IsWhitespace(b))
            {
                _state = STagSpace;
            }
            else if (b != '/' && b != '>')
            {
                Fail("malformed start tag");
            }

            Array.Copy(_name, 0, _stack, _depth * MaxNameBytes, _nameLength);
            _stackLength[_depth] = _nameLength;
            _depth++;
            _tokenOffset = _lessThanOffset;
            if (b == '/' || b == '>')
            {
                EndOfTag(b, null);
            }

            return StartElement;
        }

        private void TagSpace(byte b)
        {
            if (IsWhitespace(b))
            {
                return;
            }

            if (IsNameStart(b))
            {
                _nameLength = 0;
                AppendName(b);
                _tokenOffset = _current;
                _state = SAttrName;
                return;
            }

            EndOfTag(b, "malformed tag");
        }

        // After a start tag's name or an attribute: '>' opens the content, '/' starts '/>', '?' starts a declaration's '?>'.
        private void EndOfTag(byte b, string reason)
        {
            if (_inDeclaration ? b == '?' : b == '>')
            {
                _state = _inDeclaration ? SDeclEnd : SContent;
                ResetText();
            }
            else if (b == '/' && !_inDeclaration)
            {
                _state = SEmptySlash;
            }
            else
            {
                Fail(reason);
            }
        }

        private int AttributeValue(byte b)
        {
            if (b == _quote)
            {
                _state = SAfterAttrValue;
                if (_inDeclaration)
                {
                    DeclarationAttribute();
                    return None;
                }

                return Attribute;
            }

            if (b == '<')
            {
                Fail("'<' in attribute value");
            }

            if (b == '&')
            {
                _refReturn = SAttrValue;
                _state = SRef;
                return None;
            }

            if (b == '\n' && _previousCr)
            {
                _previousCr = false;
                return None;
            }

            _previousCr = b == '\r';
            AppendValue(IsWhitespace(b) ? (byte)' ' : b);
            return None;
        }

        private void DeclarationAttribute()
        {
            if (NameIs("version") && _declarationStep == 0 && ValueIs("1.0", false))
            {
                _declarationStep = 1;
            }
            else if (NameIs("encoding") && _declarationStep == 1 && ValueIs("utf-8", true))
            {
                _declarationStep = 2;
            }
            else if (NameIs("standalone") && _declarationStep > 0 && _declarationStep < 3 && (ValueIs("yes", false) || ValueIs("no", false)))
            {
                _declarationStep = 3;
            }
            else
            {
                Fail("unsupported XML declaration");
            }
        }

        private bool ValueIs(string expected, bool ignoreCase)
        {
            if (expected.Length != _valueLength)
            {
                return false;
            }

            for (int i = 0; i < _valueLength; i++)
            {
                int c = _value[i];
                if (ignoreCase && c >= 'A' && c <= 'Z')
                {
                    c += 'a' - 'A';
                }

                if (c != expected[i])
                {
                    return false;
                }
            }

            return true;
        }

        private int EndTag()
        {
            int top = _depth - 1;
            bool match = _stackLength[top] == _nameLength;
            for (int i = 0; match && i < _nameLength; i++)
            {
                match = _stack[top * MaxNameBytes + i] == _name[i];
            }

            if (!match)
            {
                var expected = new StringBuilder("end tag </");
                AppendAscii(expected, _name, 0, _nameLength);
                expected.Append("> does not match the open element");
                Fail(expected.ToString());
            }

            return Pop();
        }

        private int Pop()
        {
            _depth--;
            _rootClosed = _depth == 0;
            _tokenOffset = _lessThanOffset;
            _state = SContent;
            ResetText();
            return EndElement;
        }

        private void RefName(byte b)
        {
            if (b != ';')
            {
                if (!IsNameChar(b) || _refLength == _refName.Length)
                {
                    Fail("unknown entity (only amp, lt, gt, quot and apos exist without a DTD)");
                }

                _refName[_refLength++] = b;
                return;
            }

            int c = RefIs("amp") ? '&' : RefIs("lt") ? '<' : RefIs("gt") ? '>' : RefIs("quot") ? '"' : RefIs("apos") ? '\'' : -1;
            if (c < 0)
            {
                Fail("unknown entity (only amp, lt, gt, quot and apos exist without a DTD)");
            }

            AppendReferenced(c);
        }

        private bool RefIs(string name)
        {
            if (name.Length != _refLength)
            {
                return false;
            }

            for (int i = 0; i < _refLength; i++)
            {
                if (_refName[i] != name[i])
                {
                    return false;
                }
            }

            return true;
        }

        private void CharRefDigit(byte b, int radix)
        {
            if (b == ';' && _refDigits > 0)
            {
                int c = _refValue;
                if (!(c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF)))
                {
                    Fail("character reference to an invalid character");
                }

                AppendReferenced(c);
                return;
            }

            int digit = Bytes.HexValue(b);
            if (digit < 0 || digit >= radix)
            {
                Fail("malformed character reference");
            }

            _refValue = _refValue * radix + digit;
            _refDigits++;
            if (_refValue > 0x10FFFF)
            {
                Fail("character reference to an invalid character");
            }
        }

        // Character and entity references append as UTF-8 to the value they were found in.
        private void AppendReferenced(int c)
        {
            _state = _refReturn;
            _previousCr = false;
            if (c < 0x80)
            {
                AppendEither((byte)c);
            }
            else if (c < 0x800)
            {
                AppendEither((byte)(0xC0 | (c >> 6)));
                AppendEither((byte)(0x80 | (c & 0x3F)));
            }
            else if (c < 0x10000)
            {
                AppendEither((byte)(0xE0 | (c >> 12)));
                AppendEither((byte)(0x80 | ((c >> 6) & 0x3F)));
                AppendEither((byte)(0x80 | (c & 0x3F)));
            }
            else
            {
                AppendEither((byte)(0xF0 | (c >> 18)));
                AppendEither((byte)(0x80 | ((c >> 12) & 0x3F)));
                AppendEither((byte)(0x80 | ((c >> 6) & 0x3F)));
                AppendEither((byte)(0x80 | (c & 0x3F)));
            }
        }

        private void AppendEither(byte b)
        {
            if (_refReturn == SContent)
            {
                AppendText(b, true);
            }
            else
            {
                AppendValue(b);
            }
        }

        private void AppendText(byte b, bool content)
        {
            if (content)
            {
                _textNonWhitespace = true;
            }

            if (KeepText)
            {
                AppendValue(b);
            }
        }

        private void AppendValue(byte b)
        {
            if (_valueLength == MaxValueBytes)
            {
                Fail("value longer than 256 bytes");
            }

            _value[_valueLength++] = b;
        }

        private void AppendName(byte b)
        {
            if (_nameLength == MaxNameBytes)
            {
                Fail("name longer than 32 bytes");
            }

            _name[_nameLength++] = b;
        }

        private void ResetText()
        {
            _valueLength = 0;
            _textBytes = 0;
            _textNonWhitespace = false;
            _previousCr = false;
            _brackets = 0;
        }

        // Validates UTF-8 (no overlong forms, surrogates or values above U+10FFFF) and XML's character range byte by byte.
        private void CheckCharacter(byte b)
        {
            if (_utf8Remaining > 0)
            {
                if ((b & 0xC0) != 0x80)
                {
                    Fail("invalid UTF-8");
                }

                _utf8Code = (_utf8Code << 6) | (b & 0x3F);
                if (--_utf8Remaining == 0)
                {
                    int c = _utf8Code;
                    if (c < _utf8Minimum || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF || c == 0xFFFE || c == 0xFFFF)
                    {
                        Fail("invalid UTF-8");
                    }
                }

                return;
            }

            if (b < 0x80)
            {
                if (b < 0x20 && b != '\t' && b != '\n' && b != '\r')
                {
                    Fail("control character");
                }

                return;
            }

            if ((b & 0xE0) == 0xC0)
            {
                Begin(1, b & 0x1F, 0x80);
            }
            else if ((b & 0xF0) == 0xE0)
            {
                Begin(2, b & 0x0F, 0x800);
            }
            else if ((b & 0xF8) == 0xF0)
            {
                Begin(3, b & 0x07, 0x10000);
            }
            else
            {
                Fail("invalid UTF-8");
            }
        }

        private void Begin(int remaining, int code, int minimum)
        {
            _utf8Remaining = remaining;
            _utf8Code = code;
            _utf8Minimum = minimum;
        }

        private void Expect(byte b, byte expected, string reason)
        {
            if (b != expected)
            {
                Fail(reason);
            }
        }

        private void Fail(string reason)
        {
            throw new ProvisioningFormatException(reason, Path(), _current);
        }

        internal static bool IsWhitespace(byte b)
        {
            return b == ' ' || b == '\t' || b == '\n' || b == '\r';
        }

        private static bool IsNameStart(byte b)
        {
            return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_' || b == ':';
        }

        private static bool IsNameChar(byte b)
        {
            return IsNameStart(b) || (b >= '0' && b <= '9') || b == '-' || b == '.';
        }

        private static void AppendAscii(StringBuilder builder, byte[] bytes, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                builder.Append((char)bytes[offset + i]);
            }
        }
    }
}
