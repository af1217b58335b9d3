namespace DeviceAgent.Identity
{
    /// <summary>
    /// The URL of the pre-provisioning server, written at the factory: <c>http(s)://host[:port][/path]</c>.
    /// </summary>
    /// <remarks>
    /// Accepted: scheme http or https (any case); host as for <see cref="ProvisioningContact"/> (RFC 1123 host name or
    /// IPv4 address); optional port 1-65535; optional path and query starting with '/' or '?'. Rejected: other schemes,
    /// user info ('@' in the authority), IPv6 literals, fragments ('#'), spaces, control and non-ASCII characters,
    /// more than <see cref="MaxLength"/> characters. Scheme and host are lower-cased; the path is kept as written.
    /// </remarks>
    public sealed class PreProvisioningContact
    {
        /// <summary>Longest accepted URL, in characters.</summary>
        public const int MaxLength = 255;

        private const string Field = "preProvisioningUrl";

        private readonly string _url;
        private readonly bool _isHttps;
        private readonly string _host;
        private readonly int _port;
        private readonly string _path;

        private PreProvisioningContact(string url, bool isHttps, string host, int port, string path)
        {
            _url = url;
            _isHttps = isHttps;
            _host = host;
            _port = port;
            _path = path;
        }

        /// <summary>The normalized URL.</summary>
        public string Url => _url;

        /// <summary>True for https, false for http.</summary>
        public bool IsHttps => _isHttps;

        /// <summary>Host name (lower case) or IPv4 address.</summary>
        public string Host => _host;

        /// <summary>The port to connect to: the one given, else 443 for https and 80 for http.</summary>
        public int Port => _port;

        /// <summary>Path and query as written, "/" when the URL has none.</summary>
        public string Path => _path;

        /// <summary>Validates and normalizes <paramref name="url"/>; throws <see cref="IdentityFormatException"/>.</summary>
        public static PreProvisioningContact Parse(string url)
        {
            if (url == null || url.Length == 0)
            {
                throw new IdentityFormatException(Field, "is empty");
            }

            if (url.Length > MaxLength)
            {
                throw new IdentityFormatException(Field, "is longer than " + MaxLength.ToString() + " characters");
            }

            for (int i = 0; i < url.Length; i++)
            {
                char c = url[i];
                if (c <= ' ' || c > '~')
                {
                    throw new IdentityFormatException(Field, i, "contains a space, control or non-ASCII character");
                }

                if (c == '#')
                {
                    throw new IdentityFormatException(Field, i, "contains a fragment ('#')");
                }
            }

            int schemeEnd = url.IndexOf("://");
            if (schemeEnd < 0)
            {
                throw new IdentityFormatException(Field, "must start with http:// or https://");
            }

            string scheme = url.Substring(0, schemeEnd).ToLower();
            bool isHttps = scheme == "https";
            if (!isHttps && scheme != "http")
            {
                throw new IdentityFormatException(Field, 0, "scheme must be http or https");
            }

            int authorityStart = schemeEnd + 3;
            int authorityEnd = authorityStart;
            while (authorityEnd < url.Length && url[authorityEnd] != '/' && url[authorityEnd] != '?')
            {
                authorityEnd++;
            }

            int at = IndexOf(url, '@', authorityStart, authorityEnd);
            if (at >= 0)
            {
                throw new IdentityFormatException(Field, at, "user info is not allowed");
            }

            if (authorityStart < authorityEnd && url[authorityStart] == '[')
            {
                throw new IdentityFormatException(Field, authorityStart, "IPv6 literals are not supported");
            }

            int colon = IndexOf(url, ':', authorityStart, authorityEnd);
            int hostEnd = colon < 0 ? authorityEnd : colon;
            int port = isHttps ? 443 : 80;
            if (colon >= 0)
            {
                if (IndexOf(url, ':', colon + 1, authorityEnd) >= 0)
                {
                    throw new IdentityFormatException(Field, colon, "more than one ':' in host and port");
                }

                port = HostSyntax.ParsePort(url, colon + 1, authorityEnd, Field);
            }

            bool isIPv4;
            uint ipv4;
            string host = HostSyntax.ParseHost(url, authorityStart, hostEnd, Field, out isIPv4, out ipv4);
            string path = url.Substring(authorityEnd);
            string normalized = scheme + "://" + host + (colon >= 0 ? ":" + port.ToString() : "") + path;
            return new PreProvisioningContact(normalized, isHttps, host, port, path.Length == 0 ? "/" : path);
        }

        /// <summary>The normalized URL.</summary>
        public override string ToString()
        {
            return _url;
        }

        /// <summary>Same normalized URL.</summary>
        public override bool Equals(object obj)
        {
            PreProvisioningContact other = obj as PreProvisioningContact;
            return other != null && other._url == _url;
        }

        /// <summary>Consistent with <see cref="Equals"/>.</summary>
        public override int GetHashCode()
        {
            return _url.GetHashCode();
        }

        private static int IndexOf(string text, char value, int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                if (text[i] == value)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
