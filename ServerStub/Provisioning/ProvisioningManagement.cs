using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using ServerStub.Management;

namespace ServerStub.Provisioning;

/// <summary>Body of <c>PUT /api/prov/users/{customer}</c>.</summary>
public sealed record UserBody(string Name, string Firmware = null, string[] Redirects = null);

/// <summary>Body of <c>PUT /api/prov/phones/{serial}</c>; port defaults to 5060, poll interval to 86400 s.</summary>
public sealed record PhoneBody(
    string Mac, string Customer, string DeviceName, string Domain, string CallAgentHost, int? CallAgentPort = null,
    string Firmware = null, int? PollIntervalSeconds = null, string[] Redirects = null);

/// <summary>Body of <c>POST /api/prov/assignments</c>: sets (or with a null firmware clears) the image of phones and customers.</summary>
public sealed record AssignmentBody(string Firmware, string[] Serials = null, string[] Customers = null);

/// <summary>
/// The provisioning management API, all under <c>/api/prov/</c> and behind the management key. PUTs are upserts, so
/// repeating one changes nothing; validation failures are 400 problems whose detail names the field and the reason.
/// A phone's own firmware and redirect list take precedence over its customer's.
/// </summary>
public static class ProvisioningManagement
{
    private const int MaxNameLength = 200;

    internal static void Map(WebApplication app, ProvisioningStore store, string firmwareDirectory)
    {
        var api = app.MapGroup("/api/prov").WithTags("Provisioning (management)").RequireManagementKey();
        api.ProducesProblem(StatusCodes.Status401Unauthorized);

        api.MapPut("/users/{customer}", (string customer, UserBody body) => PutUser(store, customer, body))
            .WithSummary("Creates or replaces a customer.").Produces<ProvUser>().ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/users/{customer}", (string customer) => store.GetUser(customer) is { } user ? Results.Ok(user) : Results.NotFound())
            .WithSummary("One customer.").Produces<ProvUser>().Produces(StatusCodes.Status404NotFound);
        api.MapGet("/users", () => store.ListUsers()).WithSummary("All customers.");
        api.MapDelete("/users/{customer}", (string customer) => DeleteUser(store, customer))
            .WithSummary("Deletes a customer that has no phones left.")
            .Produces(StatusCodes.Status204NoContent).Produces(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPut("/phones/{serial}", (string serial, PhoneBody body) => PutPhone(store, serial, body))
            .WithSummary("Creates or replaces a phone.").Produces<ProvPhone>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/phones/{serial}", (string serial) => store.GetPhone(serial) is { } phone ? Results.Ok(phone) : Results.NotFound())
            .WithSummary("One phone.").Produces<ProvPhone>().Produces(StatusCodes.Status404NotFound);
        api.MapGet("/phones", (string customer) => store.ListPhones(customer)).WithSummary("All phones, or those of ?customer=.");
        api.MapDelete("/phones/{serial}", (string serial) => store.DeletePhone(serial) ? Results.NoContent() : Results.NotFound())
            .WithSummary("Deletes a phone.").Produces(StatusCodes.Status204NoContent).Produces(StatusCodes.Status404NotFound);

        api.MapPut("/firmware/{name}", (string name, string version, HttpRequest request) => PutFirmwareAsync(store, firmwareDirectory, name, version, request))
            .WithSummary("Uploads a firmware image (raw body, ?version= required); SHA-256 and size are recorded.")
            .Accepts<byte[]>("application/octet-stream").Produces<FirmwareImage>().ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/firmware", () => store.ListFirmware()).WithSummary("All firmware images.");
        api.MapGet("/firmware/{name}", (string name) => store.GetFirmware(name) is { } image ? Results.Ok(image) : Results.NotFound())
            .WithSummary("One firmware image's record.").Produces<FirmwareImage>().Produces(StatusCodes.Status404NotFound);
        api.MapPost("/assignments", (AssignmentBody body) => Assign(store, body))
            .WithSummary("Assigns a firmware image (or none) to phones and customers, all or nothing.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/firmware-reports", (string serial, int? limit) => store.ListReports(serial, Math.Clamp(limit ?? 100, 1, 10000)))
            .WithSummary("Firmware update outcomes reported by phones, newest first; ?serial= and ?limit= (default 100) narrow it.");
    }

    private static IResult PutUser(ProvisioningStore store, string customer, UserBody body)
    {
        var reason = CodecRules.Identity("serial", "00:00:00:00:00:00", customer)
            ?? CheckName(body.Name) ?? CheckFirmware(store, body.Firmware) ?? CheckRedirects(body.Redirects);
        if (reason != null)
        {
            return Invalid(reason);
        }

        var user = new ProvUser(customer, body.Name, body.Firmware, body.Redirects ?? []);
        store.PutUser(user);
        return Results.Ok(user);
    }

    private static IResult DeleteUser(ProvisioningStore store, string customer)
    {
        try
        {
            return store.DeleteUser(customer) ? Results.NoContent() : Results.NotFound();
        }
        catch (SqliteException e) when (ProvisioningStore.IsConstraint(e))
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "customer still has phones",
                detail: "delete or move the customer's phones first");
        }
    }

    private static IResult PutPhone(ProvisioningStore store, string serial, PhoneBody body)
    {
        var mac = body.Mac?.ToLowerInvariant();
        var port = body.CallAgentPort ?? 5060;
        var poll = body.PollIntervalSeconds ?? 86400;
        var reason = CodecRules.Identity(serial, mac, body.Customer)
            ?? CodecRules.Configuration(CodecRules.PhoneFields(body.Domain, body.CallAgentHost, port, body.DeviceName, poll))
            ?? CheckFirmware(store, body.Firmware) ?? CheckRedirects(body.Redirects)
            ?? (store.GetUser(body.Customer) == null ? $"customer: '{body.Customer}' unknown" : null);
        if (reason != null)
        {
            return Invalid(reason);
        }

        var owner = store.SerialOfMac(mac);
        if (owner != null && owner != serial)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "MAC address in use",
                detail: $"mac: already registered to phone '{owner}'");
        }

        var phone = new ProvPhone(serial, mac, body.Customer, body.DeviceName, body.Domain, body.CallAgentHost, port, body.Firmware, poll, body.Redirects ?? []);
        store.PutPhone(phone);
        return Results.Ok(phone);
    }

    private static async Task<IResult> PutFirmwareAsync(ProvisioningStore store, string directory, string name, string version, HttpRequest request)
    {
        var reason = CodecRules.Configuration(CodecRules.FirmwareFields(name, version));
        if (reason != null)
        {
            return Invalid(reason);
        }

        // Written under a temporary name and moved into place, so a download never sees half an image.
        var temporary = Path.Combine(directory, ".upload-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await request.Body.ReadAsync(buffer)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read));
                    size += read;
                }
            }

            if (size == 0)
            {
                return Invalid("body: empty firmware image");
            }

            File.Move(temporary, Path.Combine(directory, name), overwrite: true);
            var image = new FirmwareImage(name, version, Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant(), size, DateTimeOffset.UtcNow);
            store.PutFirmware(image);
            return Results.Ok(image);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static IResult Assign(ProvisioningStore store, AssignmentBody body)
    {
        var reason = CheckFirmware(store, body.Firmware);
        if (reason == null && (body.Serials?.Length ?? 0) + (body.Customers?.Length ?? 0) == 0)
        {
            reason = "serials, customers: name at least one phone or customer";
        }

        reason ??= store.Assign(body.Firmware, body.Serials ?? [], body.Customers ?? []);
        return reason == null ? Results.NoContent() : Invalid(reason);
    }

    private static string CheckName(string name) =>
        string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength || name.Any(char.IsControl)
            ? $"name: 1..{MaxNameLength} characters, no control characters"
            : null;

    private static string CheckFirmware(ProvisioningStore store, string firmware) =>
        firmware != null && store.GetFirmware(firmware) == null ? $"firmware: image '{firmware}' unknown (upload it first)" : null;

    private static string CheckRedirects(string[] redirects) =>
        redirects == null || redirects.Length == 0 ? null : CodecRules.Redirects(redirects);

    private static IResult Invalid(string reason) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "invalid provisioning data", detail: reason);
}
