using System;
using System.Linq;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using DeviceAgent.Agent;
using DeviceAgent.Dhcp;
using DeviceAgent.Hal.Desktop;
using DeviceAgent.Provisioning;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using ServerStub.Dhcp;
using ServerStub.Tests.Dhcp;
using ServerStub.Tests.Provisioning;
using static ServerStub.Tests.PreProvisioning.PreProvisioningApi;

namespace ServerStub.Tests.EndToEnd;

/// <summary>
/// A factory-fresh phone against real ServerStub instances on loopback (HTTP and HTTPS with a certificate made at run
/// time whose root the phone pins, real SQLite files), through every branch of the discovery chain
/// (docs/discovery-chain.md): DHCP resources, cached contact, inquiry, redirects, unknown device, server down, garbage.
/// </summary>
[TestClass]
public sealed class ProvisioningEndToEndTests
{
    private const string ContactPath = "/v1/contact";
    private const string ProvisioningPost = "POST /provisioning/v1/request";

    private static TestCertificates _certificates;

    [ClassInitialize]
    public static void CreateCertificates(TestContext context) => _certificates = TestCertificates.Create();

    [ClassCleanup]
    public static void DeleteCertificates() => _certificates?.Dispose();

    [TestMethod]
    public async Task Run_DhcpLeaseNamesStub_ConfiguredWithoutInquiry()
    {
        using var stub = StartStub(extra: ["--ServerStub:Dhcp:Listen=127.0.0.1:0", .. DhcpTestHost.LocalPool.Select(s => "--ServerStub:Dhcp:Pools:0:" + s)]);
        var image = await ProvisioningScenario.SeedAsync(stub, 2000);
        // Option 125 sub-option 210 as host:port: the chain makes it https://host:port/provisioning/v1/request.
        var phoneEntry = new DhcpPhone { ManagementServer = Contact(stub), SipServers = ["sip1.voip.example"], PhoneNumber = "4930123456" };
        (await stub.Management.PutAsJsonAsync("/api/dhcp/phones/" + ProvisioningScenario.Mac, phoneEntry)).EnsureSuccessStatusCode();
        using var phone = NewPhone(stub);

        var lease = LeaseFromStub(stub);
        var end = phone.Run(lease.VoipOptions);

        Assert.AreEqual(Contact(stub), lease.VoipOptions.ManagementServer, "option 125/210 from the stub's DHCP role");
        AssertConfigured(end, phone, stub, image);
        Assert.AreEqual(DiscoverySource.Dhcp, phone.Chain.Source);
        AssertNoInquiry(stub);
    }

    [TestMethod]
    public async Task Run_CachedContactValid_ConfiguredWithoutInquiry()
    {
        using var stub = StartStub();
        var image = await ProvisioningScenario.SeedAsync(stub, 2000);
        using var phone = NewPhone(stub);
        phone.CacheContact(Contact(stub), DateTime.UtcNow.AddMinutes(-10), 3600);

        var end = phone.Run();

        AssertConfigured(end, phone, stub, image);
        Assert.AreEqual(DiscoverySource.CachedContact, phone.Chain.Source);
        AssertNoInquiry(stub);
    }

    [TestMethod]
    [DataRow(false, DisplayName = "pre-provisioning over HTTP")]
    [DataRow(true, DisplayName = "pre-provisioning over HTTPS")]
    public async Task Run_FactoryFresh_InquiryContactStoredInFlashThenConfigured(bool https)
    {
        using var stub = StartStub();
        var image = await ProvisioningScenario.SeedAsync(stub, 2000);
        Register(stub, Contact(stub), 7200);
        using var phone = NewPhone(stub, https);
        Assert.IsNull(phone.ReloadIdentity().ProvisioningContact, "factory-fresh");
        var started = DateTime.UtcNow;

        var end = phone.Run();

        AssertConfigured(end, phone, stub, image);
        Assert.AreEqual(DiscoverySource.Inquiry, phone.Chain.Source);
        CollectionAssert.Contains(stub.Requests.ToArray(), "GET " + ContactPath + " 200");
        var stored = phone.ReloadIdentity();
        Assert.AreEqual(Contact(stub), stored.ProvisioningContact?.ToString(), "contact in flash after the inquiry");
        Assert.AreEqual(7200u, stored.ProvisioningContactValidForSeconds);
        Assert.IsTrue(stored.ProvisioningContactLearnedAtUtc >= started.AddSeconds(-1) && stored.ProvisioningContactLearnedAtUtc <= DateTime.UtcNow.AddSeconds(1),
            "learned at " + stored.ProvisioningContactLearnedAtUtc.ToString("O"));
        Assert.AreEqual(FactoryPhone.DeviceId, stored.DeviceId);
    }

    [TestMethod]
    public async Task Run_PhoneRecordRedirectsToSecondStub_ConfiguredBySecond()
    {
        using var first = StartStub();
        using var second = StartStub();
        await ProvisioningScenario.SeedAsync(first, 1000);
        var image = await ProvisioningScenario.SeedAsync(second, 3000, seed: 99);
        await SetRedirects(first, Entry(second));
        Register(first, Contact(first), 3600);
        using var phone = NewPhone(first);

        var end = phone.Run();

        AssertConfigured(end, phone, second, image);
        CollectionAssert.Contains(first.Requests.ToArray(), ProvisioningPost + " 200", "the redirect answer");
        CollectionAssert.Contains(second.Requests.ToArray(), ProvisioningPost + " 200", "the configuration");
        StringAssert.Contains(phone.Log, "redirect started: depth 1");
    }

    [TestMethod]
    public async Task Run_RedirectLoopBetweenStubs_FailsWithLoopReason()
    {
        using var first = StartStub();
        using var second = StartStub();
        await ProvisioningScenario.SeedAsync(first, 1000);
        await ProvisioningScenario.SeedAsync(second, 1000);
        await SetRedirects(first, Entry(second));
        await SetRedirects(second, Entry(first));
        Register(first, Contact(first), 3600);
        using var phone = NewPhone(first);

        var end = phone.Run();

        Assert.AreEqual(DiscoveryActionKind.Failed, end.Kind, phone.Log);
        var reasons = string.Join("; ", end.Reasons);
        StringAssert.Contains(reasons, "redirect loop at " + Entry(second));
        Assert.AreEqual(1, second.Requests.Count(r => r.StartsWith(ProvisioningPost)), "a loop is noticed, not followed round again");
        Assert.IsNull(phone.Chain.Configuration);
    }

    [TestMethod]
    public void Run_UnknownDevice_FailsWithReasonAndKeepsCachedContact()
    {
        using var stub = StartStub();
        using var phone = NewPhone(stub);
        // Expired, so the chain goes on to the inquiry, which the stub answers 404: no registration.
        var learned = DateTime.UtcNow.AddDays(-2);
        phone.CacheContact("prov.example.com:8443", learned, 3600);
        var before = phone.ReloadIdentity();

        var end = phone.Run();

        Assert.AreEqual(DiscoveryActionKind.Failed, end.Kind, phone.Log);
        StringAssert.Contains(string.Join("; ", end.Reasons), "does not know device " + FactoryPhone.DeviceId + " (HTTP 404)");
        CollectionAssert.Contains(stub.Requests.ToArray(), "GET " + ContactPath + " 404");
        Assert.AreEqual(1, stub.Requests.Count(r => r.StartsWith("GET " + ContactPath)), "404 is final: not asked again");
        var after = phone.ReloadIdentity();
        Assert.AreEqual(before, after, "cached contact not wiped");
        Assert.AreEqual("prov.example.com:8443", after.ProvisioningContact.ToString());
    }

    [TestMethod]
    public async Task Run_StubDownThenRestarted_RetriesWithBackoffAndConfigured()
    {
        int httpPort = FreePort(), httpsPort = FreePort();
        var first = StartStub(httpPort: httpPort, httpsPort: httpsPort);
        var image = await ProvisioningScenario.SeedAsync(first, 2000);
        Register(first, Contact(first), 3600);
        first.Stop();
        using var phone = NewPhone(first);
        phone.Settings.AttemptsPerSource = 20;
        phone.Settings.BackoffBaseMilliseconds = 100;
        phone.Settings.BackoffMaxMilliseconds = 400;
        using var retried = new ManualResetEventSlim();
        phone.Observer = action =>
        {
            if (action.Kind == DiscoveryActionKind.Event && action.Outcome == DiscoveryOutcome.Retrying)
            {
                retried.Set();
            }
        };

        var run = Task.Factory.StartNew(() => phone.Run(), TaskCreationOptions.LongRunning);
        Assert.IsTrue(retried.Wait(TimeSpan.FromSeconds(15)), "no retry while the stub is down:\n" + phone.Log);
        using var restarted = StartStub(first.DataDirectory, httpPort, httpsPort);
        var end = await run.WaitAsync(TimeSpan.FromSeconds(30));

        AssertConfigured(end, phone, restarted, image);
        var retries = phone.Actions.Where(a => a.Kind == DiscoveryActionKind.Event && a.Outcome == DiscoveryOutcome.Retrying).ToArray();
        StringAssert.Contains(retries[0].Text, "cannot connect to 127.0.0.1:" + httpPort);
        StringAssert.Contains(retries[0].Text, "attempt 2 of 20 in ");
        CollectionAssert.Contains(restarted.Requests.ToArray(), "GET " + ContactPath + " 200", "the registration survived the restart in SQLite");
    }

    [TestMethod]
    public async Task Run_DhcpServerAnswersGarbage_FallsBackToInquiry()
    {
        using var stub = StartStub();
        var image = await ProvisioningScenario.SeedAsync(stub, 2000);
        Register(stub, Contact(stub), 3600);
        var garbageRequests = 0;
        await using var garbageApp = StartGarbageServer(() => Interlocked.Increment(ref garbageRequests));
        using var phone = NewPhone(stub);

        var end = phone.Run(LeaseNaming(garbageApp.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>().Addresses.First()));

        AssertConfigured(end, phone, stub, image);
        Assert.AreEqual(DiscoverySource.Inquiry, phone.Chain.Source);
        Assert.AreEqual(phone.Settings.AttemptsPerSource, garbageRequests, "one request per round, then the fallback");
        StringAssert.Contains(phone.Log, "corrupted response");
        StringAssert.Contains(phone.Log, "falling back to the cached contact");
    }

    private static StubHost StartStub(string data = null, int httpPort = 0, int httpsPort = 0, string[] extra = null) =>
        StubHost.Start(data, ["--urls", $"http://127.0.0.1:{httpPort};https://127.0.0.1:{httpsPort}", .. _certificates.StubArguments, .. extra ?? []]);

    private static FactoryPhone NewPhone(StubHost preProvisioning, bool https = false) =>
        new((https ? preProvisioning.HttpsAddress : preProvisioning.BaseAddress).ToString(), _certificates.RootCaFile);

    /// <summary>The stub's HTTPS listener as a provisioning contact, host:port.</summary>
    private static string Contact(StubHost stub) => "127.0.0.1:" + stub.HttpsAddress.Port;

    private static string Entry(StubHost stub) => "https://" + Contact(stub) + "/provisioning/v1/request";

    private static void Register(StubHost stub, string contact, uint validFor)
    {
        using var response = Put(stub.Management, FactoryPhone.DeviceId, new { contact, validForSeconds = validFor });
        Assert.AreEqual(HttpStatusCode.Created, response.StatusCode, Text(response));
    }

    private static Task SetRedirects(StubHost stub, params string[] urls) =>
        ProvisioningScenario.Expect(200, stub.Management.PutAsJsonAsync("/api/prov/phones/" + ProvisioningScenario.Serial, ProvisioningScenario.Phone(redirects: urls)));

    private static void AssertConfigured(DiscoveryAction end, FactoryPhone phone, StubHost server, byte[] image)
    {
        Assert.AreEqual(DiscoveryActionKind.Configured, end.Kind, phone.Log);
        var configuration = end.Configuration;
        Assert.AreEqual("voip.example.net", configuration.Domain);
        Assert.AreEqual("ca1.example.net", configuration.CallAgentHost);
        Assert.AreEqual(5061, configuration.CallAgentPort);
        Assert.AreEqual("Reception", configuration.DeviceName);
        Assert.AreEqual(3600, configuration.PollIntervalSeconds);
        Assert.AreEqual("https://" + Contact(server) + "/firmware", configuration.FirmwareServer);
        Assert.AreEqual(ProvisioningScenario.FirmwareName, configuration.FirmwareFile);
        Assert.AreEqual("1.5.0", configuration.FirmwareVersion);
        CollectionAssert.AreEqual(SHA256.HashData(image), configuration.FirmwareSha256);
    }

    private static void AssertNoInquiry(StubHost stub)
    {
        var requests = stub.Requests.ToArray();
        Assert.IsFalse(requests.Any(r => r.Contains(ContactPath)), "inquiry made: " + string.Join(", ", requests));
        CollectionAssert.Contains(requests, ProvisioningPost + " 200");
    }

    /// <summary>The phone's real DHCP client (loopback mode) against the stub's DHCP role; returns the bound lease.</summary>
    private static DeviceAgent.Dhcp.DhcpLease LeaseFromStub(StubHost stub)
    {
        var server = stub.App.Services.GetRequiredService<DhcpServer>();
        var mac = DhcpTestHost.Mac(ProvisioningScenario.Mac);
        using var socket = UdpSocketTransport.ForLoopback(server.ListenEndPoint.Port);
        var client = new DhcpClient(mac, new DhcpClientOptions(), new Random(1));
        var runner = new DhcpClientRunner(client, socket, new LoopbackNetworkInterface(mac), new SystemClock(), 1500);
        runner.Start(null);
        Assert.IsTrue(runner.RunUntilConfigured(10000), "no lease from the stub's DHCP role: " + DhcpClient.StateName(client.State));
        return client.Lease;
    }

    /// <summary>VoIP options of an ACK whose option 125 sub-option 210 is <paramref name="url"/>.</summary>
    private static DhcpVoipOptions LeaseNaming(string url)
    {
        var writer = new DhcpMessageWriter(DhcpMessageType.Ack, 0x1234, DhcpTestHost.Mac(ProvisioningScenario.Mac));
        var block = new DhcpVendorBlock(DhcpVoipOptions.DefaultEnterpriseNumber);
        block.AddText(DhcpVoipOptions.SubOptionManagementServer, url);
        writer.AddVendorBlocks([block]);
        var bytes = writer.ToArray();
        return DhcpVoipOptions.FromMessage(DhcpMessage.Read(bytes, 0, bytes.Length), DhcpVoipOptions.DefaultEnterpriseNumber);
    }

    /// <summary>A provisioning entry point that answers 200 application/xml with bytes no reader accepts.</summary>
    private static WebApplication StartGarbageServer(Action counted)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/provisioning/v1/request", () =>
        {
            counted();
            return Results.Text("<provision-response version=\"1\"><config><<\u0001 not xml", "application/xml");
        });
        app.StartAsync().GetAwaiter().GetResult();
        return app;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
