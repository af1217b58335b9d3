using System;
using System.IO;
using System.Reflection;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ServerStub.Provisioning;
using ServerStub.Dhcp;
using ServerStub.PreProvisioning;
using ServerStub.Storage;
using ServerStub.Tls;

namespace ServerStub;

/// <summary>Entry point: <c>ServerStub serve [--data DIR] [--https-cert PFX [--https-cert-password PW]]</c>, <c>ServerStub forcerenew --mac MAC ...</c>, <c>ServerStub dev-cert --out DIR</c>.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "forcerenew")
        {
            return DhcpCli.ForceRenew(args[1..]);
        }

        if (args.Length > 0 && args[0] == "dev-cert")
        {
            return DevCertificates.Run(args[1..]);
        }

        if (args.Length == 0 || args[0] != "serve")
        {
            Console.Error.WriteLine("usage: ServerStub serve [--data DIR] [--https-cert PFX [--https-cert-password PW]]   (listening address: ASPNETCORE_URLS or --urls)");
            Console.Error.WriteLine("       " + DhcpCli.Usage["usage: ".Length..]);
            Console.Error.WriteLine("       " + DevCertificates.Usage["usage: ".Length..]);
            return 2;
        }

        var app = Build(args[1..]);
        app.Run();
        return 0;
    }

    /// <summary>Builds the web application with every server role mapped; used by tests to host it in-process.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var options = StubOptions.From(builder.Configuration);
        Directory.CreateDirectory(options.DataDirectory);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new StubDatabase(options.DataDirectory));
        builder.Services.AddOpenApi();
        if (!string.IsNullOrEmpty(options.HttpsCertificatePath))
        {
            // Certificate (with private key) for every https:// address in --urls.
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(options.HttpsCertificatePath, options.HttpsCertificatePassword);
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
        }
        builder.AddDhcp();

        var app = builder.Build();
        var version = typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
        app.MapOpenApi();
        app.MapDhcp();
        app.MapGet("/health", () => Results.Json(new { status = "ok", service = "ServerStub", version, dataDirectory = options.DataDirectory }));
        app.MapPreProvisioning();
        app.MapProvisioning();
        return app;
    }
}

/// <summary>Settings read from the command line (<c>--data</c>) and the usual ASP.NET Core configuration sources.</summary>
public sealed class StubOptions
{
    public string DataDirectory { get; init; } = "";

    /// <summary>Key the management API requires; when none is configured a random one is made and printed at start.</summary>
    public string ManagementKey { get; init; } = "";

    /// <summary>PKCS#12 file with the HTTPS certificate and key (<c>--https-cert</c>); none: HTTP only.</summary>
    public string HttpsCertificatePath { get; init; }

    /// <summary>Password of <see cref="HttpsCertificatePath"/> (<c>--https-cert-password</c>).</summary>
    public string HttpsCertificatePassword { get; init; }

    public static StubOptions From(IConfiguration configuration)
    {
        var data = configuration["data"] ?? configuration["ServerStub:DataDirectory"] ?? Path.Combine(Environment.CurrentDirectory, "serverstub-data");
        var key = configuration["management-key"] ?? configuration["ServerStub:ManagementKey"];
        var generated = string.IsNullOrEmpty(key);
        if (generated)
        {
            key = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
            Console.WriteLine("ServerStub: no management key configured; generated one for this run: " + key);
        }

        return new StubOptions
        {
            DataDirectory = Path.GetFullPath(data),
            ManagementKey = key,
            HttpsCertificatePath = configuration["https-cert"] ?? configuration["ServerStub:HttpsCertificate"],
            HttpsCertificatePassword = configuration["https-cert-password"] ?? configuration["ServerStub:HttpsCertificatePassword"],
        };
    }
}
