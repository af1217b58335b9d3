using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceAgent.Hal;
using DeviceAgent.Hal.Desktop;
using DeviceAgent.Identity;
using DeviceAgent.PreProvisioning;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static ServerStub.Tests.PreProvisioning.PreProvisioningApi;

namespace ServerStub.Tests.PreProvisioning;

/// <summary>
/// The stub over HTTPS with a certificate issued at run time by a test root CA: a transport that pins that root gets
/// its answer, one that trusts only the host's store fails the TLS handshake.
/// </summary>
[TestClass]
public sealed class HttpsTests
{
    private static TestCertificates _certificates;
    private static string _directory;
    private static string _rootCaFile;

    [ClassInitialize]
    public static void CreateCertificates(TestContext context)
    {
        _certificates = TestCertificates.Create();
        _directory = _certificates.Directory;
        _rootCaFile = _certificates.RootCaFile;
    }

    [ClassCleanup]
    public static void DeleteCertificates()
    {
        _certificates?.Dispose();
    }

    private static StubHost StartHttps() =>
        StubHost.Start(null, ["--urls", "https://127.0.0.1:0", .. _certificates.StubArguments]);

    [TestMethod]
    public void Inquiry_PinnedRootCa_Succeeds()
    {
        using var host = StartHttps();
        Assert.AreEqual("https", host.BaseAddress.Scheme);
        using var transport = new HttpClientTransport(null, _rootCaFile);
        var server = PreProvisioningContact.Parse(host.BaseAddress.ToString());
        using (var management = PinnedManagementClient(host))
        {
            Assert.AreEqual(201, (int)Put(management, "PHONE-0001", new { contact = "prov.example.com:8443" }).StatusCode);
        }

        using var response = transport.Get(InquiryRequest.Url(server, "PHONE-0001"), null, 5000);

        var (body, length) = InquiryTests.ReadAll(response, 8);
        var answer = InquiryResponse.Parse(response.StatusCode, body, 0, length);
        Assert.AreEqual(InquiryOutcome.Contact, answer.Outcome);
        Assert.AreEqual("prov.example.com:8443", answer.Contact.ToString());
    }

    [TestMethod]
    public void Inquiry_WithoutPinnedRoot_TlsFailed()
    {
        using var host = StartHttps();
        using var transport = new HttpClientTransport();
        var url = InquiryRequest.Url(PreProvisioningContact.Parse(host.BaseAddress.ToString()), "PHONE-0001");

        var error = Assert.ThrowsExactly<HttpTransportException>(() => transport.Get(url, null, 5000).Dispose());

        Assert.AreEqual(HttpTransportError.TlsFailed, error.Error, error.ToString());
    }

    [TestMethod]
    public void Inquiry_PinnedOtherRoot_TlsFailed()
    {
        using var host = StartHttps();
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var other = new CertificateRequest("CN=another root", otherKey, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var otherFile = Path.Combine(_directory, "other-root.pem");
        File.WriteAllText(otherFile, other.ExportCertificatePem());
        using var transport = new HttpClientTransport(null, otherFile);
        var url = InquiryRequest.Url(PreProvisioningContact.Parse(host.BaseAddress.ToString()), "PHONE-0001");

        var error = Assert.ThrowsExactly<HttpTransportException>(() => transport.Get(url, null, 5000).Dispose());

        Assert.AreEqual(HttpTransportError.TlsFailed, error.Error, error.ToString());
    }

    /// <summary>The management client of <paramref name="host"/> cannot validate the test certificate; this one can.</summary>
    private static System.Net.Http.HttpClient PinnedManagementClient(StubHost host)
    {
        var root = X509CertificateLoader.LoadCertificateFromFile(_rootCaFile);
        var handler = new System.Net.Http.SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(root);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        };
        var client = new System.Net.Http.HttpClient(handler) { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", StubHost.ManagementKey);
        return client;
    }
}
