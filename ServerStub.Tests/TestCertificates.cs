using System;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ServerStub.Tests;

/// <summary>
/// A root CA and a server certificate for 127.0.0.1 and localhost issued by it, made at run time in a temporary
/// directory: the root as PEM (what a phone pins) and the server certificate with its key as PKCS#12 (--https-cert).
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    public const string Password = "test-pfx-password";

    private TestCertificates(string directory)
    {
        Directory = directory;
        RootCaFile = Path.Combine(directory, "root-ca.pem");
        ServerPfx = Path.Combine(directory, "server.pfx");
    }

    public string Directory { get; }

    /// <summary>The root CA certificate, PEM.</summary>
    public string RootCaFile { get; }

    /// <summary>The server certificate and private key, PKCS#12 protected by <see cref="Password"/>.</summary>
    public string ServerPfx { get; }

    /// <summary>The ServerStub arguments that serve HTTPS with the server certificate.</summary>
    public string[] StubArguments => ["--https-cert", ServerPfx, "--https-cert-password", Password];

    public static TestCertificates Create()
    {
        var certificates = new TestCertificates(System.IO.Directory.CreateTempSubdirectory("da-tls-").FullName);
        var now = DateTimeOffset.UtcNow;

        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=DeviceAgent test root CA", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        using var root = rootRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = serverRequest.Create(root, now.AddMinutes(-5), now.AddHours(12), serial);
        using var server = issued.CopyWithPrivateKey(serverKey);

        File.WriteAllText(certificates.RootCaFile, root.ExportCertificatePem());
        File.WriteAllBytes(certificates.ServerPfx, server.Export(X509ContentType.Pkcs12, Password));
        return certificates;
    }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, true);
        }
    }
}
