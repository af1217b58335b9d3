using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceAgent.Tests.RealPeers
{
    /// <summary>
    /// A hand-built DHCP client (RFC 2131 §4.4.1, message layout §2, options RFC 2132) against real dnsmasq and Kea.
    /// It proves the harness and pins what the servers send until the codec and client replace the byte arrays here.
    /// Set DA_UPDATE_FIXTURES=1 to rewrite RealPeers/Fixtures from the live servers.
    /// </summary>
    [TestClass]
    public class DhcpPeerTests
    {
        /// <summary>Subnet octet used for fixtures, so the captured bytes are the same on every run.</summary>
        private const int FixtureSubnet = 10;

        private static readonly byte[] ClientMac = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };

        // BOOTP fixed fields of our DISCOVER (RFC 2131 §2), followed by 64 bytes sname and 128 bytes file, all zero.
        private static readonly byte[] DiscoverFixedFields =
        {
            0x01,                               // op: BOOTREQUEST
            0x01,                               // htype: Ethernet
            0x06,                               // hlen: 6-byte MAC
            0x00,                               // hops
            0x12, 0x34, 0x56, 0x78,             // xid
            0x00, 0x00,                         // secs
            0x80, 0x00,                         // flags: BROADCAST, we cannot receive unicast without an address
            0x00, 0x00, 0x00, 0x00,             // ciaddr
            0x00, 0x00, 0x00, 0x00,             // yiaddr
            0x00, 0x00, 0x00, 0x00,             // siaddr
            0x00, 0x00, 0x00, 0x00,             // giaddr
            0x02, 0x00, 0x00, 0x00, 0x00, 0x01, // chaddr: locally administered MAC 02:00:00:00:00:01 ...
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // ... padded to 16 bytes
        };

        private static readonly byte[] DiscoverOptions =
        {
            0x63, 0x82, 0x53, 0x63,             // magic cookie (RFC 2131 §3)
            53, 1, 1,                           // message type: DHCPDISCOVER
            55, 11,                             // parameter request list:
            1, 3, 6, 15, 42,                    //   mask, router, DNS, domain, NTP
            66, 67,                             //   TFTP server name, boot file
            120, 125, 150, 43,                  //   SIP servers, V-I vendor info, TFTP address, vendor info
            61, 7, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, // client identifier: htype 1 + MAC
            255,                                // end
        };

        private static readonly byte[] Discover = DiscoverFixedFields.Concat(new byte[64 + 128]).Concat(DiscoverOptions).ToArray();

        /// <summary>Offset of the message type value in Discover (fixed fields 236 + cookie 4 + code and length 2).</summary>
        private const int MessageTypeOffset = 242;

        [TestMethod]
        [DataRow(DhcpPeerKind.Dnsmasq, SipServerEncoding.DomainNames)]
        [DataRow(DhcpPeerKind.Dnsmasq, SipServerEncoding.Addresses)]
        [DataRow(DhcpPeerKind.Kea, SipServerEncoding.DomainNames)]
        [DataRow(DhcpPeerKind.Kea, SipServerEncoding.Addresses)]
        public void Discover_RealPeer_OfferCarriesPhoneOptions(DhcpPeerKind kind, SipServerEncoding encoding)
        {
            SkipUnlessUsable(kind);
            using var net = NetworkNamespaces.Create();
            using var peer = DhcpPeer.Start(kind, net, encoding);

            var offer = Exchange(net, peer, Discover, 2);

            AssertPhoneOptions(net, encoding, offer);
        }

        [TestMethod]
        [DataRow(DhcpPeerKind.Dnsmasq, SipServerEncoding.DomainNames)]
        [DataRow(DhcpPeerKind.Dnsmasq, SipServerEncoding.Addresses)]
        [DataRow(DhcpPeerKind.Kea, SipServerEncoding.DomainNames)]
        [DataRow(DhcpPeerKind.Kea, SipServerEncoding.Addresses)]
        public void Request_RealPeer_AckGrantsOfferedAddress(DhcpPeerKind kind, SipServerEncoding encoding)
        {
            SkipUnlessUsable(kind);
            using var net = NetworkNamespaces.Create();
            using var peer = DhcpPeer.Start(kind, net, encoding);
            var offer = Exchange(net, peer, Discover, 2);

            var ack = Exchange(net, peer, BuildRequest(offer), 5);

            CollectionAssert.AreEqual(offer.AsSpan(16, 4).ToArray(), ack.AsSpan(16, 4).ToArray(), "yiaddr");
            var host = ack[19];
            Assert.IsTrue(ack[16] == 10 && ack[17] == 77 && ack[18] == net.SubnetOctet, "yiaddr in the test subnet");
            Assert.IsTrue(host >= PeerOptions.RangeFirstHost && host <= PeerOptions.RangeLastHost, "yiaddr in the range");
            Assert.AreEqual(PeerOptions.LeaseSeconds, BigEndian(PeerFixtures.FindOption(ack, 51)), "lease time");
            Assert.AreEqual(PeerOptions.RenewSeconds, BigEndian(PeerFixtures.FindOption(ack, 58)), "T1");
            Assert.AreEqual(PeerOptions.RebindSeconds, BigEndian(PeerFixtures.FindOption(ack, 59)), "T2");
            AssertPhoneOptions(net, encoding, ack);
        }

        [TestMethod]
        [DataRow(DhcpPeerKind.Dnsmasq, SipServerEncoding.DomainNames)]
        [DataRow(DhcpPeerKind.Dnsmasq, SipServerEncoding.Addresses)]
        [DataRow(DhcpPeerKind.Kea, SipServerEncoding.DomainNames)]
        [DataRow(DhcpPeerKind.Kea, SipServerEncoding.Addresses)]
        public void Exchange_RealPeer_MatchesFixtures(DhcpPeerKind kind, SipServerEncoding encoding)
        {
            SkipUnlessUsable(kind);
            using var net = NetworkNamespaces.Create(FixtureSubnet);
            using var peer = DhcpPeer.Start(kind, net, encoding);
            var offer = Exchange(net, peer, Discover, 2);
            var request = BuildRequest(offer);
            var ack = Exchange(net, peer, request, 5);

            foreach (var (name, message, sent) in new[] { ("offer", offer, Discover), ("ack", ack, request) })
            {
                var file = PeerFixtures.FileName(kind, encoding, name);
                if (Environment.GetEnvironmentVariable("DA_UPDATE_FIXTURES") == "1")
                {
                    var header = FixtureHeader(peer, name, sent);
                    File.WriteAllText(Path.Combine(PeerFixtures.SourceDirectory(), file), PeerFixtures.Format(message, header));
                    continue;
                }

                var stored = File.ReadAllText(Path.Combine(PeerFixtures.Directory, file));
                if (!stored.Contains("Server: " + peer.Version + "\n", StringComparison.Ordinal))
                {
                    Assert.Inconclusive(file + " was captured from another server version than " + peer.Version +
                        "; rerun with DA_UPDATE_FIXTURES=1 and review the differences in peer-quirks.md");
                }

                CollectionAssert.AreEqual(PeerFixtures.Parse(stored), message,
                    file + " no longer matches " + peer + ":\n" + PeerFixtures.Format(message, Array.Empty<string>()));
            }
        }

        private static void SkipUnlessUsable(DhcpPeerKind kind)
        {
            var reason = DhcpPeer.SkipReason(kind);
            if (reason != null)
            {
                Assert.Inconclusive(reason);
            }
        }

        /// <summary>
        /// Broadcasts request from 0.0.0.0:68 in the client namespace and returns the first reply with our xid and the
        /// expected message type, retransmitting twice (RFC 2131 §4.1) before giving up.
        /// </summary>
        private static byte[] Exchange(NetworkNamespaces net, DhcpPeer peer, byte[] request, byte expectedType)
        {
            var reply = net.RunInClient(() =>
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                socket.EnableBroadcast = true;
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);

                // SO_BINDTODEVICE (25): without an address or route the kernel would not know where 255.255.255.255 goes.
                socket.SetRawSocketOption(1, 25, Encoding.ASCII.GetBytes(net.ClientInterface + "\0"));
                socket.Bind(new IPEndPoint(IPAddress.Any, 68));
                var buffer = new byte[1500];
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    socket.SendTo(request, new IPEndPoint(IPAddress.Broadcast, 67));
                    var deadline = DateTime.UtcNow.AddSeconds(2);
                    while (socket.Poll((int)Math.Max(1, (deadline - DateTime.UtcNow).TotalMicroseconds), SelectMode.SelectRead))
                    {
                        var length = socket.Receive(buffer);
                        var message = buffer.AsSpan(0, length).ToArray();
                        if (length > 240 && message[0] == 2 && message.AsSpan(4, 4).SequenceEqual(request.AsSpan(4, 4)) &&
                            PeerFixtures.FindOption(message, 53)?[0] == expectedType)
                        {
                            return message;
                        }
                    }
                }

                return null;
            });
            Assert.IsNotNull(reply, "no DHCP message type " + expectedType + " from " + peer + ":\n" + peer.Process.Output);
            return reply;
        }

        /// <summary>Our DISCOVER turned into a DHCPREQUEST for the offer (RFC 2131 §4.3.2, SELECTING state).</summary>
        private static byte[] BuildRequest(byte[] offer)
        {
            var request = Discover.AsSpan(0, Discover.Length - 1).ToArray();
            request[MessageTypeOffset] = 3;                             // DHCPREQUEST
            return request
                .Concat(new byte[] { 50, 4 }).Concat(offer.AsSpan(16, 4).ToArray())  // requested address = yiaddr
                .Concat(new byte[] { 54, 4 }).Concat(PeerFixtures.FindOption(offer, 54)) // server identifier
                .Concat(new byte[] { 255 })
                .ToArray();
        }

        private static void AssertPhoneOptions(NetworkNamespaces net, SipServerEncoding encoding, byte[] message)
        {
            CollectionAssert.AreEqual(net.ServerAddress.GetAddressBytes(), PeerFixtures.FindOption(message, 54), "server identifier");
            CollectionAssert.AreEqual(net.Address(PeerOptions.RouterHost).GetAddressBytes(), PeerFixtures.FindOption(message, 3), "router");
            CollectionAssert.AreEqual(net.Address(PeerOptions.DnsHost).GetAddressBytes(), PeerFixtures.FindOption(message, 6), "DNS");
            Assert.AreEqual(PeerOptions.DomainName, Encoding.ASCII.GetString(PeerFixtures.FindOption(message, 15)), "domain");
            CollectionAssert.AreEqual(net.Address(PeerOptions.NtpHost).GetAddressBytes(), PeerFixtures.FindOption(message, 42), "NTP");
            CollectionAssert.AreEqual(net.Address(PeerOptions.TftpHost).GetAddressBytes(), PeerFixtures.FindOption(message, 150), "option 150");

            // dnsmasq appends a NUL to option 66 (RFC 2132 §2: receivers must accept trailing NULs).
            Assert.AreEqual(PeerOptions.TftpServerName, Encoding.ASCII.GetString(PeerFixtures.FindOption(message, 66)).TrimEnd('\0'), "option 66");

            var sip = PeerFixtures.FindOption(message, 120);
            Assert.IsNotNull(sip, "option 120");
            Assert.AreEqual((byte)encoding, sip[0], "RFC 3361 encoding byte");
            if (encoding == SipServerEncoding.DomainNames)
            {
                CollectionAssert.AreEqual(PeerOptions.SipServerNames, DomainNames(sip.AsSpan(1).ToArray()), "option 120 names");
            }
            else
            {
                var expected = PeerOptions.SipServerHosts.SelectMany(h => net.Address(h).GetAddressBytes()).ToArray();
                CollectionAssert.AreEqual(expected, sip.AsSpan(1).ToArray(), "option 120 addresses");
            }

            // RFC 3925 §4: enterprise number, data length, then code/length/value sub-options in any order.
            var vivso = PeerFixtures.FindOption(message, 125);
            Assert.IsNotNull(vivso, "option 125");
            Assert.AreEqual((long)PeerOptions.EnterpriseNumber, BigEndian(vivso.AsSpan(0, 4).ToArray()), "enterprise number");
            Assert.AreEqual(vivso.Length - 5, vivso[4], "vendor data length");
            var subOptions = new Dictionary<byte, string>();
            for (var i = 5; i < vivso.Length; i += 2 + vivso[i + 1])
            {
                subOptions.Add(vivso[i], Encoding.ASCII.GetString(vivso, i + 2, vivso[i + 1]));
            }

            CollectionAssert.AreEquivalent(PeerOptions.VendorSubOptions.ToList(), subOptions.ToList(), "option 125 sub-options");
        }

        /// <summary>RFC 1035 §3.1 names, with §4.1.4 pointers counted from the first name (as dnsmasq writes them).</summary>
        private static List<string> DomainNames(byte[] data)
        {
            var names = new List<string>();
            var i = 0;
            while (i < data.Length)
            {
                var labels = new List<string>();
                var at = i;
                var jumped = false;
                while (data[at] != 0)
                {
                    if ((data[at] & 0xC0) == 0xC0)
                    {
                        if (!jumped)
                        {
                            i = at + 2;
                        }

                        jumped = true;
                        at = ((data[at] & 0x3F) << 8) | data[at + 1];
                        continue;
                    }

                    labels.Add(Encoding.ASCII.GetString(data, at + 1, data[at]));
                    at += 1 + data[at];
                }

                if (!jumped)
                {
                    i = at + 1;
                }

                names.Add(string.Join('.', labels));
            }

            return names;
        }

        private static long BigEndian(byte[] bytes)
        {
            Assert.IsNotNull(bytes);
            long value = 0;
            foreach (var b in bytes)
            {
                value = (value << 8) | b;
            }

            return value;
        }

        private static List<string> FixtureHeader(DhcpPeer peer, string name, byte[] sent)
        {
            var lines = new List<string>
            {
                "DHCP" + name.ToUpperInvariant() + " captured from a real server by DeviceAgent.Tests/RealPeers/DhcpPeerTests.cs",
                "Server: " + peer.Version,
                "Option 120 encoding: " + peer.SipEncoding + ", option 125 enterprise number " + PeerOptions.EnterpriseNumber,
                "Network: server 10.77." + FixtureSubnet + ".1/24 on a veth; client chaddr 02:00:00:00:00:01, xid 12345678,",
                "broadcast flag set. The client's message was:",
                "  " + Convert.ToHexString(sent.AsSpan(236).ToArray()).ToLowerInvariant() + " (options after the fixed fields)",
                string.Empty,
                "Quirks visible in these bytes:",
            };
            lines.AddRange(peer.Quirks.Select(q => "  - " + q));
            lines.Add(string.Empty);
            lines.Add("Configuration (" + Path.GetFileName(peer.ConfigPath) + "):");
            foreach (var line in peer.ConfigText.Replace(peer.WorkDirectory, "<temp>").Replace(peer.Network.ServerInterface, "<veth>").Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                lines.Add("  " + line);
            }

            return lines;
        }
    }
}
