using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using DeviceAgent.Dhcp;
using DeviceAgent.Hal.Desktop;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceAgent.Tests.RealPeers
{
    /// <summary>
    /// Desktop only, root: the agent's DHCP client (DhcpClientRunner over the interface-mode UdpSocketTransport and
    /// LinuxNetworkInterface, on a thread inside the client namespace) against real dnsmasq and Kea: DORA (RFC 2131
    /// §3.1) with every VoIP option read, renewal at T1 (§4.4.5, unicast) and rebinding at T2 (broadcast) in real time.
    /// </summary>
    [TestClass]
    public class DhcpClientRealPeerTests
    {
        private const int ShortRenewSeconds = 3;
        private const int ShortRebindSeconds = 7;

        [TestMethod]
        [DataRow(DhcpPeerKind.Dnsmasq, SipServerEncoding.DomainNames)]
        [DataRow(DhcpPeerKind.Dnsmasq, SipServerEncoding.Addresses)]
        [DataRow(DhcpPeerKind.Kea, SipServerEncoding.DomainNames)]
        [DataRow(DhcpPeerKind.Kea, SipServerEncoding.Addresses)]
        public void Dora_RealPeer_LeaseAndEveryVoipOption(DhcpPeerKind kind, SipServerEncoding encoding)
        {
            SkipUnlessUsable(kind);
            using var net = NetworkNamespaces.Create();
            using var peer = DhcpPeer.Start(kind, net, encoding);

            var (lease, log, configured) = net.RunInClient(() =>
            {
                var session = new Session(net);
                using (session)
                {
                    var watch = Stopwatch.StartNew();
                    var ok = session.Runner.RunUntilConfigured(15000);
                    session.Log.Add("configured in " + watch.ElapsedMilliseconds + " ms");
                    return (session.Runner.Client.Lease, session.Log, ok ? session.InterfaceAddresses() : null);
                }
            });

            Console.WriteLine(string.Join("\n", log));
            Assert.IsNotNull(lease, peer + "\n" + string.Join("\n", log) + "\n" + peer.Process.Output);
            AssertLease(net, encoding, lease);
            StringAssert.Contains(configured, net.Address((int)(lease.Address & 0xFF)) + "/24", "ip addr after ApplyLease");
        }

        [TestMethod]
        [DataRow(DhcpPeerKind.Dnsmasq)]
        [DataRow(DhcpPeerKind.Kea)]
        public void Renew_RealPeer_AtT1ByUnicast(DhcpPeerKind kind)
        {
            SkipUnlessUsable(kind);
            using var net = NetworkNamespaces.Create();
            using var peer = DhcpPeer.Start(kind, net, SipServerEncoding.DomainNames, ShortRenewSeconds, ShortRebindSeconds);

            var log = net.RunInClient(() =>
            {
                using var session = new Session(net);
                Assert.IsTrue(session.Runner.RunUntilConfigured(15000), string.Join("\n", session.Log));
                var first = session.Runner.Client.Lease;
                Assert.AreEqual((uint)ShortRenewSeconds, first.RenewalSeconds);
                Assert.AreEqual((uint)ShortRebindSeconds, first.RebindingSeconds);
                var deadline = Stopwatch.StartNew();
                while (session.Runner.Client.Lease == first && deadline.ElapsedMilliseconds < ShortRebindSeconds * 1000)
                {
                    session.Runner.RunOnce(200);
                }

                Assert.AreNotSame(first, session.Runner.Client.Lease, "no renewal ACK before T2:\n" + string.Join("\n", session.Log));
                Assert.AreEqual(DhcpClientState.Bound, session.Runner.Client.State);
                Assert.AreEqual(first.Address, session.Runner.Client.Lease.Address);
                return session.Log;
            });

            Console.WriteLine(string.Join("\n", log));
            Assert.IsTrue(log.Any(l => l.Contains("BOUND -> RENEWING: T1")), string.Join("\n", log));
            Assert.IsTrue(log.Any(l => l.StartsWith("sent DHCPREQUEST renew") && l.Contains(" to " + net.ServerAddress)), string.Join("\n", log));
            Assert.IsTrue(log.Any(l => l.Contains("RENEWING -> BOUND")), string.Join("\n", log));
            Assert.IsFalse(log.Any(l => l.Contains("REBINDING")), string.Join("\n", log));
        }

        [TestMethod]
        [DataRow(DhcpPeerKind.Dnsmasq)]
        [DataRow(DhcpPeerKind.Kea)]
        public void Rebind_RealPeerDownAtT1_RebindsByBroadcastAtT2(DhcpPeerKind kind)
        {
            SkipUnlessUsable(kind);
            using var net = NetworkNamespaces.Create();
            using var peer = DhcpPeer.Start(kind, net, SipServerEncoding.Addresses, ShortRenewSeconds, ShortRebindSeconds);

            var log = net.RunInClient(() =>
            {
                using var session = new Session(net);
                Assert.IsTrue(session.Runner.RunUntilConfigured(15000), string.Join("\n", session.Log));
                var first = session.Runner.Client.Lease;

                // The server is gone when T1 comes, so the unicast renewal goes unanswered; it is back before T2.
                peer.Stop();
                var clock = Stopwatch.StartNew();
                while (session.Runner.Client.State != DhcpClientState.Renewing && clock.ElapsedMilliseconds < 10000)
                {
                    session.Runner.RunOnce(200);
                }

                peer.Restart();
                while (session.Runner.Client.State != DhcpClientState.Bound && clock.ElapsedMilliseconds < 20000)
                {
                    session.Runner.RunOnce(200);
                }

                Assert.AreEqual(DhcpClientState.Bound, session.Runner.Client.State, string.Join("\n", session.Log));
                Assert.AreEqual(first.Address, session.Runner.Client.Lease.Address);
                return session.Log;
            });

            Console.WriteLine(string.Join("\n", log));
            Assert.IsTrue(log.Any(l => l.Contains("RENEWING -> REBINDING: T2")), string.Join("\n", log));
            Assert.IsTrue(log.Any(l => l.StartsWith("sent DHCPREQUEST rebind")), string.Join("\n", log));
            Assert.IsTrue(log.Any(l => l.Contains("REBINDING -> BOUND")), string.Join("\n", log));
        }

        private static void AssertLease(NetworkNamespaces net, SipServerEncoding encoding, DhcpLease lease)
        {
            uint A(int host) => DhcpAddress.FromOctets(10, 77, (byte)net.SubnetOctet, (byte)host);
            var v = lease.VoipOptions;
            Assert.IsTrue(lease.Address >= A(PeerOptions.RangeFirstHost) && lease.Address <= A(PeerOptions.RangeLastHost), DhcpAddress.Format(lease.Address));
            Assert.AreEqual(DhcpAddress.FromOctets(255, 255, 255, 0), lease.SubnetMask);
            CollectionAssert.AreEqual(new[] { A(PeerOptions.RouterHost) }, lease.Routers);
            CollectionAssert.AreEqual(new[] { A(PeerOptions.DnsHost) }, lease.DnsServers);
            Assert.AreEqual(PeerOptions.DomainName, lease.DomainName);
            CollectionAssert.AreEqual(new[] { A(PeerOptions.NtpHost) }, lease.NtpServers);
            CollectionAssert.AreEqual(new[] { A(PeerOptions.NtpHost) }, v.NtpServers);
            Assert.AreEqual(A(1), lease.ServerIdentifier);
            Assert.AreEqual((uint)PeerOptions.LeaseSeconds, lease.LeaseSeconds);
            Assert.AreEqual((uint)PeerOptions.RenewSeconds, lease.RenewalSeconds);
            Assert.AreEqual((uint)PeerOptions.RebindSeconds, lease.RebindingSeconds);
            if (encoding == SipServerEncoding.DomainNames)
            {
                CollectionAssert.AreEqual(PeerOptions.SipServerNames, v.SipServerNames);
                Assert.IsNull(v.SipServerAddresses);
            }
            else
            {
                CollectionAssert.AreEqual(PeerOptions.SipServerHosts.Select(A).ToArray(), v.SipServerAddresses);
                Assert.IsNull(v.SipServerNames);
            }

            Assert.AreEqual(PeerOptions.TftpServerName, v.ConfigServerName);
            CollectionAssert.AreEqual(new[] { A(PeerOptions.TftpHost) }, v.ConfigServerAddresses);
            var sub = PeerOptions.VendorSubOptions.ToDictionary(p => p.Key, p => p.Value);
            CollectionAssert.AreEqual(new byte[] { 0x02, 0, 0, 0, 0, 0x01 }, v.MacAddress);
            Assert.AreEqual(sub[202], v.PhoneNumber);
            Assert.AreEqual(sub[203], v.AdditionalPhoneNumber);
            Assert.AreEqual(sub[204], v.SipDomain);
            Assert.AreEqual(sub[210], v.ManagementServer);
            Assert.AreEqual(sub[211], v.Gatekeeper);
            var ours = v.VendorBlocks.Single(b => b.EnterpriseNumber == DhcpVoipOptions.DefaultEnterpriseNumber);
            Assert.AreEqual(PeerOptions.VendorSubOptions.Count, ours.SubOptionCount);
            Assert.IsNull(lease.ReconfigureKey, "neither peer implements RFC 6704");
        }

        private static void SkipUnlessUsable(DhcpPeerKind kind)
        {
            var reason = DhcpPeer.SkipReason(kind);
            if (reason != null)
            {
                Assert.Inconclusive(reason);
            }
        }

        /// <summary>The desktop client stack in the client namespace; create and use it on the namespace thread.</summary>
        private sealed class Session : IDisposable
        {
            private readonly NetworkNamespaces _net;
            private readonly UdpSocketTransport _socket;

            public Session(NetworkNamespaces net)
            {
                _net = net;
                var network = new LinuxNetworkInterface(net.ClientInterface);
                _socket = UdpSocketTransport.ForInterface(net.ClientInterface);
                var client = new DhcpClient(network.HardwareAddress, new DhcpClientOptions(), new Random(1));
                Runner = new DhcpClientRunner(client, _socket, network, new SystemClock(), 1500);
                Runner.ActionReported = a =>
                {
                    if (a.Kind == DhcpClientActionKind.Event)
                    {
                        Log.Add(a.Text);
                    }
                    else if (a.Kind == DhcpClientActionKind.Send)
                    {
                        Log.Add("sent " + a.Text);
                    }
                };
                Runner.ErrorReported = text => Log.Add("error: " + text);
                Runner.Start(null);
            }

            public DhcpClientRunner Runner { get; }

            public List<string> Log { get; } = new();

            /// <summary>What <c>ip -4 addr show</c> says about the client veth, run from this namespace thread.</summary>
            public string InterfaceAddresses() => NetworkNamespaces.Run(NetworkNamespaces.IpCommand, "-4", "addr", "show", "dev", _net.ClientInterface).StandardOutput;

            public void Dispose() => _socket.Dispose();
        }
    }
}
