using System;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ServerStub.Tls;

/// <summary>
/// <c>ServerStub dev-cert --out DIR [--host NAME-OR-IP]...</c>: a throw-away root CA (<c>ca.pem</c>, for the phone's
/// <c>--ca-cert</c> and curl's <c>--cacert</c>) and a server certificate it issued (<c>server.pfx</c>, no password,
/// for <c>serve --https-cert</c>), valid for two days. For demos and tests on loopback: a phone reaches its
/// provisioning contact only over HTTPS, and nothing but the .NET SDK should be needed to show that.
/// </summary>
public static class DevCertificates
{
    public const string Usage = "usage: ServerStub dev-cert --out DIR [--host NAME-OR-IP]...   (default host 127.0.0.1 and localhost)";

    public const string CaFileName = "ca.pem";

    public const string ServerFileName = "server.pfx";

    public static int Run(string[] args)
    {
        string directory = null;
        var hosts = new System.Collections.Generic.List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--out" && i + 1 < args.Length)
            {
                directory = args[++i];
            }
            else if (args[i] == "--host" && i + 1 < args.Length)
            {
                hosts.Add(args[++i]);
            }
            else
            {
                Console.Error.WriteLine(Usage);
                return 2;
            }
        }

        if (directory == null)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        if (hosts.Count == 0)
        {
            hosts.Add("127.0.0.1");
            hosts.Add("localhost");
        }

        Directory.CreateDirectory(directory);
        Write(directory, hosts.ToArray(), DateTimeOffset.UtcNow);
        Console.WriteLine("wrote " + Path.Combine(directory, CaFileName) + " and " + Path.Combine(directory, ServerFileName) + " for " + string.Join(", ", hosts));
        return 0;
    }

    /// <summary>Writes <see cref="CaFileName"/> and <see cref="ServerFileName"/> into <paramref name="directory"/>.</summary>
    public static void Write(string directory, string[] hosts, DateTimeOffset now)
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=ServerStub development root CA", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        using var root = rootRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=" + hosts[0], serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
        {
            if (IPAddress.TryParse(host, out var address))
            {
                names.AddIpAddress(address);
            }
            else
            {
                names.AddDnsName(host);
            }
        }

        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = serverRequest.Create(root, now.AddMinutes(-5), now.AddDays(2).AddMinutes(-10), serial);
        using var server = issued.CopyWithPrivateKey(serverKey);

        File.WriteAllText(Path.Combine(directory, CaFileName), root.ExportCertificatePem());
        File.WriteAllBytes(Path.Combine(directory, ServerFileName), server.Export(X509ContentType.Pkcs12));
    }
}
