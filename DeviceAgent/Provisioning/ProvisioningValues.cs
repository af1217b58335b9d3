namespace DeviceAgent.Provisioning
{
    /// <summary>
    /// Value rules shared by the reader and the writer, so the server can never write what the phone would refuse.
    /// Each check returns null when the value is acceptable, else the reason.
    /// </summary>
    internal static class ProvisioningValues
    {
        /// <summary>Longest URL accepted, leaving room for indentation within the tokenizer's value limit.</summary>
        internal const int MaxUrlLength = 200;

        /// <summary>Single-line text: no control characters, no surrounding whitespace, at most <paramref name="maxBytes"/> UTF-8 bytes.</summary>
        internal static string CheckText(string value, int maxBytes, bool allowEmpty)
        {
            if (value == null)
            {
                return "missing";
            }

            if (value.Length == 0)
            {
                return allowEmpty ? null : "empty";
            }

            int bytes = 0;
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c < 0x20 || c == 0x7F)
                {
                    return "control character";
                }

                bytes += c < 0x80 ? 1 : c < 0x800 || (c >= 0xD800 && c <= 0xDFFF) ? 2 : 3;
            }

            if (bytes > maxBytes)
            {
                return "longer than " + maxBytes.ToString() + " bytes";
            }

            return value[0] == ' ' || value[value.Length - 1] == ' ' ? "leading or trailing whitespace" : null;
        }

        /// <summary>A token of letters, digits and '.', '_', '+', '-' (firmware versions), or only a-z, 0-9, '-' (codes).</summary>
        internal static string CheckToken(string value, int maxLength, bool lowerCaseCode)
        {
            if (value == null || value.Length == 0)
            {
                return value == null ? "missing" : "empty";
            }

            if (value.Length > maxLength)
            {
                return "longer than " + maxLength.ToString() + " characters";
            }

            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                    || (!lowerCaseCode && ((c >= 'A' && c <= 'Z') || c == '.' || c == '_' || c == '+'));
                if (!ok)
                {
                    return "invalid character '" + c.ToString() + "'";
                }
            }

            return null;
        }

        /// <summary>A decimal number within [min, max], digits only (no sign, no spaces).</summary>
        internal static string CheckNumber(string value, int min, int max)
        {
            int number = ParseNumber(value);
            if (number < 0)
            {
                return "not a decimal number";
            }

            return number < min || number > max ? "out of range " + min.ToString() + ".." + max.ToString() : null;
        }

        /// <summary>The value of a string of at most 9 decimal digits, or -1.</summary>
        internal static int ParseNumber(string value)
        {
            if (value == null || value.Length == 0 || value.Length > 9)
            {
                return -1;
            }

            int number = 0;
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c < '0' || c > '9')
                {
                    return -1;
                }

                number = number * 10 + (c - '0');
            }

            return number;
        }

        /// <summary>A firmware report outcome: one of the four <see cref="FirmwareReport"/> constants.</summary>
        internal static string CheckOutcome(string value)
        {
            if (value == FirmwareReport.Success || value == FirmwareReport.HashMismatch || value == FirmwareReport.DownloadFailed
                || value == FirmwareReport.NoSpace)
            {
                return null;
            }

            return value == null ? "missing" : "must be success, hash-mismatch, download-failed or no-space";
        }

        /// <summary>MAC address as six colon-separated hex pairs, either case.</summary>
        internal static string CheckMac(string value)
        {
            if (value == null || value.Length != 17)
            {
                return "MAC address must look like aa:bb:cc:dd:ee:ff";
            }

            for (int i = 0; i < 17; i++)
            {
                if (i % 3 == 2 ? value[i] != ':' : Bytes.HexValue(value[i]) < 0)
                {
                    return "MAC address must look like aa:bb:cc:dd:ee:ff";
                }
            }

            return null;
        }

        /// <summary>Dotted-decimal IPv4 address, no leading zeros.</summary>
        internal static string CheckIPv4(string value)
        {
            const string Reason = "not a dotted-decimal IPv4 address";
            if (value == null)
            {
                return Reason;
            }

            int parts = 0;
            int digits = 0;
            int octet = 0;
            for (int i = 0; i <= value.Length; i++)
            {
                char c = i < value.Length ? value[i] : '.';
                if (c == '.')
                {
                    if (digits == 0 || octet > 255 || ++parts > 4)
                    {
                        return Reason;
                    }

                    digits = 0;
                    octet = 0;
                }
                else if (c >= '0' && c <= '9' && digits < 3 && !(digits == 1 && octet == 0))
                {
                    octet = octet * 10 + (c - '0');
                    digits++;
                }
                else
                {
                    return Reason;
                }
            }

            return parts == 4 ? null : Reason;
        }

        /// <summary>An IPv4 address or a host name (letters, digits, '-' in dot-separated labels of 1..63).</summary>
        internal static string CheckHost(string value)
        {
            if (value == null || value.Length == 0)
            {
                return "empty host";
            }

            bool numeric = true;
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                numeric &= c == '.' || (c >= '0' && c <= '9');
            }

            if (numeric)
            {
                return CheckIPv4(value);
            }

            if (value.Length > 253)
            {
                return "host name longer than 253 characters";
            }

            int label = 0;
            for (int i = 0; i <= value.Length; i++)
            {
                char c = i < value.Length ? value[i] : '.';
                if (c == '.')
                {
                    if (label == 0 || label > 63 || value[i - 1] == '-')
                    {
                        return "invalid host name";
                    }

                    label = 0;
                }
                else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c == '-' && label > 0))
                {
                    label++;
                }
                else
                {
                    return "invalid host name";
                }
            }

            return null;
        }

        /// <summary>
        /// <c>scheme://host[:port][/path]</c> with a lower-case scheme from the allowed set (ftp, tftp, http, https for
        /// firmware; http, https otherwise), a host as in <see cref="CheckHost"/> and a path of printable ASCII.
        /// </summary>
        internal static string CheckUrl(string value, bool firmware)
        {
            if (value == null || value.Length == 0)
            {
                return "empty URL";
            }

            if (value.Length > MaxUrlLength)
            {
                return "URL longer than 200 characters";
            }

            int separator = value.IndexOf("://");
            string scheme = separator > 0 ? value.Substring(0, separator) : string.Empty;
            bool allowed = scheme == "http" || scheme == "https" || (firmware && (scheme == "ftp" || scheme == "tftp"));
            if (!allowed)
            {
                return firmware ? "URL scheme must be ftp, tftp, http or https" : "URL scheme must be http or https";
            }

            int hostStart = separator + 3;
            int pathStart = value.IndexOf('/', hostStart);
            if (pathStart < 0)
            {
                pathStart = value.Length;
            }

            int colon = value.IndexOf(':', hostStart);
            int hostEnd = colon >= 0 && colon < pathStart ? colon : pathStart;
            string reason = CheckHost(value.Substring(hostStart, hostEnd - hostStart));
            if (reason == null && hostEnd < pathStart)
            {
                reason = CheckNumber(value.Substring(hostEnd + 1, pathStart - hostEnd - 1), 1, 65535);
            }

            for (int i = pathStart; reason == null && i < value.Length; i++)
            {
                if (value[i] <= ' ' || value[i] >= 0x7F)
                {
                    reason = "URL path must be printable ASCII";
                }
            }

            return reason == null ? null : "invalid URL: " + reason;
        }

        /// <summary>A file name of printable ASCII without path separators.</summary>
        internal static string CheckFileName(string value)
        {
            if (value == null || value.Length == 0 || value.Length > 128)
            {
                return "file name must have 1..128 characters";
            }

            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c <= ' ' || c >= 0x7F || c == '/' || c == '\\')
                {
                    return "file name must be printable ASCII without '/' or '\\'";
                }
            }

            return value == "." || value == ".." ? "file name must not be '.' or '..'" : null;
        }

        /// <summary>64 hex digits, either case.</summary>
        internal static string CheckSha256(string value)
        {
            if (value == null || value.Length != 64)
            {
                return "SHA-256 must be 64 hex digits";
            }

            for (int i = 0; i < 64; i++)
            {
                if (Bytes.HexValue(value[i]) < 0)
                {
                    return "SHA-256 must be 64 hex digits";
                }
            }

            return null;
        }

        /// <summary>The bytes of 64 hex digits already accepted by <see cref="CheckSha256"/>.</summary>
        internal static byte[] ParseSha256(string value)
        {
            var hash = new byte[32];
            for (int i = 0; i < 32; i++)
            {
                hash[i] = (byte)((Bytes.HexValue(value[2 * i]) << 4) | Bytes.HexValue(value[2 * i + 1]));
            }

            return hash;
        }
    }
}
