using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;

namespace DeviceAgent.Tests.RealPeers
{
    /// <summary>
    /// DHCP messages captured from real servers, stored as annotated hex text in RealPeers/Fixtures/*.hex: '#' starts
    /// a comment, everything else is hex digit pairs (whitespace ignored). Codec and client tests load them with Load.
    /// </summary>
    public static class PeerFixtures
    {
        private static readonly Dictionary<byte, string> OptionNames = new Dictionary<byte, string>
        {
            [1] = "subnet mask", [3] = "router", [6] = "DNS servers", [15] = "domain name", [28] = "broadcast address",
            [42] = "NTP servers", [51] = "lease time", [53] = "message type", [54] = "server identifier",
            [58] = "renewal time T1", [59] = "rebinding time T2", [61] = "client identifier", [66] = "TFTP server name",
            [120] = "SIP servers (RFC 3361)", [125] = "V-I vendor-specific information (RFC 3925)",
            [150] = "TFTP server address",
        };

        /// <summary>Directory the fixtures are copied to next to the test assembly.</summary>
        public static string Directory => Path.Combine(AppContext.BaseDirectory, "RealPeers", "Fixtures");

        /// <summary>e.g. "dnsmasq-sip-names-offer.hex".</summary>
        public static string FileName(DhcpPeerKind kind, SipServerEncoding encoding, string message) =>
            kind.ToString().ToLowerInvariant() + "-sip-" + (encoding == SipServerEncoding.DomainNames ? "names" : "addresses") +
            "-" + message + ".hex";

        /// <summary>The message bytes of a fixture file.</summary>
        public static byte[] Load(string fileName) => Parse(File.ReadAllText(Path.Combine(Directory, fileName)));

        /// <summary>Hex digit pairs of text with '#' comments removed.</summary>
        public static byte[] Parse(string text)
        {
            var hex = new StringBuilder();
            foreach (var line in text.Split('\n'))
            {
                var comment = line.IndexOf('#');
                foreach (var c in comment < 0 ? line : line.Substring(0, comment))
                {
                    if (!char.IsWhiteSpace(c))
                    {
                        hex.Append(c);
                    }
                }
            }

            return Convert.FromHexString(hex.ToString());
        }

        /// <summary>
        /// Options of a DHCP message in wire order as (offset of the code byte, code, value); stops at End (255).
        /// A minimal walk for the harness until the codec exists: no overload (RFC 2132 §9.3), no concatenation.
        /// </summary>
        public static IEnumerable<(int Offset, byte Code, byte[] Value)> WalkOptions(byte[] message)
        {
            var i = 240;
            while (i < message.Length && message[i] != 255)
            {
                if (message[i] == 0)
                {
                    i++;
                    continue;
                }

                if (i + 1 >= message.Length || i + 2 + message[i + 1] > message.Length)
                {
                    throw new InvalidDataException("option " + message[i] + " at offset " + i + " runs past the end");
                }

                yield return (i, message[i], message.AsSpan(i + 2, message[i + 1]).ToArray());
                i += 2 + message[i + 1];
            }
        }

        /// <summary>Value of the first option with code, or null.</summary>
        public static byte[] FindOption(byte[] message, byte code)
        {
            foreach (var option in WalkOptions(message))
            {
                if (option.Code == code)
                {
                    return option.Value;
                }
            }

            return null;
        }

        /// <summary>Annotated hex: the header lines as comments, then the BOOTP fields and one line per option.</summary>
        public static string Format(byte[] message, IEnumerable<string> header)
        {
            var text = new StringBuilder();
            foreach (var line in header)
            {
                text.Append(line.Length == 0 ? "#" : "# " + line).Append('\n');
            }

            text.Append('\n');
            Row(text, message, 0, 4, "op htype hlen hops");
            Row(text, message, 4, 4, "xid");
            Row(text, message, 8, 4, "secs flags");
            Row(text, message, 12, 4, "ciaddr");
            Row(text, message, 16, 4, "yiaddr");
            Row(text, message, 20, 4, "siaddr");
            Row(text, message, 24, 4, "giaddr");
            Row(text, message, 28, 16, "chaddr");
            for (var i = 0; i < 192; i += 32)
            {
                Row(text, message, 44 + i, 32, i < 64 ? "sname" : "file");
            }

            Row(text, message, 236, 4, "magic cookie");
            var end = 240;
            foreach (var option in WalkOptions(message))
            {
                end = option.Offset + 2 + option.Value.Length;
                var name = OptionNames.TryGetValue(option.Code, out var known) ? known : "?";
                Row(text, message, option.Offset, end - option.Offset,
                    "option " + option.Code + " " + name + ", length " + option.Value.Length);
            }

            Row(text, message, end, message.Length - end, "end" + (message.Length - end > 1 ? " and padding" : string.Empty));
            return text.ToString();
        }

        /// <summary>The source folder of the fixtures, for regenerating them (DA_UPDATE_FIXTURES=1).</summary>
        public static string SourceDirectory([CallerFilePath] string thisFile = "") =>
            Path.Combine(Path.GetDirectoryName(thisFile), "Fixtures");

        private static void Row(StringBuilder text, byte[] message, int offset, int length, string comment)
        {
            var hex = Convert.ToHexString(message, offset, length).ToLowerInvariant();
            for (var i = 0; i < hex.Length; i += 2)
            {
                text.Append(hex, i, 2).Append(' ');
            }

            text.Append(" # ").Append(offset.ToString("x4", CultureInfo.InvariantCulture)).Append(' ').Append(comment).Append('\n');
        }
    }
}
