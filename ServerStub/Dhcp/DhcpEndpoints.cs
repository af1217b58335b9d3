using System;
using System.Linq;
using DeviceAgent.Dhcp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ServerStub.Management;

namespace ServerStub.Dhcp;

/// <summary>
/// The DHCP role's services and management endpoints under /api/dhcp/. No authentication yet: the general management
/// API (API key, OpenAPI) is being built on another branch and will put these endpoints behind it.
/// </summary>
public static class DhcpEndpoints
{
    /// <summary>Registers store, responder and server; the server runs as a hosted service only when configured.</summary>
    public static WebApplicationBuilder AddDhcp(this WebApplicationBuilder builder)
    {
        var options = DhcpServerOptions.From(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DhcpStore>();
        builder.Services.AddSingleton<DhcpReconfigureKeys>();
        builder.Services.AddSingleton<DhcpResponder>();
        builder.Services.AddSingleton<DhcpServer>();
        if (options.Enabled)
        {
            builder.Services.AddHostedService(services => services.GetRequiredService<DhcpServer>());
        }

        return builder;
    }

    public static WebApplication MapDhcp(this WebApplication app)
    {
        var api = app.MapGroup("/api/dhcp").RequireManagementKey();

        api.MapGet("/phones", (DhcpStore store) => Results.Json(store.ListPhones()));
        api.MapGet("/phones/{mac}", (string mac, DhcpStore store) =>
            Mac(mac, out var key) is { } bad ? bad : store.GetPhone(key) is { } phone ? Results.Json(phone) : Results.NotFound());
        api.MapPut("/phones/{mac}", (string mac, DhcpPhone body, DhcpStore store) =>
        {
            if (Mac(mac, out var key) is { } bad)
            {
                return bad;
            }

            if (body == null)
            {
                return Error("a JSON phone object is required");
            }

            if (!string.IsNullOrEmpty(body.Mac) && (!MacText.TryParse(body.Mac, out var bodyMac) || MacText.Format(bodyMac) != key))
            {
                return Error("mac in the body differs from the one in the path");
            }

            var phone = (body with { Mac = key }).Validate(out var error);
            if (phone == null)
            {
                return Error(error);
            }

            try
            {
                store.PutPhone(phone);
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19)
            {
                return Error("clientId is already used by another phone");
            }

            return Results.Json(phone);
        });
        api.MapDelete("/phones/{mac}", (string mac, DhcpStore store) =>
            Mac(mac, out var key) is { } bad ? bad : store.DeletePhone(key) ? Results.NoContent() : Results.NotFound());

        api.MapGet("/pools", (DhcpStore store) => Results.Json(store.ListPools()));
        api.MapPut("/pools/{network}/{prefix}", (string network, string prefix, DhcpPool body, DhcpStore store) =>
        {
            if (body == null)
            {
                return Error("a JSON pool object is required");
            }

            var pool = (body with { Subnet = network + "/" + prefix }).Validate(out var error);
            if (pool == null)
            {
                return Error(error);
            }

            store.PutPool(pool);
            return Results.Json(pool);
        });
        api.MapDelete("/pools/{network}/{prefix}", (string network, string prefix, DhcpStore store) =>
            store.DeletePool(network + "/" + prefix) ? Results.NoContent() : Results.NotFound());

        api.MapGet("/leases", (DhcpStore store) => Results.Json(store.ListLeases().Select(l => new
        {
            address = DhcpAddress.Format(l.Address),
            l.Mac,
            l.ClientKey,
            state = l.State.ToString(),
            l.Expires,
            l.ReplyEndpoint,
        })));
        api.MapGet("/stats", (DhcpServer server) => Results.Json(server.Statistics));

        // POST /api/dhcp/forcerenew/{mac}?fault=bad-key|replay
        api.MapPost("/forcerenew/{mac}", (string mac, string fault, DhcpServer server, DhcpReconfigureKeys keys) =>
        {
            if (Mac(mac, out var key) is { } bad)
            {
                return bad;
            }

            if (!TryParseFault(fault, out var parsed))
            {
                return Error("fault must be bad-key or replay");
            }

            var (message, sent) = server.ForceRenew(keys, key, parsed);
            if (message == null)
            {
                return Results.NotFound(new { error = "no bound lease with a reconfigure key for " + key });
            }

            var result = new { address = DhcpAddress.Format(message.Lease.Address), replayDetection = message.ReplayDetection, fault = parsed.ToString() };
            return sent ? Results.Json(result) : Results.Conflict(new { error = "the DHCP listener that served this lease is not running", result.address });
        });
        return app;
    }

    /// <summary>"bad-key", "replay" or empty, as the API and the CLI spell the faults.</summary>
    public static bool TryParseFault(string text, out DhcpForceRenewFault fault)
    {
        fault = text switch
        {
            null or "" => DhcpForceRenewFault.None,
            "bad-key" => DhcpForceRenewFault.BadKey,
            "replay" => DhcpForceRenewFault.Replay,
            _ => (DhcpForceRenewFault)(-1),
        };
        return Enum.IsDefined(fault);
    }

    private static IResult Mac(string text, out string mac)
    {
        mac = MacText.TryParse(text, out var bytes) ? MacText.Format(bytes) : null;
        return mac == null ? Error("mac must be six hex pairs separated by ':' or '-'") : null;
    }

    private static IResult Error(string reason) => Results.BadRequest(new { error = reason });
}
