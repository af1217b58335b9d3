using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using ServerStub.Dhcp;

namespace ServerStub.Tests.Dhcp;

/// <summary>/api/dhcp/phones and /api/dhcp/pools: storage round trip and validation with a reason.</summary>
[TestClass]
public sealed class DhcpEndpointsTests
{
    [TestMethod]
    public async Task ManagementRoutes_WithoutKey_Unauthorized()
    {
        await using var host = await DhcpTestHost.StartAsync();
        using var anonymous = new System.Net.Http.HttpClient { BaseAddress = host.Http.BaseAddress };

        foreach (var path in new[] { "/api/dhcp/phones", "/api/dhcp/pools", "/api/dhcp/leases", "/api/dhcp/stats" })
        {
            using var response = await anonymous.GetAsync(path);
            Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode, path);
        }

        using var forceRenew = await anonymous.PostAsync("/api/dhcp/forcerenew/" + DhcpTestHost.PhoneMac, null);
        Assert.AreEqual(HttpStatusCode.Unauthorized, forceRenew.StatusCode);
    }

    [TestMethod]
    public async Task PutGetDelete_Phone_RoundTrip()
    {
        await using var host = await DhcpTestHost.StartAsync();

        using var put = await host.Http.PutAsJsonAsync("/api/dhcp/phones/02-00-00-00-00-AB", DhcpTestHost.Phone("02:00:00:00:00:ab") with { ClientId = "01:02:00:00:00:00:AB" });
        var list = await host.Http.GetFromJsonAsync<DhcpPhone[]>("/api/dhcp/phones");
        using var delete = await host.Http.DeleteAsync("/api/dhcp/phones/02:00:00:00:00:ab");
        using var again = await host.Http.DeleteAsync("/api/dhcp/phones/02:00:00:00:00:ab");

        Assert.AreEqual(HttpStatusCode.OK, put.StatusCode, await put.Content.ReadAsStringAsync());
        Assert.AreEqual(1, list.Length);
        Assert.AreEqual("02:00:00:00:00:ab", list[0].Mac);
        Assert.AreEqual("010200000000ab", list[0].ClientId);
        CollectionAssert.AreEqual(new[] { "sip1.voip.example", "sip2.voip.example" }, list[0].SipServers);
        Assert.AreEqual(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.AreEqual(HttpStatusCode.NotFound, again.StatusCode);
    }

    [TestMethod]
    [DataRow("02:00:00:00:00:zz", "{}", "mac")]
    [DataRow(DhcpTestHost.PhoneMac, "{\"sipServers\":[\"10.0.0.1\",\"sip.example\"]}", "sipServers")]
    [DataRow(DhcpTestHost.PhoneMac, "{\"sipServers\":[\"bad..name\"]}", "sipServers")]
    [DataRow(DhcpTestHost.PhoneMac, "{\"phoneNumber\":\"49-30\"}", "phoneNumber")]
    [DataRow(DhcpTestHost.PhoneMac, "{\"fixedAddress\":\"10.77.10\"}", "fixedAddress")]
    [DataRow(DhcpTestHost.PhoneMac, "{\"ntpServers\":[\"ntp.example\"]}", "ntpServers")]
    [DataRow(DhcpTestHost.PhoneMac, "{\"clientId\":\"01x\"}", "clientId")]
    [DataRow(DhcpTestHost.PhoneMac, "{\"mac\":\"02:00:00:00:00:02\"}", "mac")]
    public async Task Put_InvalidPhone_BadRequestNamingTheField(string mac, string json, string field)
    {
        await using var host = await DhcpTestHost.StartAsync();

        using var response = await host.Http.PutAsync("/api/dhcp/phones/" + mac, new System.Net.Http.StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();
        StringAssert.Contains(error, field);
    }

    [TestMethod]
    public async Task Put_VendorBlockOver255Bytes_BadRequest()
    {
        await using var host = await DhcpTestHost.StartAsync();
        var phone = DhcpTestHost.Phone() with { ManagementServer = new string('m', 120), Gatekeeper = new string('g', 120) };

        using var response = await host.Http.PutAsJsonAsync("/api/dhcp/phones/" + phone.Mac, phone);

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [TestMethod]
    public async Task PutPool_ValidAndInvalid_StoredOrRejected()
    {
        await using var host = await DhcpTestHost.StartAsync();

        using var good = await host.Http.PutAsJsonAsync("/api/dhcp/pools/10.99.0.0/24", new { rangeStart = "10.99.0.10", rangeEnd = "10.99.0.20", leaseSeconds = 600 });
        using var outside = await host.Http.PutAsJsonAsync("/api/dhcp/pools/10.99.1.0/24", new { rangeStart = "10.99.0.10", rangeEnd = "10.99.0.20", leaseSeconds = 600 });
        using var timers = await host.Http.PutAsJsonAsync("/api/dhcp/pools/10.99.2.0/24", new { rangeStart = "10.99.2.10", rangeEnd = "10.99.2.20", leaseSeconds = 600, renewalSeconds = 700 });
        var pools = await host.Http.GetFromJsonAsync<DhcpPool[]>("/api/dhcp/pools");

        Assert.AreEqual(HttpStatusCode.OK, good.StatusCode, await good.Content.ReadAsStringAsync());
        Assert.AreEqual(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.AreEqual(HttpStatusCode.BadRequest, timers.StatusCode);
        CollectionAssert.AreEquivalent(new[] { "10.77.10.0/24", "10.99.0.0/24" }, System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(pools, p => p.Subnet)));
    }
}
