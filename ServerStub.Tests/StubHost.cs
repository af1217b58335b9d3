using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ServerStub.Tests;

/// <summary>
/// ServerStub running in-process on a free loopback port with a fresh data directory: real Kestrel, real HTTP,
/// real SQLite file. Dispose stops it and deletes the directory (unless <see cref="KeepDataDirectory"/>).
/// </summary>
public sealed class StubHost : IDisposable
{
    public const string ManagementKey = "test-management-key";

    private StubHost(WebApplication app, string dataDirectory)
    {
        App = app;
        DataDirectory = dataDirectory;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>().Addresses;
        BaseAddress = new Uri(addresses.FirstOrDefault(a => a.StartsWith("http:", StringComparison.Ordinal)) ?? addresses.First());
        var https = addresses.FirstOrDefault(a => a.StartsWith("https:", StringComparison.Ordinal));
        HttpsAddress = https == null ? null : new Uri(https);
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Management = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ManagementKey);
    }

    public WebApplication App { get; }

    public string DataDirectory { get; }

    /// <summary>The first plain-HTTP address, or the first address when all are HTTPS; the clients below use it.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The first HTTPS address, or null when the stub serves none.</summary>
    public Uri HttpsAddress { get; }

    /// <summary>A client without credentials, as a phone or a stranger.</summary>
    public HttpClient Client { get; }

    /// <summary>A client carrying the management key.</summary>
    public HttpClient Management { get; }

    /// <summary>When set, Dispose leaves the data directory for a later stub to start on (restart tests).</summary>
    public bool KeepDataDirectory { get; set; }

    /// <summary>Every request the stub answered, as "METHOD /path status", so tests can see what a phone asked from the server's side.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Starts a stub; <paramref name="dataDirectory"/> lets a test restart on the same SQLite file.</summary>
    public static StubHost Start(string dataDirectory = null, params string[] extraArgs)
    {
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "serverstub-test-" + Guid.NewGuid().ToString("N"));
        var args = new[] { "--data", dataDirectory, "--urls", "http://127.0.0.1:0", "--management-key", ManagementKey }
            .Concat(extraArgs).ToArray();
        var app = Program.Build(args);
        StubHost host = null;
        app.Use(async (context, next) =>
        {
            await next(context);
            host?.Requests.Enqueue(context.Request.Method + " " + context.Request.Path + " " + context.Response.StatusCode);
        });
        app.StartAsync().GetAwaiter().GetResult();
        host = new StubHost(app, dataDirectory);
        return host;
    }

    /// <summary>Stops the server but keeps the data directory, for restart tests.</summary>
    public void Stop()
    {
        App.StopAsync().GetAwaiter().GetResult();
        ((IAsyncDisposable)App).DisposeAsync().AsTask().GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
    }

    public void Dispose()
    {
        Client.Dispose();
        Management.Dispose();
        try
        {
            Stop();
        }
        catch (ObjectDisposedException)
        {
        }

        if (!KeepDataDirectory && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, true);
        }
    }
}
