using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static ServerStub.Tests.PreProvisioning.PreProvisioningApi;

namespace ServerStub.Tests.PreProvisioning;

/// <summary>The management API /api/preprov/devices over real HTTP and the real SQLite file.</summary>
[TestClass]
public sealed class ManagementTests
{
    private static readonly JsonSerializerOptions Web = JsonSerializerOptions.Web;

    [TestMethod]
    public void EveryEndpoint_WithoutOrWithWrongKey_401AndNothingChanged()
    {
        using var host = StubHost.Start();
        using var wrong = new HttpClient { BaseAddress = host.BaseAddress };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-key");
        Put(host.Management, "KEEP", new { contact = "prov.example.com" });

        foreach (var client in new[] { host.Client, wrong })
        {
            Assert.AreEqual(401, (int)Put(client, "NEW", new { contact = "prov.example.com" }).StatusCode);
            Assert.AreEqual(401, (int)Put(client, "NEW", "not json").StatusCode, "401 before the body is looked at");
            Assert.AreEqual(401, (int)client.GetAsync(Devices + "/KEEP").GetAwaiter().GetResult().StatusCode);
            Assert.AreEqual(401, (int)client.GetAsync(Devices).GetAwaiter().GetResult().StatusCode);
            Assert.AreEqual(401, (int)client.DeleteAsync(Devices + "/KEEP").GetAwaiter().GetResult().StatusCode);
            Assert.AreEqual(401, (int)Import(client, "NEW,prov.example.com\n", "text/csv").StatusCode);
        }

        Assert.AreEqual(404, Inquire(host.Client, "NEW").Status);
        Assert.AreEqual(200, Inquire(host.Client, "KEEP").Status);
    }

    [TestMethod]
    public void Put_InvalidInput_400WithReason()
    {
        using var host = StubHost.Start();
        (string Id, object Body, string Reason)[] cases =
        [
            ("bad id", new { contact = "prov.example.com" }, "deviceId"),
            (new string('a', 65), new { contact = "prov.example.com" }, "longer than 64"),
            ("P1", new { contact = "prov_example.com" }, "provisioningContact"),
            ("P1", new { contact = "256.1.1.1" }, "not a valid IPv4 address"),
            ("P1", new { contact = "h.example:0" }, "port 0"),
            ("P1", new { contact = "[::1]:80" }, "provisioningContact"),
            ("P1", new { }, "provisioningContact: is empty"),
            ("P1", new { contact = "h.example", validForSeconds = -1 }, "validForSeconds"),
            ("P1", new { contact = "h.example", validForSeconds = 4294967296L }, "validForSeconds"),
            ("P1", new { contact = "h.example", secret = "abc" }, "hex"),
            ("P1", new { contact = "h.example", secret = "00112233" }, "4 bytes, not 16-64"),
            ("P1", new { contact = 5 }, "not a valid registration"),
        ];
        foreach (var (id, body, reason) in cases)
        {
            var response = Put(host.Management, id, body);
            Assert.AreEqual(400, (int)response.StatusCode, id + " " + JsonSerializer.Serialize(body));
            StringAssert.Contains(Text(response), reason, id + " " + JsonSerializer.Serialize(body));
        }

        var (items, total, _) = List(host, null, 10);
        Assert.AreEqual(0, total);
        Assert.IsEmpty(items);
    }

    [TestMethod]
    public void Put_SameBodyTwice_CreatedThenOkSameState()
    {
        using var host = StubHost.Start();
        var body = new { contact = "prov.example.com:8443", validForSeconds = 600, secret = new string('a', 64) };

        var first = Put(host.Management, "PHONE-0001", body);
        var second = Put(host.Management, "PHONE-0001", body);

        Assert.AreEqual(201, (int)first.StatusCode);
        Assert.AreEqual("/api/preprov/devices/PHONE-0001", first.Headers.Location?.OriginalString);
        Assert.AreEqual(200, (int)second.StatusCode);
        var view = Get(host, "PHONE-0001");
        Assert.AreEqual("prov.example.com:8443", view.GetProperty("contact").GetString());
        Assert.AreEqual(600, view.GetProperty("validForSeconds").GetInt32());
        Assert.IsTrue(view.GetProperty("hasSecret").GetBoolean());
        Assert.IsFalse(Text(second).Contains("aaaa", StringComparison.Ordinal), "the secret is never returned");
        Assert.AreEqual(1, List(host, null, 10).Total);
    }

    [TestMethod]
    public void Put_Replace_WholeRegistrationReplaced()
    {
        using var host = StubHost.Start();
        Put(host.Management, "P1", new { contact = "a.example", validForSeconds = 5, secret = new string('b', 32) });

        Assert.AreEqual(200, (int)Put(host.Management, "P1", new { contact = "192.0.2.1:80" }).StatusCode);

        var view = Get(host, "P1");
        Assert.AreEqual("192.0.2.1:80", view.GetProperty("contact").GetString());
        Assert.AreEqual(86400, view.GetProperty("validForSeconds").GetInt32(), "default valid-for");
        Assert.IsFalse(view.GetProperty("hasSecret").GetBoolean(), "an omitted secret is removed");
    }

    [TestMethod]
    public void GetAndDelete_UnknownDevice_404()
    {
        using var host = StubHost.Start();
        Assert.AreEqual(404, (int)host.Management.GetAsync(Devices + "/NOPE").GetAwaiter().GetResult().StatusCode);
        Assert.AreEqual(404, (int)host.Management.DeleteAsync(Devices + "/NOPE").GetAwaiter().GetResult().StatusCode);
    }

    [TestMethod]
    public void List_Paging_VisitsEveryDeviceOnceInOrder()
    {
        using var host = StubHost.Start();
        var csv = new StringBuilder();
        for (var i = 0; i < 25; i++)
        {
            csv.Append("D").Append(i.ToString("D3")).Append(",prov.example.com\n");
        }

        Assert.AreEqual(200, (int)Import(host.Management, csv.ToString(), "text/csv").StatusCode);

        var seen = 0;
        string after = null;
        do
        {
            var (items, total, next) = List(host, after, 10);
            Assert.AreEqual(25, total);
            foreach (var item in items)
            {
                Assert.AreEqual("D" + seen.ToString("D3"), item.GetProperty("deviceId").GetString());
                seen++;
            }

            after = next;
        }
        while (after != null);

        Assert.AreEqual(25, seen);
        Assert.AreEqual(400, (int)host.Management.GetAsync(Devices + "?limit=0").GetAwaiter().GetResult().StatusCode);
        Assert.AreEqual(400, (int)host.Management.GetAsync(Devices + "?limit=1001").GetAwaiter().GetResult().StatusCode);
    }

    [TestMethod]
    public void Restart_SameDataDirectory_DevicesStillAnswered()
    {
        var first = StubHost.Start();
        StubHost second = null;
        try
        {
            Put(first.Management, "PHONE-0001", new { contact = "prov.example.com", validForSeconds = 77 });
            first.Stop();

            second = StubHost.Start(first.DataDirectory);
            var (status, body, _) = Inquire(second.Client, "PHONE-0001");
            Assert.AreEqual(200, status);
            var answer = DeviceAgent.PreProvisioning.InquiryResponse.Parse(status, body, 0, body.Length);
            Assert.AreEqual("prov.example.com", answer.Contact.ToString());
            Assert.AreEqual(77u, answer.ValidForSeconds);
        }
        finally
        {
            second?.Dispose();
            first.Dispose();
        }
    }

    internal static JsonElement Get(StubHost host, string id)
    {
        var response = host.Management.GetAsync(Devices + "/" + id).GetAwaiter().GetResult();
        Assert.AreEqual(200, (int)response.StatusCode, id);
        return response.Content.ReadFromJsonAsync<JsonElement>(Web).GetAwaiter().GetResult();
    }

    internal static (JsonElement[] Items, long Total, string Next) List(StubHost host, string after, int limit)
    {
        var url = Devices + "?limit=" + limit + (after == null ? "" : "&after=" + Uri.EscapeDataString(after));
        var page = host.Management.GetFromJsonAsync<JsonElement>(url, Web).GetAwaiter().GetResult();
        var next = page.GetProperty("next");
        return ([.. page.GetProperty("items").EnumerateArray()], page.GetProperty("total").GetInt64(),
            next.ValueKind == JsonValueKind.Null ? null : next.GetString());
    }
}
