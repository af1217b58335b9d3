using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using DeviceAgent.Dhcp;
using DeviceAgent.Tests.RealPeers;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using ServerStub.Dhcp;
using ServerStub.Storage;

namespace ServerStub.Tests.Dhcp;

/// <summary>
/// Our server on a real interface behind a real relay: client namespace, dnsmasq --dhcp-relay, server namespace
/// (RelayNamespaces). Needs root; skips with the harness's reason otherwise.
/// </summary>
[TestClass]
public sealed class DhcpRelayTests
{
    private static readonly byte[] ClientMac = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };

    // RFC 2131 §4.1 and RFC 1542 §4: replies to a relayed request go to giaddr:67, the address from giaddr's subnet.
    [TestMethod]
    public void DiscoverRequest_ThroughDnsmasqRelay_LeaseFromRelaySubnet()
    {
        if (RelayNamespaces.SkipReason != null)
        {
            Assert.Inconclusive(RelayNamespaces.SkipReason);
        }

        using var net = RelayNamespaces.Create();
        var data = DhcpTestHost.NewDataDirectory();
        var options = new DhcpServerOptions
        {
            Interface = net.ServerInterface,
            Pools = new[]
            {
                Pool("10.77." + net.SubnetOctet),
                Pool("10.78." + net.SubnetOctet),
            },
        };
        var store = new DhcpStore(new StubDatabase(data));
        var responder = new DhcpResponder(store, options, TimeProvider.System, NullLogger<DhcpResponder>.Instance, new DhcpReconfigureKeys(store));
        using var server = new DhcpServer(options, store, responder, NullLogger<DhcpServer>.Instance);
        try
        {
            net.RunInServer(() =>
            {
                server.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
                return 0;
            });

            var (offer, ack) = net.RunInClient(() =>
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                socket.EnableBroadcast = true;
                socket.SetRawSocketOption(1, 25, Encoding.ASCII.GetBytes(net.ClientInterface + "\0")); // SO_BINDTODEVICE
                socket.Bind(new IPEndPoint(IPAddress.Any, DhcpServer.ClientPort));
                var discover = DhcpMessageWriter.Discover(0x5151, ClientMac);
                discover.Flags = DhcpMessage.BroadcastFlag;
                var offered = Exchange(socket, discover, DhcpMessageType.Offer);
                if (offered == null)
                {
                    return (null, null);
                }

                var request = DhcpMessageWriter.Request(0x5152, ClientMac, offered.YourAddress, DhcpAddress.Read(net.ServerAddress.GetAddressBytes(), 0));
                request.Flags = DhcpMessage.BroadcastFlag;
                return (offered, Exchange(socket, request, DhcpMessageType.Ack));
            });

            var context = "relay log:\n" + net.RelayLog;
            Assert.IsNotNull(offer, "no OFFER through the relay; " + context);
            Assert.IsNotNull(ack, "no ACK through the relay; " + context);
            var first = DhcpAddress.FromOctets(10, 77, (byte)net.SubnetOctet, 100);
            Assert.AreEqual(first, offer.YourAddress, context);
            Assert.AreEqual(first, ack.YourAddress);
            Assert.AreEqual(DhcpAddress.Read(net.RelayAddress.GetAddressBytes(), 0), ack.RelayAgentAddress, "giaddr");
            Assert.IsTrue(ack.TryGetAddress(DhcpOptionCode.ServerIdentifier, out var serverId));
            Assert.AreEqual(DhcpAddress.Read(net.ServerAddress.GetAddressBytes(), 0), serverId);
            Assert.IsNotNull(DhcpAuthentication.Read(ack), "option 90 survives the relay");
        }
        finally
        {
            server.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
            SqliteConnection.ClearAllPools();
            Directory.Delete(data, true);
        }
    }

    private static DhcpPool Pool(string prefix) => new DhcpPool
    {
        Subnet = prefix + ".0/24",
        RangeStart = prefix + ".100",
        RangeEnd = prefix + ".110",
        Routers = new[] { prefix + ".1" },
        LeaseSeconds = 600,
    }.Validate(out _);

    /// <summary>Broadcasts the message up to three times and returns the first reply of the expected type with its xid.</summary>
    private static DhcpMessage Exchange(Socket socket, DhcpMessageWriter message, DhcpMessageType expected)
    {
        var buffer = new byte[1500];
        for (var attempt = 0; attempt < 3; attempt++)
        {
            socket.SendTo(message.ToArray(), new IPEndPoint(IPAddress.Broadcast, DhcpServer.ServerPort));
            var deadline = DateTime.UtcNow.AddSeconds(2);
            while (socket.Poll((int)Math.Max(1, (deadline - DateTime.UtcNow).TotalMicroseconds), SelectMode.SelectRead))
            {
                var length = socket.Receive(buffer);
                var reply = DhcpMessage.Read((byte[])buffer.Clone(), 0, length);
                if (reply.Op == DhcpMessage.BootReply && reply.TransactionId == message.TransactionId && reply.MessageType == expected)
                {
                    return reply;
                }
            }
        }

        return null;
    }
}
