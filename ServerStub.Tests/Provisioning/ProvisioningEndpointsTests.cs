using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using DeviceAgent.Provisioning;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static ServerStub.Tests.Provisioning.ProvisioningScenario;

namespace ServerStub.Tests.Provisioning;

/// <summary>The phone-facing provisioning endpoint over real loopback HTTP and a real SQLite file; answers read with the phone's codec.</summary>
[TestClass]
public sealed class ProvisioningEndpointsTests
{
    [TestMethod]
    public async Task Request_RegisteredPhone_ConfigurationNamingOwnFirmwareServer()
    {
        using var host = StubHost.Start();
        var image = await SeedAsync(host);

        var (status, response, _) = await ProvisionAsync(host.Client, Request());

        Assert.AreEqual(200, status);
        Assert.AreEqual(ProvisionResponseKind.Configuration, response.Kind);
        var c = response.Configuration;
        Assert.AreEqual("voip.example.net", c.Domain);
        Assert.AreEqual("ca1.example.net", c.CallAgentHost);
        Assert.AreEqual(5061, c.CallAgentPort);
        Assert.AreEqual("Reception", c.DeviceName);
        Assert.AreEqual(3600, c.PollIntervalSeconds);
        Assert.AreEqual(host.BaseAddress.ToString().TrimEnd('/') + "/firmware", c.FirmwareServer);
        Assert.AreEqual(FirmwareName, c.FirmwareFile);
        Assert.AreEqual("1.5.0", c.FirmwareVersion);
        CollectionAssert.AreEqual(SHA256.HashData(image), c.FirmwareSha256);
    }

    [TestMethod]
    public async Task Request_PublicBaseUrlConfigured_FirmwareServerUsesIt()
    {
        using var host = StubHost.Start(null, "--ServerStub:PublicBaseUrl", "https://prov.example.net:8443/stub/");
        await SeedAsync(host);

        var (_, response, _) = await ProvisionAsync(host.Client, Request());

        Assert.AreEqual("https://prov.example.net:8443/stub/firmware", response.Configuration.FirmwareServer);
    }

    [TestMethod]
    public async Task Request_AfterManagementChange_AnswerReflectsChange()
    {
        using var host = StubHost.Start();
        await SeedAsync(host);
        var (_, before, _) = await ProvisionAsync(host.Client, Request());

        await Expect(200, host.Management.PutAsJsonAsync($"/api/prov/phones/{Serial}", new
        {
            mac = Mac, customer = Customer, deviceName = "Lobby", domain = "voip.example.net", callAgentHost = "ca1.example.net",
        }));
        var (_, after, _) = await ProvisionAsync(host.Client, Request());

        Assert.AreEqual("Reception", before.Configuration.DeviceName);
        Assert.AreEqual("Lobby", after.Configuration.DeviceName);
        Assert.AreEqual(86400, after.Configuration.PollIntervalSeconds);
    }

    [TestMethod]
    public async Task Request_UnknownSerial_404UnknownDevice()
    {
        using var host = StubHost.Start();
        await SeedAsync(host);

        var (status, response, _) = await ProvisionAsync(host.Client, Request(serial: "SN9999"));

        Assert.AreEqual(404, status);
        Assert.AreEqual(ProvisioningError.UnknownDevice, response.Error.Code);
    }

    [TestMethod]
    public async Task Request_KnownSerialOtherMacOrCustomer_403IdentityMismatchWithoutStoredData()
    {
        using var host = StubHost.Start();
        await SeedAsync(host);
        await Expect(200, host.Management.PutAsJsonAsync("/api/prov/users/C-555", new { name = "Other Customer" }));

        foreach (var request in new[] { Request(mac: "aa:bb:cc:dd:ee:00"), Request(customer: "C-555") })
        {
            var (status, response, http) = await ProvisionAsync(host.Client, request);
            var body = await http.Content.ReadAsStringAsync();

            Assert.AreEqual(403, status);
            Assert.AreEqual(ProvisioningError.IdentityMismatch, response.Error.Code);
            foreach (var secret in new[] { Mac, Customer, "Reception", "Hotel Example", "voip.example.net", FirmwareName })
            {
                Assert.DoesNotContain(secret, body, "error leaks " + secret);
            }
        }
    }

    [TestMethod]
    public async Task Request_MalformedXml_400BadRequestWithCodecReason()
    {
        using var host = StubHost.Start();
        var document = Text(ProvisioningXml.WriteRequest(Request())).Replace("<serial>SN0042</serial>", "<serial>SN0042</serail>");

        var http = await PostXml(host.Client, "/provisioning/v1/request", Encoding.UTF8.GetBytes(document));
        var response = await ReadResponse(http);

        Assert.AreEqual(400, (int)http.StatusCode);
        Assert.AreEqual(ProvisioningError.BadRequest, response.Error.Code);
        var expected = Assert.ThrowsExactly<ProvisioningFormatException>(() =>
            ProvisioningXml.ReadRequest(Encoding.UTF8.GetBytes(document), 0, Encoding.UTF8.GetByteCount(document)));
        Assert.AreEqual(expected.Message, response.Error.Text);
    }

    [TestMethod]
    public async Task Request_MissingElement_400NamesElement()
    {
        using var host = StubHost.Start();
        var document = Text(ProvisioningXml.WriteRequest(Request())).Replace("    <mac>aa:bb:cc:dd:ee:ff</mac>\n", "");

        var http = await PostXml(host.Client, "/provisioning/v1/request", Encoding.UTF8.GetBytes(document));

        Assert.AreEqual(400, (int)http.StatusCode);
        StringAssert.Contains((await ReadResponse(http)).Error.Text, "provision-request/device/mac");
    }

    [TestMethod]
    public async Task Request_Oversized_413WithOrWithoutContentLength()
    {
        using var host = StubHost.Start();
        var padded = Text(ProvisioningXml.WriteRequest(Request())).Replace("<header>", "<header><!--" + new string('x', 5000) + "-->");
        var bytes = Encoding.UTF8.GetBytes(padded);

        var sized = await PostXml(host.Client, "/provisioning/v1/request", bytes);
        var chunked = new StreamContent(new MemoryStream(bytes));
        chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/xml");
        var streamed = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/provisioning/v1/request")
        {
            Content = chunked,
            Headers = { TransferEncodingChunked = true },
        });

        foreach (var http in new[] { sized, streamed })
        {
            Assert.AreEqual(413, (int)http.StatusCode);
            Assert.AreEqual(ProvisioningError.BadRequest, (await ReadResponse(http)).Error.Code);
        }
    }

    [TestMethod]
    public async Task Request_ExactlyMaxDocumentBytes_Accepted()
    {
        using var host = StubHost.Start();
        await SeedAsync(host);
        var plain = Text(ProvisioningXml.WriteRequest(Request()));
        var padding = ProvisioningXml.MaxDocumentBytes - Encoding.UTF8.GetByteCount(plain) - "<!---->".Length;
        var document = plain.Replace("<header>", "<header><!--" + new string('x', padding) + "-->");

        var http = await PostXml(host.Client, "/provisioning/v1/request", Encoding.UTF8.GetBytes(document));

        Assert.AreEqual(ProvisioningXml.MaxDocumentBytes, Encoding.UTF8.GetByteCount(document));
        Assert.AreEqual(200, (int)http.StatusCode);
    }

    [TestMethod]
    public async Task Request_WrongContentType_415()
    {
        using var host = StubHost.Start();

        var http = await host.Client.PostAsync("/provisioning/v1/request", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.AreEqual(415, (int)http.StatusCode);
    }

    [TestMethod]
    public async Task Request_PhoneRedirectedToSecondStub_ChainEndsInConfiguration()
    {
        using var second = StubHost.Start();
        await SeedAsync(second);
        var secondUrl = new Uri(second.BaseAddress, "/provisioning/v1/request").ToString();
        using var first = StubHost.Start();
        await SeedAsync(first);
        await Expect(200, first.Management.PutAsJsonAsync($"/api/prov/phones/{Serial}",
            Phone(redirects: new[] { secondUrl, "https://prov3.example.net/provision" })));

        var (status, response, _) = await ProvisionAsync(first.Client, Request());
        Assert.AreEqual(200, status);
        Assert.AreEqual(ProvisionResponseKind.Redirect, response.Kind);
        CollectionAssert.AreEqual(new[] { secondUrl, "https://prov3.example.net/provision" }, response.Redirects);

        using var phone = new HttpClient();
        var (finalStatus, final, _) = await ProvisionAsync(phone, Request(), response.Redirects[0]);
        Assert.AreEqual(200, finalStatus);
        Assert.AreEqual(ProvisionResponseKind.Configuration, final.Kind);
        Assert.AreEqual(second.BaseAddress.ToString().TrimEnd('/') + "/firmware", final.Configuration.FirmwareServer);
    }

    [TestMethod]
    public async Task Request_CustomerRedirectsAndPhoneHasNone_CustomerListUsed()
    {
        using var host = StubHost.Start();
        await SeedAsync(host);
        await Expect(200, host.Management.PutAsJsonAsync($"/api/prov/users/{Customer}",
            new { name = "Hotel Example", redirects = new[] { "http://10.1.2.3:8080/provisioning/v1/request" } }));

        var (_, response, _) = await ProvisionAsync(host.Client, Request());

        Assert.AreEqual(ProvisionResponseKind.Redirect, response.Kind);
        CollectionAssert.AreEqual(new[] { "http://10.1.2.3:8080/provisioning/v1/request" }, response.Redirects);
    }

    [TestMethod]
    public async Task Request_NoFirmwareAssigned_409NotConfigured()
    {
        using var host = StubHost.Start();
        await SeedAsync(host);
        await Expect(204, host.Management.PostAsJsonAsync("/api/prov/assignments", new { firmware = (string)null, customers = new[] { Customer } }));

        var (status, response, _) = await ProvisionAsync(host.Client, Request());

        Assert.AreEqual(409, status);
        Assert.AreEqual("not-configured", response.Error.Code);
    }

    [TestMethod]
    public async Task Request_OverConcurrencyLimit_503ServerBusyWithRetryAfter()
    {
        using var host = StubHost.Start(null, "--ServerStub:Provisioning:MaxConcurrent", "1", "--ServerStub:Provisioning:RetryAfterSeconds", "7");
        await SeedAsync(host);
        var document = ProvisioningXml.WriteRequest(Request());
        var slow = new SlowStream(document, 10);
        var slowContent = new StreamContent(slow);
        slowContent.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/xml");
        // Expect: 100-continue makes the client send the body only once the handler reads it, i.e. holds its slot.
        var holding = host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/provisioning/v1/request")
        {
            Content = slowContent,
            Headers = { ExpectContinue = true },
        });
        Assert.IsTrue(await slow.Paused.Task.WaitAsync(TimeSpan.FromSeconds(10)));

        var (status, busy, http) = await ProvisionAsync(host.Client, Request());
        slow.Resume.SetResult();
        var held = await holding;
        var (afterStatus, _, _) = await ProvisionAsync(host.Client, Request());

        Assert.AreEqual(503, status);
        Assert.AreEqual(ProvisioningError.ServerBusy, busy.Error.Code);
        Assert.AreEqual(7, busy.Error.RetryAfterSeconds);
        Assert.AreEqual(TimeSpan.FromSeconds(7), http.Headers.RetryAfter.Delta);
        Assert.AreEqual(200, (int)held.StatusCode);
        Assert.AreEqual(200, afterStatus);
    }

    [TestMethod]
    public async Task Restart_SameDataDirectory_KeepsRegistrationsFirmwareAndReports()
    {
        var data = Path.Combine(Path.GetTempPath(), "serverstub-test-" + Guid.NewGuid().ToString("N"));
        var before = StubHost.Start(data);
        var image = await SeedAsync(before);
        var report = new FirmwareReport { Serial = Serial, Mac = Mac, Version = "1.5.0", Outcome = FirmwareReport.Success };
        await Expect(204, PostXml(before.Client, "/provisioning/v1/firmware-report", ProvisioningXml.WriteFirmwareReport(report)));
        before.Stop(); // not Dispose: that would delete the data directory

        using var after = StubHost.Start(data);
        var (status, response, _) = await ProvisionAsync(after.Client, Request());
        var downloaded = await after.Client.GetByteArrayAsync(response.Configuration.FirmwareServer + "/" + response.Configuration.FirmwareFile);
        var reports = await after.Management.GetStringAsync("/api/prov/firmware-reports");

        Assert.AreEqual(200, status);
        CollectionAssert.AreEqual(image, downloaded);
        StringAssert.Contains(reports, "\"outcome\":\"success\"");
        StringAssert.Contains(await after.Management.GetStringAsync($"/api/prov/users/{Customer}"), "Hotel Example");
    }

    /// <summary>Hands out the first bytes, then blocks until told to go on, keeping its request in the server.</summary>
    private sealed class SlowStream(byte[] data, int firstBytes) : Stream
    {
        private int _position;

        public TaskCompletionSource<bool> Paused { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Resume { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, System.Threading.CancellationToken cancellationToken = default)
        {
            if (_position == firstBytes)
            {
                Paused.TrySetResult(true);
                await Resume.Task;
            }

            int limit = _position < firstBytes ? firstBytes : data.Length;
            int count = Math.Min(buffer.Length, limit - _position);
            data.AsMemory(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
