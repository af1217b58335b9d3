using System;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Text.Json;
using DeviceAgent.PreProvisioning;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static ServerStub.Tests.PreProvisioning.PreProvisioningApi;

namespace ServerStub.Tests.PreProvisioning;

/// <summary>POST /api/preprov/devices/import: thousands of rows in one transaction, all or nothing.</summary>
[TestClass]
public sealed class ImportTests
{
    private const int Count = 5000;

    [TestMethod]
    public void Import_5000CsvRows_AllAnswered()
    {
        using var host = StubHost.Start();
        var csv = new StringBuilder("device_id,contact,valid_for,secret\r\n");
        for (var i = 0; i < Count; i++)
        {
            csv.Append($"CSV-{i:D5},10.0.{i / 256}.{i % 256}:5060,{i + 1},{(i % 2 == 0 ? Convert.ToHexString(new byte[16]) : "")}\r\n");
        }

        var watch = Stopwatch.StartNew();
        var response = Import(host.Management, csv.ToString(), "text/csv");
        Console.WriteLine($"CSV import of {Count} devices: {watch.ElapsedMilliseconds} ms");

        Assert.AreEqual(200, (int)response.StatusCode, Text(response));
        var result = JsonDocument.Parse(Text(response)).RootElement;
        Assert.AreEqual(Count, result.GetProperty("imported").GetInt32());
        Assert.AreEqual(Count, result.GetProperty("created").GetInt32());
        Assert.AreEqual(Count, ManagementTests.List(host, null, 1).Total);
        foreach (var i in new[] { 0, 1, 2500, Count - 1 })
        {
            var (status, body, _) = Inquire(host.Client, $"CSV-{i:D5}");
            var answer = InquiryResponse.Parse(status, body, 0, body.Length);
            Assert.AreEqual($"10.0.{i / 256}.{i % 256}:5060", answer.Contact.ToString());
            Assert.AreEqual((uint)(i + 1), answer.ValidForSeconds);
        }

        Assert.IsTrue(ManagementTests.Get(host, "CSV-00000").GetProperty("hasSecret").GetBoolean());
        Assert.IsFalse(ManagementTests.Get(host, "CSV-00001").GetProperty("hasSecret").GetBoolean());
    }

    [TestMethod]
    public void Import_5000JsonRows_AllAnsweredAndReimportUpdates()
    {
        using var host = StubHost.Start();
        var rows = Enumerable.Range(0, Count).Select(i => new { deviceId = $"JSON-{i:D5}", contact = $"prov{i % 7}.example.com" }).ToArray();
        var json = JsonSerializer.Serialize(rows);

        var watch = Stopwatch.StartNew();
        var response = Import(host.Management, json, "application/json");
        Console.WriteLine($"JSON import of {Count} devices: {watch.ElapsedMilliseconds} ms");

        Assert.AreEqual(200, (int)response.StatusCode, Text(response));
        for (var i = 0; i < Count; i += 499)
        {
            var (status, body, _) = Inquire(host.Client, $"JSON-{i:D5}");
            var answer = InquiryResponse.Parse(status, body, 0, body.Length);
            Assert.AreEqual($"prov{i % 7}.example.com", answer.Contact.ToString());
            Assert.AreEqual(86400u, answer.ValidForSeconds);
        }

        var again = JsonDocument.Parse(Text(Import(host.Management, json, "application/json"))).RootElement;
        Assert.AreEqual(0, again.GetProperty("created").GetInt32());
        Assert.AreEqual(Count, again.GetProperty("updated").GetInt32());
    }

    [TestMethod]
    public void Import_CsvWithBadRows_NothingImportedErrorsByLine()
    {
        using var host = StubHost.Start();
        var csv = "device_id,contact\n"       // line 1
            + "GOOD-1,prov.example.com\n"       // 2
            + "bad id,prov.example.com\n"       // 3
            + "\n"                              // 4 blank
            + "GOOD-2,prov_example.com\n"       // 5
            + "GOOD-1,prov.example.com\n"       // 6 duplicate of line 2
            + "GOOD-3,prov.example.com,abc\n"   // 7
            + "GOOD-4\n"                        // 8
            + "GOOD-5,prov.example.com,60,0011\n"; // 9

        var response = Import(host.Management, csv, "text/csv");

        Assert.AreEqual(400, (int)response.StatusCode);
        var problem = JsonDocument.Parse(Text(response)).RootElement;
        Assert.AreEqual(6, problem.GetProperty("errorCount").GetInt32());
        var errors = problem.GetProperty("errors").EnumerateArray().ToArray();
        CollectionAssert.AreEqual(new[] { 3, 5, 6, 7, 8, 9 }, errors.Select(e => e.GetProperty("row").GetInt32()).ToArray());
        CollectionAssert.AreEqual(new[] { "deviceId", "contact", "deviceId", "validForSeconds", "row", "secret" },
            errors.Select(e => e.GetProperty("field").GetString()).ToArray());
        StringAssert.Contains(errors[2].GetProperty("reason").GetString(), "row 2");
        Assert.AreEqual(0, ManagementTests.List(host, null, 1).Total, "nothing imported");
        Assert.AreEqual(404, Inquire(host.Client, "GOOD-1").Status);
    }

    [TestMethod]
    public void Import_JsonWithBadRows_NothingImportedErrorsByPosition()
    {
        using var host = StubHost.Start();
        var json = """
            [
              {"deviceId": "OK-1", "contact": "prov.example.com"},
              {"deviceId": "OK-2", "contact": "prov.example.com", "validForSeconds": "soon"},
              42,
              {"deviceId": "OK-3", "contact": "999.1.1.1"},
              {"contact": "prov.example.com"}
            ]
            """;

        var response = Import(host.Management, json, "application/json");

        Assert.AreEqual(400, (int)response.StatusCode);
        var errors = JsonDocument.Parse(Text(response)).RootElement.GetProperty("errors").EnumerateArray().ToArray();
        CollectionAssert.AreEqual(new[] { 2, 3, 4, 5 }, errors.Select(e => e.GetProperty("row").GetInt32()).ToArray());
        Assert.AreEqual(0, ManagementTests.List(host, null, 1).Total);
    }

    [TestMethod]
    public void Import_NotAnArrayOrWrongContentType_Rejected()
    {
        using var host = StubHost.Start();
        Assert.AreEqual(400, (int)Import(host.Management, "{\"deviceId\":\"A\"}", "application/json").StatusCode);
        Assert.AreEqual(400, (int)Import(host.Management, "[", "application/json").StatusCode);
        Assert.AreEqual(415, (int)Import(host.Management, "A,prov.example.com", "text/plain").StatusCode);
    }
}
