using System;

namespace DeviceAgent.Identity
{
    /// <summary>
    /// Where the provisioning entry point is: a host name or an IPv4 address, and optionally a port. Learned from the
    /// pre-provisioning server and cached in the identity record; the server stores and sends the same binary encoding.
    /// </summary>
    /// <remarks>
    /// Text form: <c>host</c> or <c>host:port</c>, e.g. <c>prov.example.com</c>, <c>prov.example.com:8443</c>,
    /// <c>192.0.2.10:8080</c>; host syntax as in RFC 1123 section 2.1, port 1-65535, host names are lower-cased.
    /// Binary form, big-endian:
    /// <code>
    /// byte 0     kind: 1 = host name, 2 = IPv4 address
    /// bytes 1-2  port, 0 = none given (the protocol's default applies)
    /// kind 1:    byte 3 = name length n (1-253), bytes 4..4+n-1 = the name in ASCII
    /// kind 2:    bytes 3-6 = the address, most significant byte first
    /// </code>
    /// </remarks>
    public sealed class ProvisioningContact
    {
        /// <summary>Kind byte of a host-name contact.</summary>
        public const byte KindDomainName = 1;

        /// <summary>Kind byte of an IPv4 contact.</summary>
        public const byte KindIPv4 = 2;

        /// <summary>Largest binary encoding: a 253-character host name.</summary>
        public const int MaxEncodedLength = 4 + HostSyntax.MaxDomainNameLength;

        private const string Field = "provisioningContact";
        private const int IPv4EncodedLength = 7;

        private readonly string _host;
        private readonly bool _isIPv4;
        private readonly uint _ipv4;
        private readonly int _port;

        private ProvisioningContact(string host, bool isIPv4, uint ipv4, int port)
        {
            _host = host;
            _isIPv4 = isIPv4;
            _ipv4 = ipv4;
            _port = port;
        }

        /// <summary>The host name (lower case) or the IPv4 address in dotted-quad form.</summary>
        public string Host => _host;

        /// <summary>True when <see cref="Host"/> is an IPv4 address.</summary>
        public bool IsIPv4 => _isIPv4;

        /// <summary>The port, 1-65535, or 0 when none was given and the protocol's default applies.</summary>
        public int Port => _port;

        /// <summary>Length of <see cref="Encode"/>'s output.</summary>
        public int EncodedLength => _isIPv4 ? IPv4EncodedLength : 4 + _host.Length;

        /// <summary>Parses the text form <c>host</c> or <c>host:port</c>; throws <see cref="IdentityFormatException"/>.</summary>
        public static ProvisioningContact Parse(string text)
        {
            if (text == null || text.Length == 0)
            {
                throw new IdentityFormatException(Field, "is empty");
            }

            int colon = text.IndexOf(':');
            int hostEnd = colon < 0 ? text.Length : colon;
            int port = 0;
            if (colon >= 0)
            {
                if (text.IndexOf(':', colon + 1) >= 0)
                {
                    throw new IdentityFormatException(Field, colon, "more than one ':' (IPv6 is not supported)");
                }

                port = HostSyntax.ParsePort(text, colon + 1, text.Length, Field);
            }

            bool isIPv4;
            uint ipv4;
            string host = HostSyntax.ParseHost(text, 0, hostEnd, Field, out isIPv4, out ipv4);
            return new ProvisioningContact(host, isIPv4, ipv4, port);
        }

        /// <summary>A host-name contact; <paramref name="port"/> 0 means none given.</summary>
        public static ProvisioningContact FromDomainName(string hostName, int port)
        {
            if (hostName == null)
            {
                throw new IdentityFormatException(Field, "host is empty");
            }

            HostSyntax.CheckDomainName(hostName, 0, hostName.Length, Field);
            return new ProvisioningContact(hostName.ToLower(), false, 0, CheckPort(port));
        }

        /// <summary>An IPv4 contact; <paramref name="address"/> has the most significant byte first (192.0.2.10 = 0xC000020A).</summary>
        public static ProvisioningContact FromIPv4(uint address, int port)
        {
            return new ProvisioningContact(HostSyntax.FormatIPv4(address), true, address, CheckPort(port));
        }

        /// <summary>
        /// Decodes exactly <paramref name="count"/> bytes from <paramref name="offset"/> (see the class remarks);
        /// throws <see cref="IdentityFormatException"/> with the offset of the bad byte.
        /// </summary>
        public static ProvisioningContact Decode(byte[] buffer, int offset, int count)
        {
            if (buffer == null || offset < 0 || count < 0 || count > buffer.Length - offset)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            if (count < 3)
            {
                throw new IdentityFormatException(Field, offset + count, "truncated: " + count.ToString() + " bytes");
            }

            byte kind = buffer[offset];
            int port = BigEndian.ReadUInt16(buffer, offset + 1);
            if (kind == KindIPv4)
            {
                if (count != IPv4EncodedLength)
                {
                    throw new IdentityFormatException(Field, offset, "IPv4 contact must be 7 bytes, not " + count.ToString());
                }

                return FromIPv4(BigEndian.ReadUInt32(buffer, offset + 3), port);
            }

            if (kind != KindDomainName)
            {
                throw new IdentityFormatException(Field, offset, "unknown kind " + kind.ToString());
            }

            if (count < 4)
            {
                throw new IdentityFormatException(Field, offset + count, "truncated: no host name length");
            }

            int length = buffer[offset + 3];
            if (length == 0 || length > HostSyntax.MaxDomainNameLength || count != 4 + length)
            {
                throw new IdentityFormatException(Field, offset + 3, "host name length " + length.ToString() + " does not match " + count.ToString() + " bytes");
            }

            char[] chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                byte b = buffer[offset + 4 + i];
                if (b == '.' || b == '-' || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z'))
                {
                    chars[i] = (char)b;
                }
                else
                {
                    throw new IdentityFormatException(Field, offset + 4 + i, "host name contains byte " + b.ToString());
                }
            }

            string host = new string(chars);
            try
            {
                return FromDomainName(host, port);
            }
            catch (IdentityFormatException e)
            {
                throw new IdentityFormatException(Field, offset + 4, e.Reason);
            }
        }

        /// <summary>
        /// Writes the binary form to <paramref name="buffer"/> at <paramref name="offset"/> and returns its length;
        /// throws <see cref="ArgumentOutOfRangeException"/> when it does not fit.
        /// </summary>
        public int Encode(byte[] buffer, int offset)
        {
            int length = EncodedLength;
            if (buffer == null || offset < 0 || length > buffer.Length - offset)
            {
                throw new ArgumentOutOfRangeException("buffer");
            }

            buffer[offset] = _isIPv4 ? KindIPv4 : KindDomainName;
            BigEndian.WriteUInt16(buffer, offset + 1, _port);
            if (_isIPv4)
            {
                BigEndian.WriteUInt32(buffer, offset + 3, _ipv4);
            }
            else
            {
                buffer[offset + 3] = (byte)_host.Length;
                for (int i = 0; i < _host.Length; i++)
                {
                    buffer[offset + 4 + i] = (byte)_host[i];
                }
            }

            return length;
        }

        /// <summary>The text form, <c>host</c> or <c>host:port</c>.</summary>
        public override string ToString()
        {
            return _port == 0 ? _host : _host + ":" + _port.ToString();
        }

        /// <summary>Same kind, host and port.</summary>
        public override bool Equals(object obj)
        {
            ProvisioningContact other = obj as ProvisioningContact;
            return other != null && other._isIPv4 == _isIPv4 && other._port == _port && other._host == _host;
        }

        /// <summary>Consistent with <see cref="Equals"/>.</summary>
        public override int GetHashCode()
        {
            return _host.GetHashCode() ^ _port;
        }

        private static int CheckPort(int port)
        {
            if (port < 0 || port > 65535)
            {
                throw new IdentityFormatException(Field, "port " + port.ToString() + " is outside 0-65535");
            }

            return port;
        }
    }
}
