using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using DeviceAgent.Identity;
using DeviceAgent.PreProvisioning;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServerStub.Management;
using ServerStub.Storage;

namespace ServerStub.PreProvisioning;

/// <summary>Settings under <c>ServerStub:PreProvisioning</c>.</summary>
public sealed class PreProvisioningOptions
{
    /// <summary>When true, inquiries must carry a valid <c>DA-HMAC1</c> signature (docs/pre-provisioning.md).</summary>
    public bool RequireDeviceAuth { get; init; }

    /// <summary>Valid-for given to devices registered without one: one day.</summary>
    public uint DefaultValidForSeconds { get; init; } = 86400;

    public static PreProvisioningOptions From(IConfiguration configuration) => new()
    {
        RequireDeviceAuth = configuration.GetValue("ServerStub:PreProvisioning:RequireDeviceAuth", false),
        DefaultValidForSeconds = configuration.GetValue("ServerStub:PreProvisioning:DefaultValidForSeconds", 86400u),
    };
}

/// <summary>Body of PUT /api/preprov/devices/{id}: the whole registration (an omitted secret or valid-for is not kept).</summary>
public sealed record DeviceRegistration(string Contact, long? ValidForSeconds, string Secret);

/// <summary>A registered device as the management API shows it; the secret itself is never returned.</summary>
public sealed record DeviceView(string DeviceId, string Contact, uint ValidForSeconds, bool HasSecret, DateTimeOffset UpdatedAt)
{
    public static DeviceView Of(PreProvisionedDevice d) => new(d.DeviceId, d.Contact.ToString(), d.ValidForSeconds, d.Secret != null, d.UpdatedAt);
}

/// <summary>One page of GET /api/preprov/devices; pass <see cref="Next"/> as <c>after</c> for the next page (null: last page).</summary>
public sealed record DevicePage(DeviceView[] Items, long Total, string Next);

/// <summary>Outcome of POST /api/preprov/devices/import.</summary>
public sealed record ImportResult(int Imported, int Created, int Updated);

/// <summary>
/// The pre-provisioning server: the phones' inquiry <c>GET /v1/contact?device=ID</c> and the management API
/// <c>/api/preprov/devices</c>. The wire format and the signature check are DeviceAgent's own codec
/// (<see cref="InquiryResponse"/>, <see cref="DeviceSignature"/>), so server and phone cannot drift apart.
/// </summary>
public static class PreProvisioningEndpoints
{
    /// <summary>The one body of every 404, so the answer for an unknown ID says nothing about other IDs.</summary>
    public const string UnknownDeviceBody = "unknown device\n";

    private const int MaxPageSize = 1000;
    private const int MaxReportedImportErrors = 100;

    // Stands in for the secret of an unknown device, so an unknown and a known device cost the same HMAC.
    private static readonly byte[] DummySecret = new byte[IdentityRecord.MaxDeviceSecretLength];

    public static WebApplication MapPreProvisioning(this WebApplication app)
    {
        var options = PreProvisioningOptions.From(app.Configuration);
        var store = new PreProvisioningStore(app.Services.GetRequiredService<StubDatabase>());
        var inquiries = new InquiryCache(store);
        var replay = new ReplayGuard();
        var time = app.Services.GetService<TimeProvider>() ?? TimeProvider.System;
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ServerStub.PreProvisioning");

        app.MapGet(InquiryRequest.ContactPath, (HttpContext context) => Inquiry(context, options, inquiries, replay, time, log))
            .WithName("PreProvisioningInquiry")
            .WithTags("pre-provisioning (phones)")
            .WithSummary("A phone asks for its provisioning contact")
            .WithDescription("Query parameter 'device' is the device ID. 200 body (application/vnd.deviceagent.contact): version byte 1, "
                + "valid-for seconds (u32 big-endian), provisioning contact (DeviceAgent binary encoding). 404: unknown device, same body "
                + "for every ID. 401: device authentication required (Authorization: DA-HMAC1 device=ID,ts=UNIX,sig=HEX) and missing or not accepted.")
            .Produces(StatusCodes.Status200OK, typeof(byte[]), InquiryResponse.ContentType)
            .Produces(StatusCodes.Status400BadRequest, typeof(string), "text/plain")
            .Produces(StatusCodes.Status401Unauthorized, typeof(string), "text/plain")
            .Produces(StatusCodes.Status404NotFound, typeof(string), "text/plain");

        var devices = app.MapGroup("/api/preprov/devices").RequireManagementKey().WithTags("pre-provisioning (management)");

        devices.MapPut("/{id}", async (string id, HttpRequest request) =>
            {
                DeviceRegistration body;
                try
                {
                    body = await JsonSerializer.DeserializeAsync<DeviceRegistration>(request.Body, JsonSerializerOptions.Web);
                }
                catch (JsonException e)
                {
                    return BadRequest("body is not a valid registration: " + e.Message);
                }

                if (body == null)
                {
                    return BadRequest("body is missing");
                }

                PreProvisionedDevice device;
                try
                {
                    device = PreProvisionedDevice.Validate(id, body.Contact, body.ValidForSeconds, body.Secret, options.DefaultValidForSeconds, time.GetUtcNow());
                }
                catch (DeviceValidationException e)
                {
                    return BadRequest(e.Message);
                }

                return store.Put(device)
                    ? Results.Created("/api/preprov/devices/" + device.DeviceId, DeviceView.Of(device))
                    : Results.Ok(DeviceView.Of(device));
            })
            .WithName("PutPreProvisionedDevice")
            .WithSummary("Register or replace a device (idempotent)")
            .WithDescription("The body replaces the whole registration: contact 'host' or 'host:port' (required), validForSeconds "
                + "(default from configuration), secret in hex, 16-64 bytes (omitted: none). 201 when created, 200 when replaced.")
            .Accepts<DeviceRegistration>("application/json")
            .Produces<DeviceView>(StatusCodes.Status200OK)
            .Produces<DeviceView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        devices.MapGet("/{id}", (string id) => store.Find(id) is { } device ? Results.Ok(DeviceView.Of(device)) : NotFound(id))
            .WithName("GetPreProvisionedDevice")
            .WithSummary("Show one device (the secret is never returned, only whether there is one)")
            .Produces<DeviceView>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        devices.MapGet("/", (string after, int? limit) =>
            {
                var size = limit ?? 100;
                if (size < 1 || size > MaxPageSize)
                {
                    return BadRequest($"limit must be 1-{MaxPageSize}");
                }

                var (items, total) = store.List(after, size);
                var next = items.Count == size ? items[^1].DeviceId : null;
                return Results.Ok(new DevicePage(items.Select(DeviceView.Of).ToArray(), total, next));
            })
            .WithName("ListPreProvisionedDevices")
            .WithSummary("List devices in device ID order, one page at a time")
            .WithDescription("'limit' 1-1000 (default 100); 'after': the 'next' of the previous page.")
            .Produces<DevicePage>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        devices.MapDelete("/{id}", (string id) => store.Delete(id) ? Results.NoContent() : NotFound(id))
            .WithName("DeletePreProvisionedDevice")
            .WithSummary("Remove a device; its next inquiry gets 404")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        devices.MapPost("/import", async (HttpRequest request) =>
            {
                var text = await new StreamReader(request.Body).ReadToEndAsync();
                var json = request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;
                var csv = request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true;
                if (!json && !csv)
                {
                    return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "unsupported content type",
                        detail: "send text/csv or application/json");
                }

                var (parsed, errors) = json
                    ? DeviceImport.ReadJson(text, options.DefaultValidForSeconds, time.GetUtcNow())
                    : DeviceImport.ReadCsv(text, options.DefaultValidForSeconds, time.GetUtcNow());
                if (errors.Count > 0)
                {
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "import rejected, nothing imported",
                        detail: $"{errors.Count} bad row(s); the first {Math.Min(errors.Count, MaxReportedImportErrors)} are listed",
                        extensions: new System.Collections.Generic.Dictionary<string, object>
                        {
                            ["errorCount"] = errors.Count,
                            ["errors"] = errors.Take(MaxReportedImportErrors).ToArray(),
                        });
                }

                var created = store.PutAll(parsed);
                return Results.Ok(new ImportResult(parsed.Count, created, parsed.Count - created));
            })
            .WithName("ImportPreProvisionedDevices")
            .WithSummary("Register or replace many devices in one transaction, all or nothing")
            .WithDescription("text/csv: lines 'device_id,contact[,valid_for][,secret]', optional header line. application/json: array of "
                + "{deviceId, contact, validForSeconds?, secret?}. If any row is bad (or an ID repeats), nothing is imported and 400 lists "
                + "the errors with 1-based row numbers (CSV: line number, JSON: array position).")
            .Accepts<DeviceRegistration[]>("application/json", "text/csv")
            .Produces<ImportResult>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        return app;
    }

    private static IResult Inquiry(HttpContext context, PreProvisioningOptions options, InquiryCache inquiries, ReplayGuard replay,
        TimeProvider time, ILogger log)
    {
        string deviceId = context.Request.Query[InquiryRequest.DeviceParameter];
        try
        {
            IdentityRecord.ValidateDeviceId(deviceId);
        }
        catch (IdentityFormatException e)
        {
            return Text(StatusCodes.Status400BadRequest, "bad device parameter: " + e.Reason + "\n");
        }

        CachedInquiry answer;
        if (options.RequireDeviceAuth)
        {
            var failure = Authenticate(context, deviceId, inquiries, replay, time, out answer);
            if (failure != null)
            {
                log.LogDebug("inquiry for {Device} refused: {Reason}", deviceId, failure);
                context.Response.Headers.WWWAuthenticate = DeviceSignature.Scheme;
                return Text(StatusCodes.Status401Unauthorized, failure + "\n");
            }
        }
        else
        {
            answer = inquiries.Find(deviceId);
        }

        return answer ?? Text(StatusCodes.Status404NotFound, UnknownDeviceBody);
    }

    /// <summary>
    /// Null when the inquiry is signed by the device's secret; else the reason for the 401. Reasons that depend on the
    /// table (unknown device, device without secret, wrong MAC) are one reason, so a 401 never tells whether an ID exists.
    /// </summary>
    private static string Authenticate(HttpContext context, string deviceId, InquiryCache inquiries, ReplayGuard replay, TimeProvider time,
        out CachedInquiry answer)
    {
        answer = null;
        string header = context.Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return "device authentication required";
        }

        DeviceCredentials credentials;
        try
        {
            credentials = DeviceSignature.ParseAuthorization(header);
        }
        catch (PreProvisioningFormatException e)
        {
            return "malformed authorization: " + e.Message;
        }

        if (credentials.DeviceId != deviceId)
        {
            return "authorization names another device than the query";
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (!DeviceSignature.IsWithinWindow(credentials.Timestamp, now))
        {
            return $"timestamp is more than {DeviceSignature.WindowSeconds} s away from the server's clock";
        }

        var found = inquiries.Find(deviceId);
        var secret = found?.Device.Secret;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
        var valid = DeviceSignature.Verify(secret ?? DummySecret, context.Request.Method, target, credentials);
        if (!valid || secret == null)
        {
            return "signature not accepted";
        }

        if (!replay.TryAccept(credentials, now))
        {
            return "signature already used";
        }

        answer = found;
        return null;
    }

    private static IResult Text(int status, string body) => Results.Text(body, "text/plain; charset=utf-8", statusCode: status);

    private static IResult BadRequest(string reason) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "invalid request", detail: reason);

    private static IResult NotFound(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "no such device", detail: "device '" + id + "' is not registered");
}
