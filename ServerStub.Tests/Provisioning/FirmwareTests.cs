using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Tasks;
using DeviceAgent.Crypto;
using DeviceAgent.Provisioning;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static ServerStub.Tests.Provisioning.ProvisioningScenario;

namespace ServerStub.Tests.Provisioning;

/// <summary>Firmware upload, download (RFC 9110 section 14 ranges) and outcome reports.</summary>
[TestClass]
public sealed class FirmwareTests
{
    [TestMethod]
    public async Task Upload_ThenDownload_ByteIdenticalAndHashMatchesPhoneSha256()
    {
        using var host = StubHost.Start();
        var image = Image(1_500_000, 99);

        var record = await (await Expect(200, host.Management.PutAsync("/api/prov/firmware/big.bin?version=2.0.0", new ByteArrayContent(image))))
            .Content.ReadFromJsonAsync<JsonElement>();
        var downloaded = await host.Client.GetByteArrayAsync("/firmware/big.bin");
        var list = await host.Management.GetFromJsonAsync<JsonElement>("/api/prov/firmware");

        CollectionAssert.AreEqual(image, downloaded);
        var phoneHash = System.Convert.ToHexString(Sha256.Compute(downloaded, 0, downloaded.Length)).ToLowerInvariant();
        Assert.AreEqual(System.Convert.ToHexString(SHA256.HashData(image)).ToLowerInvariant(), phoneHash);
        Assert.AreEqual(phoneHash, record.GetProperty("sha256").GetString());
        Assert.AreEqual(image.Length, record.GetProperty("size").GetInt64());
        Assert.AreEqual("big.bin", list[0].GetProperty("name").GetString());
        Assert.AreEqual("2.0.0", list[0].GetProperty("version").GetString());
    }

    [TestMethod]
    public async Task Upload_SameNameAgain_ReplacesImageAndHash()
    {
        using var host = StubHost.Start();
        await Expect(200, host.Management.PutAsync("/api/prov/firmware/a.bin?version=1", new ByteArrayContent(Image(5000, 1))));
        var second = Image(7000, 2);

        await Expect(200, host.Management.PutAsync("/api/prov/firmware/a.bin?version=2", new ByteArrayContent(second)));

        CollectionAssert.AreEqual(second, await host.Client.GetByteArrayAsync("/firmware/a.bin"));
        Assert.AreEqual(1, (await host.Management.GetFromJsonAsync<JsonElement>("/api/prov/firmware")).GetArrayLength());
    }

    [TestMethod]
    [DataRow("a.bin", "", "firmware/version: empty")]
    [DataRow("a.bin", "1 0", "firmware/version: invalid character ' '")]
    [DataRow("a\\b.bin", "1", "firmware/file: file name must be printable ASCII without '/' or '\\'")]
    public async Task Upload_InvalidNameOrVersion_400WithReason(string name, string version, string reason)
    {
        using var host = StubHost.Start();

        var response = await Expect(400, host.Management.PutAsync($"/api/prov/firmware/{System.Uri.EscapeDataString(name)}?version={System.Uri.EscapeDataString(version)}",
            new ByteArrayContent(new byte[] { 1, 2, 3 })));

        Assert.AreEqual(reason, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [TestMethod]
    public async Task Upload_EmptyBody_400()
    {
        using var host = StubHost.Start();

        await Expect(400, host.Management.PutAsync("/api/prov/firmware/a.bin?version=1", new ByteArrayContent([])));

        await Expect(404, host.Client.GetAsync("/firmware/a.bin"));
    }

    [TestMethod]
    public async Task Download_Range_206WithThoseBytes()
    {
        using var host = StubHost.Start();
        var image = await SeedAsync(host);
        var request = new HttpRequestMessage(HttpMethod.Get, "/firmware/" + FirmwareName);
        request.Headers.Range = new RangeHeaderValue(1000, 1999);

        var response = await host.Client.SendAsync(request);
        var part = await response.Content.ReadAsByteArrayAsync();

        Assert.AreEqual(206, (int)response.StatusCode);
        Assert.AreEqual(1000, part.Length);
        CollectionAssert.AreEqual(image[1000..2000], part);
        Assert.AreEqual(image.Length, response.Content.Headers.ContentRange.Length);
        Assert.AreEqual("\"" + System.Convert.ToHexString(SHA256.HashData(image)).ToLowerInvariant() + "\"", response.Headers.ETag.Tag);
    }

    [TestMethod]
    public async Task Download_UnknownName_404()
    {
        using var host = StubHost.Start();

        await Expect(404, host.Client.GetAsync("/firmware/nothing.bin"));
    }

    [TestMethod]
    public async Task Report_XmlAndForm_RecordedAndListedNewestFirst()
    {
        using var host = StubHost.Start();
        await SeedAsync(host);
        var xml = ProvisioningXml.WriteFirmwareReport(new FirmwareReport
        {
            Serial = Serial, Mac = Mac, Version = "1.5.0", Outcome = FirmwareReport.HashMismatch, Detail = "got 3f2a",
        });

        await Expect(204, PostXml(host.Client, "/provisioning/v1/firmware-report", xml));
        await Expect(204, host.Client.PostAsync("/provisioning/v1/firmware-report", new FormUrlEncodedContent(new System.Collections.Generic.Dictionary<string, string>
        {
            ["serial"] = Serial, ["mac"] = "AA:BB:CC:DD:EE:FF", ["version"] = "1.5.0", ["outcome"] = "success",
        })));
        var reports = await host.Management.GetFromJsonAsync<JsonElement>("/api/prov/firmware-reports");
        var limited = await host.Management.GetFromJsonAsync<JsonElement>($"/api/prov/firmware-reports?serial={Serial}&limit=1");

        Assert.AreEqual(2, reports.GetArrayLength());
        Assert.AreEqual("success", reports[0].GetProperty("outcome").GetString());
        Assert.AreEqual(Mac, reports[0].GetProperty("mac").GetString());
        Assert.AreEqual("hash-mismatch", reports[1].GetProperty("outcome").GetString());
        Assert.AreEqual("got 3f2a", reports[1].GetProperty("detail").GetString());
        Assert.IsLessThan(5.0, (System.DateTimeOffset.UtcNow - reports[1].GetProperty("reportedAt").GetDateTimeOffset()).TotalMinutes);
        Assert.AreEqual(1, limited.GetArrayLength());
    }

    [TestMethod]
    public async Task Report_Invalid_400UnknownDevice404WrongMac403_NothingRecorded()
    {
        using var host = StubHost.Start();
        await SeedAsync(host);
        FormUrlEncodedContent Form(string serial, string mac, string outcome) => new(new System.Collections.Generic.Dictionary<string, string>
        {
            ["serial"] = serial, ["mac"] = mac, ["version"] = "1.5.0", ["outcome"] = outcome,
        });

        var bad = await Expect(400, host.Client.PostAsync("/provisioning/v1/firmware-report", Form(Serial, Mac, "exploded")));
        await Expect(404, host.Client.PostAsync("/provisioning/v1/firmware-report", Form("SN-NOPE", Mac, "success")));
        await Expect(403, host.Client.PostAsync("/provisioning/v1/firmware-report", Form(Serial, "00:11:22:33:44:55", "success")));
        await Expect(400, PostXml(host.Client, "/provisioning/v1/firmware-report", System.Text.Encoding.UTF8.GetBytes("<firmware-report version=\"1\">")));

        StringAssert.StartsWith((await ReadResponse(bad)).Error.Text, "outcome: must be");
        Assert.AreEqual(0, (await host.Management.GetFromJsonAsync<JsonElement>("/api/prov/firmware-reports")).GetArrayLength());
    }
}
