using System.Net.Http;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Tasks;
using DeviceAgent.Provisioning;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static ServerStub.Tests.Provisioning.ProvisioningScenario;

namespace ServerStub.Tests.Provisioning;

/// <summary>The /api/prov management API: key, validation reasons, idempotence, assignments, OpenAPI.</summary>
[TestClass]
public sealed class ProvisioningManagementTests
{
    [TestMethod]
    public async Task Management_WithoutKey_401()
    {
        using var host = StubHost.Start();
        var calls = new[]
        {
            host.Client.GetAsync("/api/prov/users"),
            host.Client.PutAsJsonAsync($"/api/prov/users/{Customer}", new { name = "x" }),
            host.Client.GetAsync("/api/prov/phones"),
            host.Client.DeleteAsync($"/api/prov/phones/{Serial}"),
            host.Client.PutAsync("/api/prov/firmware/a.bin?version=1", new ByteArrayContent(new byte[] { 1 })),
            host.Client.GetAsync("/api/prov/firmware-reports"),
            host.Client.PostAsJsonAsync("/api/prov/assignments", new { firmware = "a.bin", serials = new[] { Serial } }),
        };

        foreach (var call in calls)
        {
            await Expect(401, call);
        }

        Assert.AreEqual("[]", await host.Management.GetStringAsync("/api/prov/firmware"));
    }

    [TestMethod]
    [DataRow("mac", "aa-bb-cc-dd-ee-ff", "mac: MAC address must look like aa:bb:cc:dd:ee:ff")]
    [DataRow("customer", "C-999", "customer: 'C-999' unknown")]
    [DataRow("callAgentPort", 70000, "call-agent/port:")]
    [DataRow("domain", "voip example", "domain:")]
    [DataRow("deviceName", "", "device-name: empty")]
    [DataRow("pollIntervalSeconds", 5, "poll-interval:")]
    [DataRow("firmware", "missing.bin", "firmware: image 'missing.bin' unknown")]
    [DataRow("redirects", "ftp://prov2.example.net/x", "redirect/server: URL scheme must be http or https")]
    public async Task PutPhone_InvalidField_400WithReason(string field, object value, string reason)
    {
        using var host = StubHost.Start();
        await SeedAsync(host);
        var body = JsonSerializer.SerializeToNode(Phone(), new JsonSerializerOptions(JsonSerializerDefaults.Web))!.AsObject();
        body[field] = field == "redirects" ? new System.Text.Json.Nodes.JsonArray((string)value) : JsonSerializer.SerializeToNode(value);

        var response = await Expect(400, host.Management.PutAsJsonAsync($"/api/prov/phones/{Serial}", body));
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();

        StringAssert.StartsWith(detail, reason);
        StringAssert.Contains(await host.Management.GetStringAsync($"/api/prov/phones/{Serial}"), "\"callAgentPort\":5061", "rejected PUT changed the record");
    }

    [TestMethod]
    public async Task PutUser_Invalid_400WithReason()
    {
        using var host = StubHost.Start();

        var badCustomer = await Expect(400, host.Management.PutAsJsonAsync("/api/prov/users/%20", new { name = "x" }));
        var badName = await Expect(400, host.Management.PutAsJsonAsync("/api/prov/users/C-1", new { name = "" }));
        var tooManyRedirects = await Expect(400, host.Management.PutAsJsonAsync("/api/prov/users/C-1",
            new { name = "x", redirects = new[] { "http://a", "http://b", "http://c", "http://d", "http://e" } }));

        StringAssert.StartsWith(await Detail(badCustomer), "customer:");
        StringAssert.StartsWith(await Detail(badName), "name:");
        StringAssert.StartsWith(await Detail(tooManyRedirects), "redirect: 1..4 servers");
    }

    [TestMethod]
    public async Task PutPhone_SameMacOnOtherSerial_409()
    {
        using var host = StubHost.Start();
        await SeedAsync(host);

        var response = await Expect(409, host.Management.PutAsJsonAsync("/api/prov/phones/SN0043", Phone()));

        StringAssert.Contains(await Detail(response), Serial);
    }

    [TestMethod]
    public async Task Puts_Repeated_Idempotent()
    {
        using var host = StubHost.Start();
        await SeedAsync(host);
        var first = await host.Management.GetStringAsync($"/api/prov/phones/{Serial}");

        await Expect(200, host.Management.PutAsJsonAsync($"/api/prov/users/{Customer}", new { name = "Hotel Example", firmware = FirmwareName }));
        await Expect(200, host.Management.PutAsJsonAsync($"/api/prov/phones/{Serial}", Phone(mac: "AA:BB:CC:DD:EE:FF")));

        Assert.AreEqual(first, await host.Management.GetStringAsync($"/api/prov/phones/{Serial}"));
        Assert.AreEqual(1, (await host.Management.GetFromJsonAsync<JsonElement>("/api/prov/phones")).GetArrayLength());
        Assert.AreEqual(1, (await host.Management.GetFromJsonAsync<JsonElement>("/api/prov/users")).GetArrayLength());
    }

    [TestMethod]
    public async Task Deletes_UserWithPhones409_ThenPhoneAndUser204_ThenUnknownDevice()
    {
        using var host = StubHost.Start();
        await SeedAsync(host);

        await Expect(409, host.Management.DeleteAsync($"/api/prov/users/{Customer}"));
        await Expect(204, host.Management.DeleteAsync($"/api/prov/phones/{Serial}"));
        await Expect(204, host.Management.DeleteAsync($"/api/prov/users/{Customer}"));
        await Expect(404, host.Management.DeleteAsync($"/api/prov/users/{Customer}"));
        await Expect(404, host.Management.GetAsync($"/api/prov/phones/{Serial}"));
        var (status, response, _) = await ProvisionAsync(host.Client, Request());

        Assert.AreEqual(404, status);
        Assert.AreEqual(ProvisioningError.UnknownDevice, response.Error.Code);
    }

    [TestMethod]
    public async Task Assign_PhoneLevelOverridesCustomer_UnknownSerialChangesNothing()
    {
        using var host = StubHost.Start();
        await SeedAsync(host);
        await Expect(200, host.Management.PutAsync("/api/prov/firmware/phone-1.6.0.bin?version=1.6.0", new ByteArrayContent(Image(1000, 1))));

        var refused = await Expect(400, host.Management.PostAsJsonAsync("/api/prov/assignments",
            new { firmware = "phone-1.6.0.bin", serials = new[] { Serial, "SN-NOPE" } }));
        var (_, unchanged, _) = await ProvisionAsync(host.Client, Request());
        await Expect(204, host.Management.PostAsJsonAsync("/api/prov/assignments", new { firmware = "phone-1.6.0.bin", serials = new[] { Serial } }));
        var (_, assigned, _) = await ProvisionAsync(host.Client, Request());

        StringAssert.Contains(await Detail(refused), "SN-NOPE");
        Assert.AreEqual("1.5.0", unchanged.Configuration.FirmwareVersion);
        Assert.AreEqual("1.6.0", assigned.Configuration.FirmwareVersion);
        Assert.AreEqual("phone-1.6.0.bin", assigned.Configuration.FirmwareFile);
    }

    [TestMethod]
    public async Task OpenApi_ListsProvisioningRoutes()
    {
        using var host = StubHost.Start();

        var document = await host.Client.GetStringAsync("/openapi/v1.json");

        foreach (var path in new[] { "/provisioning/v1/request", "/provisioning/v1/firmware-report", "/firmware/{name}", "/api/prov/phones/{serial}", "/api/prov/assignments" })
        {
            StringAssert.Contains(document, "\"" + path + "\"");
        }
    }

    private static async Task<string> Detail(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
}
