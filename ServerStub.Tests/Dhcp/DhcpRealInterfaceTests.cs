using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DeviceAgent.Tests.RealPeers;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using ServerStub.Dhcp;

namespace ServerStub.Tests.Dhcp;

/// <summary>
/// ServerStub's DHCP role on a real interface and the phone's DHCP client on the other end of the veth
/// (NetworkNamespaces): the built ServerStub and the desktop phone (<c>phone dhcp --interface</c>: DhcpClient through
/// DhcpClientRunner, UdpSocketTransport in interface mode, LinuxNetworkInterface) each run with <c>ip netns exec</c>,
/// which also gives them their namespace's /sys; the test talks to the stub's management API on the server
/// namespace's own loopback. Needs root; skips with the harness's reason otherwise.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class DhcpRealInterfaceTests
{
    /// <summary>The stub's HTTP port on the server namespace's loopback, which nothing else uses.</summary>
    private const int ManagementPort = 8080;

    private const string PhoneMac = "02:00:00:00:00:01";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    // RFC 3203 (FORCERENEW) with RFC 6704 §3 (reconfigure key, HMAC-MD5, replay counter): only an authenticated,
    // newer FORCERENEW makes the client renew (RFC 2131 §4.4.5 RENEWING: unicast REQUEST, ACK); the others are counted.
    [TestMethod]
    public async Task ForceRenew_GoodReplayBadKey_RenewsOnceAndCountsTheRejected()
    {
        var net = Namespaces();
        var data = DhcpTestHost.NewDataDirectory();
        try
        {
            var stub = StartStub(net, data);
            using var api = ManagementClient(net);
            await PutPhone(api, stub);
            var phone = StartPhone(net, "--hold", "--timeout", "20");
            Assert.IsTrue(phone.WaitForOutput("holding the lease", Wait), "no lease:\n" + phone.Output + "\nstub:\n" + stub.Output);

            await ForceRenew(api, "");
            Assert.IsTrue(phone.WaitForOutput("RENEWING -> BOUND", Wait), "no renewal:\n" + phone.Output + "\nstub:\n" + stub.Output);
            StringAssert.Contains(phone.StandardOutput, "authenticated FORCERENEW, replay counter");
            StringAssert.Contains(phone.StandardOutput, "BOUND -> RENEWING");

            // The renewal's ACK carried a newer counter; a replay repeats the last one sent.
            await ForceRenew(api, "?fault=replay");
            Assert.IsTrue(phone.WaitForOutput(") ignored", Wait), "replay not reported:\n" + phone.Output);
            StringAssert.Contains(phone.StandardOutput, "FORCERENEW replayed (counter ");

            await ForceRenew(api, "?fault=bad-key");
            Assert.IsTrue(phone.WaitForOutput("FORCERENEW with a bad HMAC-MD5 digest ignored", Wait), "bad key not reported:\n" + phone.Output);

            Signal(phone, "TERM");
            Assert.IsTrue(phone.WaitForOutput("dhcp: stopped in", Wait), phone.Output);
            StringAssert.Contains(phone.StandardOutput, "dhcp: stopped in BOUND; FORCERENEW accepted 1, unauthenticated 0, bad digest 1, replayed 1");
            Assert.AreEqual(1, Count(phone.StandardOutput, "BOUND -> RENEWING"), "only the authenticated FORCERENEW renews:\n" + phone.Output);
        }
        finally
        {
            net.Dispose();
            Directory.Delete(data, true);
        }
    }

    [TestMethod]
    public async Task Discover_RealInterface_PhoneGetsVoipOptionsFromStub()
    {
        var net = Namespaces();
        var data = DhcpTestHost.NewDataDirectory();
        try
        {
            var stub = StartStub(net, data);
            using var api = ManagementClient(net);
            await PutPhone(api, stub);

            var phone = StartPhone(net, "--json", "--timeout", "20");
            Assert.IsTrue(phone.WaitForOutput("\"reconfigureKey\"", Wait), "no lease:\n" + phone.Output + "\nstub:\n" + stub.Output);
            Assert.IsTrue(SpinWait.SpinUntil(() => phone.HasExited, Wait) && phone.WaitForOutput("}", Wait), "phone did not exit:\n" + phone.Output);

            using var lease = JsonDocument.Parse(phone.StandardOutput);
            var root = lease.RootElement;
            Assert.AreEqual(net.Address(100).ToString(), root.GetProperty("address").GetString());
            Assert.AreEqual(net.ServerAddress.ToString(), root.GetProperty("serverIdentifier").GetString());
            Assert.AreEqual("4930123456", root.GetProperty("phoneNumber").GetString());
            Assert.AreEqual("4930654321", root.GetProperty("additionalPhoneNumber").GetString());
            Assert.AreEqual("voip.example", root.GetProperty("sipDomain").GetString());
            CollectionAssert.AreEqual(new[] { "sip1.voip.example", "sip2.voip.example" },
                root.GetProperty("sipServerNames").EnumerateArray().Select(e => e.GetString()).ToArray());
            Assert.AreEqual("mgmt.voip.example", root.GetProperty("managementServer").GetString());
            Assert.AreEqual("gk.voip.example", root.GetProperty("gatekeeper").GetString());
            Assert.AreEqual("tftp.voip.example", root.GetProperty("configServerName").GetString());
            Assert.AreEqual("phone.cfg", root.GetProperty("bootFile").GetString());
            Assert.IsTrue(root.GetProperty("reconfigureKey").GetBoolean(), "option 90 for FORCERENEW");
            var address = RunIp("-n", net.ClientNamespace, "-4", "-br", "addr", "show", "dev", net.ClientInterface);
            StringAssert.Contains(address, net.Address(100) + "/24", "LinuxNetworkInterface applied the lease");
        }
        finally
        {
            net.Dispose();
            Directory.Delete(data, true);
        }
    }

    private static NetworkNamespaces Namespaces()
    {
        if (NetworkNamespaces.SkipReason != null)
        {
            Assert.Inconclusive(NetworkNamespaces.SkipReason);
        }

        var net = NetworkNamespaces.Create();
        // A known MAC, so the stub's phone row can be keyed by it before the phone starts.
        RunIp("-n", net.ClientNamespace, "link", "set", "dev", net.ClientInterface, "address", PhoneMac);
        return net;
    }

    /// <summary>The built ServerStub in the server namespace, DHCP on the server veth, HTTP on that namespace's loopback.</summary>
    private static NamespaceProcess StartStub(NetworkNamespaces net, string data)
    {
        var prefix = "10.77." + net.SubnetOctet + ".";
        var stub = net.StartInServer(Dotnet, null, Path.Combine(AppContext.BaseDirectory, "ServerStub.dll"), "serve",
            "--urls", "http://127.0.0.1:" + ManagementPort, "--data", data, "--management-key", StubHost.ManagementKey,
            "--ServerStub:Dhcp:Interface=" + net.ServerInterface,
            "--ServerStub:Dhcp:Pools:0:Subnet=" + prefix + "0/24", "--ServerStub:Dhcp:Pools:0:RangeStart=" + prefix + "100",
            "--ServerStub:Dhcp:Pools:0:RangeEnd=" + prefix + "110", "--ServerStub:Dhcp:Pools:0:Routers=" + prefix + "1",
            "--ServerStub:Dhcp:Pools:0:LeaseSeconds=600");
        Assert.IsTrue(stub.WaitForOutput("Now listening on", Wait) && stub.WaitForOutput("DHCP server on " + net.ServerInterface, Wait),
            "stub did not start:\n" + stub.Output);
        return stub;
    }

    private static NamespaceProcess StartPhone(NetworkNamespaces net, params string[] args) =>
        net.StartInClient(Dotnet, null, [Path.Combine(AppContext.BaseDirectory, "phone.dll"), "dhcp", "--interface", net.ClientInterface, .. args]);

    /// <summary>An HTTP client whose connections are opened from a thread inside the server namespace.</summary>
    private static HttpClient ManagementClient(NetworkNamespaces net)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, token) =>
            {
                var socket = net.RunInServer(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, ManagementPort), token);
                    return new NetworkStream(socket, true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri("http://127.0.0.1:" + ManagementPort), Timeout = Wait };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", StubHost.ManagementKey);
        return client;
    }

    private static async Task PutPhone(HttpClient api, NamespaceProcess stub)
    {
        using var response = await api.PutAsJsonAsync("/api/dhcp/phones/" + PhoneMac, DhcpTestHost.Phone(PhoneMac));
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync() + "\nstub:\n" + stub.Output);
    }

    private static async Task ForceRenew(HttpClient api, string query)
    {
        using var response = await api.PostAsync("/api/dhcp/forcerenew/" + PhoneMac + query, null);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Sends a signal to a process this test started (by its id), as an operator's Ctrl-C or service stop would.</summary>
    private static void Signal(NamespaceProcess process, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString()]);
        kill.WaitForExit();
    }

    private static string RunIp(params string[] args)
    {
        var result = NetworkNamespaces.Run(NetworkNamespaces.IpCommand, args);
        Assert.AreEqual(0, result.ExitCode, "ip " + string.Join(' ', args) + ": " + result.StandardError);
        return result.StandardOutput;
    }

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? NetworkNamespaces.FindExecutable("dotnet");
}
