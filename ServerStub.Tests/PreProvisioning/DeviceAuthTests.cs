using System;
using DeviceAgent.Hal.Desktop;
using DeviceAgent.Identity;
using DeviceAgent.PreProvisioning;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static ServerStub.Tests.PreProvisioning.PreProvisioningApi;

namespace ServerStub.Tests.PreProvisioning;

/// <summary>Inquiries with <c>ServerStub:PreProvisioning:RequireDeviceAuth=true</c>: only signed, fresh, first-time inquiries are answered.</summary>
[TestClass]
public sealed class DeviceAuthTests
{
    private const string Id = "PHONE-0001";
    private static readonly byte[] Secret = Convert.FromHexString("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

    private static StubHost StartWithDevice()
    {
        var host = StubHost.Start(null, "--ServerStub:PreProvisioning:RequireDeviceAuth=true");
        Put(host.Management, Id, new { contact = "prov.example.com", secret = Convert.ToHexString(Secret) });
        Put(host.Management, "NO-SECRET", new { contact = "prov.example.com" });
        return host;
    }

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static string Sign(string id, long ts, byte[] secret = null, string path = null) =>
        DeviceSignature.Authorization(secret ?? Secret, "GET", path ?? InquiryRequest.ContactPath + "?device=" + id, id, ts);

    [TestMethod]
    public void Inquiry_GoodSignature_200()
    {
        using var host = StartWithDevice();
        var (status, body, _) = Inquire(host.Client, Id, Sign(Id, Now));
        Assert.AreEqual(200, status);
        Assert.AreEqual("prov.example.com", InquiryResponse.Parse(status, body, 0, body.Length).Contact.ToString());
    }

    [TestMethod]
    public void Inquiry_MissingMalformedOrWrongSignature_401()
    {
        using var host = StartWithDevice();
        var cases = new (string Name, string Header)[]
        {
            ("missing", null),
            ("other scheme", "Bearer x"),
            ("malformed", "DA-HMAC1 device=" + Id + ",ts=1"),
            ("wrong secret", Sign(Id, Now, new byte[32])),
            ("other device's name", Sign("PHONE-0002", Now)),
            ("signed for another path", Sign(Id, Now, null, "/v1/contact?device=" + Id + "&x=1")),
            ("too old", Sign(Id, Now - DeviceSignature.WindowSeconds - 60)),
            ("too far ahead", Sign(Id, Now + DeviceSignature.WindowSeconds + 60)),
        };
        foreach (var (name, header) in cases)
        {
            var (status, _, _) = Inquire(host.Client, Id, header);
            Assert.AreEqual(401, status, name);
        }

        var response = host.Client.GetAsync(InquiryRequest.ContactPath + "?device=" + Id).GetAwaiter().GetResult();
        Assert.AreEqual(DeviceSignature.Scheme, response.Headers.WwwAuthenticate.ToString());
    }

    [TestMethod]
    public void Inquiry_Replayed_401()
    {
        using var host = StartWithDevice();
        var header = Sign(Id, Now);
        Assert.AreEqual(200, Inquire(host.Client, Id, header).Status);
        Assert.AreEqual(401, Inquire(host.Client, Id, header).Status);
        Assert.AreEqual(200, Inquire(host.Client, Id, Sign(Id, Now + 1)).Status, "a new signature is fine");
    }

    [TestMethod]
    public void Inquiry_UnknownOrSecretlessDevice_Same401AsBadSignature()
    {
        using var host = StartWithDevice();
        var bad = Inquire(host.Client, Id, Sign(Id, Now, new byte[32]));
        var unknown = Inquire(host.Client, "PHONE-9999", Sign("PHONE-9999", Now));
        var secretless = Inquire(host.Client, "NO-SECRET", Sign("NO-SECRET", Now));

        Assert.AreEqual(401, unknown.Status, "no 404 that would tell which IDs exist");
        Assert.AreEqual(401, secretless.Status);
        CollectionAssert.AreEqual(bad.Body, unknown.Body);
        CollectionAssert.AreEqual(bad.Body, secretless.Body);
    }

    [TestMethod]
    public void Inquiry_PhoneSignsWithStoredSecret_DesktopTransportGets200()
    {
        using var host = StartWithDevice();
        var record = new IdentityRecord(Id, PreProvisioningContact.Parse(host.BaseAddress.ToString())).WithDeviceSecret(Secret);
        var clock = new SystemClock();
        var pathAndQuery = InquiryRequest.PathAndQuery(record.PreProvisioning, record.DeviceId);
        var authorization = DeviceSignature.Authorization(record.DeviceSecret, InquiryRequest.Method, pathAndQuery, record.DeviceId,
            DeviceSignature.ToUnixSeconds(clock.UtcNow));
        using var transport = new HttpClientTransport(clock);

        using var response = transport.Get(InquiryRequest.Url(record.PreProvisioning, record.DeviceId), new[] { "Authorization", authorization }, 5000);

        var (body, length) = InquiryTests.ReadAll(response, 16);
        var answer = InquiryResponse.Parse(response.StatusCode, body, 0, length);
        Assert.AreEqual(InquiryOutcome.Contact, answer.Outcome);
        Assert.AreEqual("prov.example.com", answer.Contact.ToString());
    }
}
