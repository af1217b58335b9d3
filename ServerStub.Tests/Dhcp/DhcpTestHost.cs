using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Threading.Tasks;
using DeviceAgent.Dhcp;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using ServerStub.Dhcp;

namespace ServerStub.Tests.Dhcp;

/// <summary>
/// ServerStub hosted in-process (Program.Build) with the DHCP Listen socket on 127.0.0.1, and a client socket on
/// loopback that plays the phone: sends messages built with DhcpMessageWriter and reads the replies with DhcpMessage.
/// </summary>
internal sealed class DhcpTestHost : IAsyncDisposable
{
    public const string PhoneMac = "02:00:00:00:00:01";

    /// <summary>The directly served pool: 10.77.10.0/24, .100 to .110.</summary>
    public static readonly string[] LocalPool =
    {
        "Subnet=10.77.10.0/24", "RangeStart=10.77.10.100", "RangeEnd=10.77.10.110", "Routers=10.77.10.1",
        "DnsServers=10.77.10.53", "LeaseSeconds=120", "RenewalSeconds=60", "RebindingSeconds=105",
    };

    /// <summary>A pool behind a relay: 10.88.0.0/24, .50 to .60.</summary>
    public static readonly string[] RelayPool =
    {
        "Subnet=10.88.0.0/24", "RangeStart=10.88.0.50", "RangeEnd=10.88.0.60", "Routers=10.88.0.1", "LeaseSeconds=300",
    };

    private DhcpTestHost(StubHost stub)
    {
        Stub = stub;
        Server = stub.App.Services.GetRequiredService<DhcpServer>();
        Client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    /// <summary>The stub itself; its management client carries the key the /api/dhcp routes need.</summary>
    public StubHost Stub { get; }

    public WebApplication App => Stub.App;

    public string DataDirectory => Stub.DataDirectory;

    public DhcpServer Server { get; }

    /// <summary>The management API client; the phone side of these tests is the UDP socket <see cref="Client"/>.</summary>
    public HttpClient Http => Stub.Management;

    public Socket Client { get; }

    /// <summary>Option 54 of the Listen socket: 127.0.0.1.</summary>
    public uint ServerIdentifier => DhcpAddress.FromOctets(127, 0, 0, 1);

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "dhcp-stub-" + Guid.NewGuid().ToString("N"));

    /// <summary>Starts the app; pools: LocalPool and, with <paramref name="relayPool"/>, RelayPool. A given directory is kept on dispose.</summary>
    public static async Task<DhcpTestHost> StartAsync(string dataDirectory = null, bool relayPool = false, string[] localPool = null)
    {
        var args = new List<string> { "--ServerStub:Dhcp:Listen=127.0.0.1:0" };
        args.AddRange((localPool ?? LocalPool).Select(s => "--ServerStub:Dhcp:Pools:0:" + s));
        if (relayPool)
        {
            args.AddRange(RelayPool.Select(s => "--ServerStub:Dhcp:Pools:1:" + s));
        }

        var stub = await Task.Run(() => StubHost.Start(dataDirectory, args.ToArray()));
        stub.KeepDataDirectory = dataDirectory != null;
        return new DhcpTestHost(stub);
    }

    /// <summary>The phone every test registers: all VoIP options set, SIP servers as names.</summary>
    public static DhcpPhone Phone(string mac = PhoneMac) => new()
    {
        Mac = mac,
        PhoneNumber = "4930123456",
        AdditionalNumber = "4930654321",
        SipDomain = "voip.example",
        SipServers = new[] { "sip1.voip.example", "sip2.voip.example" },
        ManagementServer = "mgmt.voip.example",
        Gatekeeper = "gk.voip.example",
        ConfigServer = "tftp.voip.example",
        BootFile = "phone.cfg",
        NtpServers = new[] { "10.77.10.123" },
    };

    public static byte[] Mac(string text)
    {
        MacText.TryParse(text, out var mac);
        return mac;
    }

    public async Task PutPhoneAsync(DhcpPhone phone)
    {
        using var response = await Http.PutAsJsonAsync("/api/dhcp/phones/" + phone.Mac, phone);
        response.EnsureSuccessStatusCode();
    }

    public void Send(byte[] datagram) => Client.SendTo(datagram, Server.ListenEndPoint);

    public void Send(DhcpMessageWriter message) => Send(message.ToArray());

    /// <summary>The next datagram for the client socket as a DhcpMessage, or null after the timeout.</summary>
    public DhcpMessage Receive(int milliseconds = 3000)
    {
        if (!Client.Poll(milliseconds * 1000, SelectMode.SelectRead))
        {
            return null;
        }

        var buffer = new byte[1500];
        var length = Client.Receive(buffer);
        return DhcpMessage.Read(buffer, 0, length);
    }

    /// <summary>Sends and returns the reply, failing the test when none comes.</summary>
    public DhcpMessage Exchange(DhcpMessageWriter message)
    {
        Send(message);
        return Receive() ?? throw new AssertFailedException("no reply to DHCP " + (DhcpMessageType)message.ToArray()[242]);
    }

    /// <summary>DISCOVER then REQUEST (SELECTING); returns the ACK.</summary>
    public DhcpMessage Lease(string mac = PhoneMac, uint xid = 0x1234)
    {
        var offer = Exchange(DhcpMessageWriter.Discover(xid, Mac(mac)));
        return Exchange(DhcpMessageWriter.Request(xid + 1, Mac(mac), offer.YourAddress, ServerIdentifier));
    }

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        Stub.Dispose();
        return ValueTask.CompletedTask;
    }
}
