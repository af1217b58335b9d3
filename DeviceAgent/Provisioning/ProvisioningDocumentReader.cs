namespace DeviceAgent.Provisioning
{
    /// <summary>
    /// Drives the tokenizer for one schema: maps elements and attributes to schema entries, skips unknown subtrees,
    /// refuses duplicates, text in containers and elements inside values, and keeps each leaf's trimmed value and where
    /// it was found. <see cref="Finish"/> checks required entries and every value against the schema's rules.
    /// </summary>
    internal sealed class ProvisioningDocumentReader
    {
        private readonly XmlTokenizer _tokenizer = new XmlTokenizer();
        private readonly ProvisioningSchema _schema;
        private readonly int[] _open = new int[XmlTokenizer.MaxDepth];
        private readonly int[] _startOffsets;
        private readonly int[] _valueOffsets;
        private readonly int[] _endOffsets;
        private readonly int[] _repeatedOffsets = new int[ProvisioningSchema.MaxRedirects];
        private int _skipDepth;

        internal ProvisioningDocumentReader(ProvisioningSchema schema)
        {
            _schema = schema;
            Values = new string[schema.Count];
            _startOffsets = new int[schema.Count];
            _valueOffsets = new int[schema.Count];
            _endOffsets = new int[schema.Count];
            Reset();
        }

        /// <summary>Trimmed value of each leaf and attribute entry, null when absent.</summary>
        internal string[] Values { get; }

        /// <summary>Values of the repeatable entry, in document order.</summary>
        internal string[] Repeated { get; } = new string[ProvisioningSchema.MaxRedirects];

        /// <summary>How many of <see cref="Repeated"/> are set.</summary>
        internal int RepeatedCount { get; private set; }

        internal void Reset()
        {
            _tokenizer.Reset();
            _skipDepth = 0;
            RepeatedCount = 0;
            for (int i = 0; i < Values.Length; i++)
            {
                Values[i] = null;
                _startOffsets[i] = -1;
            }
        }

        internal bool Has(int entry)
        {
            return _startOffsets[entry] >= 0;
        }

        /// <summary>Offset of an entry's end tag, for reasons that concern the element as a whole.</summary>
        internal int EndOffset(int entry)
        {
            return _endOffsets[entry];
        }

        internal void Feed(byte[] buffer, int offset, int count)
        {
            _tokenizer.Feed(buffer, offset, count);
            int token;
            while ((token = _tokenizer.Next()) != XmlTokenizer.None)
            {
                int depth = _tokenizer.Depth;
                if (_skipDepth != 0)
                {
                    if (token == XmlTokenizer.EndElement && depth < _skipDepth)
                    {
                        _skipDepth = 0;
                    }

                    continue;
                }

                switch (token)
                {
                    case XmlTokenizer.StartElement:
                        StartElement(depth);
                        break;
                    case XmlTokenizer.Attribute:
                        Attribute(_open[depth - 1]);
                        break;
                    case XmlTokenizer.Text:
                        Text(_open[depth - 1]);
                        break;
                    default:
                        EndElement(_open[depth]);
                        break;
                }
            }
        }

        internal void Finish()
        {
            _tokenizer.Finish();
            for (int entry = 0; entry < _schema.Count; entry++)
            {
                int parent = _schema.Parents[entry];
                if (!Has(entry))
                {
                    if (_schema.Required[entry] && (parent < 0 || Has(parent)))
                    {
                        throw new ProvisioningFormatException("missing", _schema.Path(entry), parent < 0 ? 0 : _endOffsets[parent]);
                    }
                }
                else if (entry == _schema.Repeatable)
                {
                    for (int i = 0; i < RepeatedCount; i++)
                    {
                        Check(entry, Repeated[i], _repeatedOffsets[i]);
                    }
                }
                else if (_schema.Kinds[entry] != ProvisioningSchema.Container)
                {
                    Check(entry, Values[entry], _valueOffsets[entry]);
                }
            }
        }

        private void StartElement(int depth)
        {
            int parent = depth > 1 ? _open[depth - 2] : -1;
            if (parent >= 0 && _schema.Kinds[parent] == ProvisioningSchema.Leaf)
            {
                Fail("element inside a value");
            }

            int entry = _schema.Find(parent, false, _tokenizer);
            if (entry < 0)
            {
                if (parent < 0)
                {
                    Fail("root element must be <" + _schema.Names[0] + ">");
                }

                _skipDepth = depth;
                _tokenizer.KeepText = false;
                return;
            }

            if (Has(entry))
            {
                if (entry != _schema.Repeatable)
                {
                    Fail("duplicate element");
                }

                if (RepeatedCount == ProvisioningSchema.MaxRedirects)
                {
                    Fail("more than 4 elements");
                }
            }

            _open[depth - 1] = entry;
            _startOffsets[entry] = _tokenizer.TokenOffset;
            _valueOffsets[entry] = _tokenizer.TokenOffset;
            Values[entry] = null;
            _tokenizer.KeepText = _schema.Kinds[entry] == ProvisioningSchema.Leaf;
        }

        private void Attribute(int element)
        {
            int entry = _schema.Find(element, true, _tokenizer);
            if (entry < 0)
            {
                return;
            }

            if (Has(entry))
            {
                Fail("duplicate attribute");
            }

            _startOffsets[entry] = _tokenizer.TokenOffset;
            _valueOffsets[entry] = _tokenizer.TokenOffset;
            Values[entry] = _tokenizer.TrimmedValue();
        }

        private void Text(int element)
        {
            if (_schema.Kinds[element] == ProvisioningSchema.Leaf)
            {
                Values[element] = _tokenizer.TrimmedValue();
                _valueOffsets[element] = _tokenizer.TokenOffset;
            }
            else if (_tokenizer.TextHasContent)
            {
                Fail("text inside a container element");
            }
        }

        private void EndElement(int entry)
        {
            _endOffsets[entry] = _tokenizer.TokenOffset;
            _tokenizer.KeepText = false;
            if (_schema.Kinds[entry] == ProvisioningSchema.Leaf && Values[entry] == null)
            {
                Values[entry] = string.Empty;
            }

            if (entry == _schema.Repeatable)
            {
                Repeated[RepeatedCount] = Values[entry];
                _repeatedOffsets[RepeatedCount++] = _valueOffsets[entry];
            }
        }

        private void Check(int entry, string value, int offset)
        {
            string reason = _schema.Check(entry, value);
            if (reason != null)
            {
                throw new ProvisioningFormatException(reason, _schema.Path(entry), offset);
            }
        }

        private void Fail(string reason)
        {
            throw new ProvisioningFormatException(reason, _tokenizer.Path(), _tokenizer.TokenOffset);
        }
    }
}
