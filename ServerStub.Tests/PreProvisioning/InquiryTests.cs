using System;
using System.Text;
using DeviceAgent.Hal;
using DeviceAgent.Hal.Desktop;
using DeviceAgent.Identity;
using DeviceAgent.PreProvisioning;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using ServerStub.PreProvisioning;
using static ServerStub.Tests.PreProvisioning.PreProvisioningApi;

namespace ServerStub.Tests.PreProvisioning;

/// <summary>The phones' inquiry over real loopback HTTP against the real SQLite file, device authentication off.</summary>
[TestClass]
public sealed class InquiryTests
{
    [TestMethod]
    public void Inquiry_KnownDevice_BinaryAnswerParsedByPhoneCodec()
    {
        using var host = StubHost.Start();
        Assert.AreEqual(201, (int)Put(host.Management, "PHONE-0001", new { contact = "Prov.Example.com:8443", validForSeconds = 3600 }).StatusCode);

        var (status, body, contentType) = Inquire(host.Client, "PHONE-0001");

        Assert.AreEqual(200, status);
        Assert.AreEqual(InquiryResponse.ContentType, contentType);
        var answer = InquiryResponse.Parse(status, body, 0, body.Length);
        Assert.AreEqual(InquiryOutcome.Contact, answer.Outcome);
        Assert.AreEqual("prov.example.com:8443", answer.Contact.ToString());
        Assert.AreEqual(3600u, answer.ValidForSeconds);
    }

    [TestMethod]
    public void Inquiry_UnknownDevices_Identical404Bodies()
    {
        using var host = StubHost.Start();
        Put(host.Management, "PHONE-0001", new { contact = "prov.example.com" });

        string first = null;
        foreach (var id in new[] { "PHONE-0002", "phone-0001", "PHONE-00010", "x", new string('Z', 64) })
        {
            var (status, body, _) = Inquire(host.Client, id);
            Assert.AreEqual(404, status, id);
            var text = Encoding.UTF8.GetString(body);
            first ??= text;
            Assert.AreEqual(first, text, "404 body for " + id);
            Assert.IsFalse(text.Contains(id, StringComparison.Ordinal), "the body does not echo the ID");
        }

        Assert.AreEqual(PreProvisioningEndpoints.UnknownDeviceBody, first);
    }

    [TestMethod]
    public void Inquiry_MissingOrBadDeviceParameter_400()
    {
        using var host = StubHost.Start();
        foreach (var query in new[] { "", "?device=", "?device=a%20b", "?device=" + new string('a', 65), "?other=1" })
        {
            var response = host.Client.GetAsync(InquiryRequest.ContactPath + query).GetAwaiter().GetResult();
            Assert.AreEqual(400, (int)response.StatusCode, query);
            StringAssert.StartsWith(Text(response), "bad device parameter", query);
        }
    }

    [TestMethod]
    public void Inquiry_DeletedDevice_404()
    {
        using var host = StubHost.Start();
        Put(host.Management, "PHONE-0001", new { contact = "192.0.2.10" });
        Assert.AreEqual(200, Inquire(host.Client, "PHONE-0001").Status);

        Assert.AreEqual(204, (int)host.Management.DeleteAsync(Devices + "/PHONE-0001").GetAwaiter().GetResult().StatusCode);

        Assert.AreEqual(404, Inquire(host.Client, "PHONE-0001").Status);
    }

    [TestMethod]
    public void Inquiry_ThroughDesktopTransport_PhoneReadsContactInChunks()
    {
        using var host = StubHost.Start();
        Put(host.Management, "PHONE-0001", new { contact = "192.0.2.10:5060", validForSeconds = 120 });
        var server = PreProvisioningContact.Parse(host.BaseAddress.ToString());
        using var transport = new HttpClientTransport();

        using (var response = transport.Get(InquiryRequest.Url(server, "PHONE-0001"), new[] { "Accept", InquiryResponse.ContentType }, 5000))
        {
            Assert.AreEqual(InquiryResponse.ContentType, response.ContentType);
            var (body, length) = ReadAll(response, 3);
            var answer = InquiryResponse.Parse(response.StatusCode, body, 0, length);
            Assert.AreEqual(InquiryOutcome.Contact, answer.Outcome);
            Assert.AreEqual(ProvisioningContact.FromIPv4(0xC000020A, 5060), answer.Contact);
            Assert.AreEqual(120u, answer.ValidForSeconds);
        }

        using (var response = transport.Get(InquiryRequest.Url(server, "PHONE-9999"), null, 5000))
        {
            var (body, length) = ReadAll(response, 64);
            Assert.AreEqual(InquiryOutcome.UnknownDevice, InquiryResponse.Parse(response.StatusCode, body, 0, length).Outcome);
        }
    }

    [TestMethod]
    public void OpenApi_Document_ListsPreProvisioningOperations()
    {
        using var host = StubHost.Start();
        var document = host.Client.GetStringAsync("/openapi/v1.json").GetAwaiter().GetResult();
        foreach (var expected in new[] { "\"/v1/contact\"", "\"/api/preprov/devices/{id}\"", "\"/api/preprov/devices/import\"", "PreProvisioningInquiry",
            "PutPreProvisionedDevice", "GetPreProvisionedDevice", "ListPreProvisionedDevices", "DeletePreProvisionedDevice", "ImportPreProvisionedDevices",
            InquiryResponse.ContentType })
        {
            StringAssert.Contains(document, expected);
        }
    }

    /// <summary>Reads the body the way the phone does: into one fixed buffer, <paramref name="chunk"/> bytes at a time.</summary>
    internal static (byte[] Body, int Length) ReadAll(IHttpResponse response, int chunk)
    {
        var buffer = new byte[InquiryResponse.MaxLength];
        var length = 0;
        int n;
        while (length < buffer.Length && (n = response.Read(buffer, length, Math.Min(chunk, buffer.Length - length))) > 0)
        {
            length += n;
        }

        return (buffer, length);
    }
}
