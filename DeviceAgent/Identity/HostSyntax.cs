namespace DeviceAgent.Identity
{
    /// <summary>
    /// Host and port syntax shared by the pre-provisioning URL and the provisioning contact: a DNS host name
    /// (RFC 1123 section 2.1: letters, digits and hyphens, labels of 1-63 characters not starting or ending with a
    /// hyphen, at most 253 characters) or a dotted-quad IPv4 address. A name whose last label is all digits is
    /// read as an IPv4 address (RFC 3696 section 2), so "256.1.1.1" is a bad address, not a host name.
    /// </summary>
    internal static class HostSyntax
    {
        internal const int MaxDomainNameLength = 253;
        private const int MaxLabelLength = 63;

        /// <summary>
        /// Checks <paramref name="text"/>[start, end) as a host; returns it lower-cased, or throws naming
        /// <paramref name="field"/>. <paramref name="ipv4"/> is set when the host is an IPv4 address.
        /// </summary>
        internal static string ParseHost(string text, int start, int end, string field, out bool isIPv4, out uint ipv4)
        {
            isIPv4 = false;
            ipv4 = 0;
            if (start == end)
            {
                throw new IdentityFormatException(field, start, "host is empty");
            }

            if (HasNumericLastLabel(text, start, end))
            {
                if (!TryParseIPv4(text, start, end, out ipv4))
                {
                    throw new IdentityFormatException(field, start, "'" + text.Substring(start, end - start) + "' is not a valid IPv4 address");
                }

                isIPv4 = true;
                return FormatIPv4(ipv4);
            }

            CheckDomainName(text, start, end, field);
            return text.Substring(start, end - start).ToLower();
        }

        /// <summary>Throws unless <paramref name="text"/>[start, end) is a host name (see the class summary).</summary>
        internal static void CheckDomainName(string text, int start, int end, string field)
        {
            if (start == end)
            {
                throw new IdentityFormatException(field, start, "host is empty");
            }

            if (HasNumericLastLabel(text, start, end))
            {
                throw new IdentityFormatException(field, start, "host name ends in a numeric label (an IPv4 address is not a host name)");
            }

            if (end - start > MaxDomainNameLength)
            {
                throw new IdentityFormatException(field, start, "host name is longer than 253 characters");
            }

            int labelStart = start;
            for (int i = start; i <= end; i++)
            {
                char c = i < end ? text[i] : '.';
                if (c == '.')
                {
                    int length = i - labelStart;
                    if (length == 0)
                    {
                        throw new IdentityFormatException(field, i, "host name has an empty label");
                    }

                    if (length > MaxLabelLength)
                    {
                        throw new IdentityFormatException(field, labelStart, "host name label is longer than 63 characters");
                    }

                    if (text[labelStart] == '-' || text[i - 1] == '-')
                    {
                        throw new IdentityFormatException(field, labelStart, "host name label starts or ends with '-'");
                    }

                    labelStart = i + 1;
                }
                else if (!IsLetterOrDigit(c) && c != '-')
                {
                    throw new IdentityFormatException(field, i, "host name contains '" + c.ToString() + "'");
                }
            }
        }

        /// <summary>Dotted quad, four decimal parts 0-255 without leading zeros; first part most significant.</summary>
        internal static bool TryParseIPv4(string text, int start, int end, out uint address)
        {
            address = 0;
            int parts = 0;
            int i = start;
            while (parts < 4)
            {
                int partStart = i;
                int value = 0;
                while (i < end && text[i] >= '0' && text[i] <= '9' && i - partStart < 3)
                {
                    value = (value * 10) + (text[i] - '0');
                    i++;
                }

                int digits = i - partStart;
                if (digits == 0 || value > 255 || (digits > 1 && text[partStart] == '0'))
                {
                    return false;
                }

                address = (address << 8) | (uint)value;
                parts++;
                if (parts < 4)
                {
                    if (i >= end || text[i] != '.')
                    {
                        return false;
                    }

                    i++;
                }
            }

            return i == end;
        }

        /// <summary>Dotted-quad text of <paramref name="address"/>.</summary>
        internal static string FormatIPv4(uint address)
        {
            return ((address >> 24) & 0xFF).ToString() + "." + ((address >> 16) & 0xFF).ToString() + "."
                + ((address >> 8) & 0xFF).ToString() + "." + (address & 0xFF).ToString();
        }

        /// <summary>Decimal port 1-65535 in <paramref name="text"/>[start, end), or throws naming <paramref name="field"/>.</summary>
        internal static int ParsePort(string text, int start, int end, string field)
        {
            if (start == end)
            {
                throw new IdentityFormatException(field, start, "port is empty");
            }

            int value = 0;
            for (int i = start; i < end; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9')
                {
                    throw new IdentityFormatException(field, i, "port contains '" + c.ToString() + "'");
                }

                value = (value * 10) + (c - '0');
                if (value > 65535)
                {
                    throw new IdentityFormatException(field, start, "port is greater than 65535");
                }
            }

            if (value == 0)
            {
                throw new IdentityFormatException(field, start, "port 0 is not allowed");
            }

            return value;
        }

        private static bool HasNumericLastLabel(string text, int start, int end)
        {
            int i = end - 1;
            while (i >= start && text[i] >= '0' && text[i] <= '9')
            {
                i--;
            }

            return i < end - 1 && (i < start || text[i] == '.');
        }

        private static bool IsLetterOrDigit(char c)
        {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }
    }
}
