using System;
using System.IO;
using ServerStub.Tls;

namespace ServerStub.Tests;

/// <summary>
/// The stub's own development certificates (<see cref="DevCertificates"/>), made at run time in a temporary
/// directory: the root CA as PEM (what a phone pins) and the server certificate for 127.0.0.1 and localhost with its
/// key as PKCS#12 (--https-cert).
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private TestCertificates(string directory)
    {
        Directory = directory;
        RootCaFile = Path.Combine(directory, DevCertificates.CaFileName);
        ServerPfx = Path.Combine(directory, DevCertificates.ServerFileName);
    }

    public string Directory { get; }

    /// <summary>The root CA certificate, PEM.</summary>
    public string RootCaFile { get; }

    /// <summary>The server certificate and private key, PKCS#12 without a password.</summary>
    public string ServerPfx { get; }

    /// <summary>The ServerStub arguments that serve HTTPS with the server certificate.</summary>
    public string[] StubArguments => ["--https-cert", ServerPfx];

    public static TestCertificates Create()
    {
        var certificates = new TestCertificates(System.IO.Directory.CreateTempSubdirectory("da-tls-").FullName);
        DevCertificates.Write(certificates.Directory, ["127.0.0.1", "localhost"], DateTimeOffset.UtcNow);
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
