using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using DeviceAgent.Provisioning;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using ServerStub.Storage;

namespace ServerStub.Provisioning;

/// <summary>
/// The provisioning role: the phones' endpoints (<c>POST /provisioning/v1/request</c>,
/// <c>POST /provisioning/v1/firmware-report</c>, <c>GET /firmware/{name}</c>) and the management API under
/// <c>/api/prov/</c>. Documents are read and written only through DeviceAgent's <see cref="ProvisioningXml"/>.
/// </summary>
public static class ProvisioningEndpoints
{
    /// <summary>Content type of every provisioning document.</summary>
    public const string XmlContentType = "application/xml";

    /// <summary>Folder of the data directory holding uploaded firmware images.</summary>
    public const string FirmwareFolder = "firmware";

    /// <summary>Creates the role's tables and maps its routes.</summary>
    public static WebApplication MapProvisioning(this WebApplication app)
    {
        var stub = app.Services.GetRequiredService<StubOptions>();
        var options = ProvisioningOptions.From(app.Configuration);
        var store = new ProvisioningStore(app.Services.GetRequiredService<StubDatabase>());
        var firmwareDirectory = Path.Combine(stub.DataDirectory, FirmwareFolder);
        Directory.CreateDirectory(firmwareDirectory);
        var gate = new ProvisioningGate(options.MaxConcurrent);

        var phones = app.MapGroup("/provisioning/v1").WithTags("Provisioning (phones)");
        phones.MapPost("/request", (HttpRequest request) => ProvisionAsync(request, store, options, gate))
            .WithName("ProvisionRequest")
            .WithSummary("Answers a phone's provision-request with a configuration, a redirect or an error (provision-response).")
            .Accepts<string>(XmlContentType)
            .Produces<string>(StatusCodes.Status200OK, XmlContentType)
            .Produces<string>(StatusCodes.Status400BadRequest, XmlContentType)
            .Produces<string>(StatusCodes.Status403Forbidden, XmlContentType)
            .Produces<string>(StatusCodes.Status404NotFound, XmlContentType)
            .Produces<string>(StatusCodes.Status409Conflict, XmlContentType)
            .Produces<string>(StatusCodes.Status413PayloadTooLarge, XmlContentType)
            .Produces<string>(StatusCodes.Status503ServiceUnavailable, XmlContentType);
        phones.MapPost("/firmware-report", (HttpRequest request) => ReportAsync(request, store))
            .WithName("FirmwareReport")
            .WithSummary("Records a phone's firmware update outcome (firmware-report document, or a form with serial, mac, version, outcome, detail).")
            .Accepts<string>(XmlContentType, "application/x-www-form-urlencoded")
            .Produces(StatusCodes.Status204NoContent)
            .Produces<string>(StatusCodes.Status400BadRequest, XmlContentType)
            .Produces<string>(StatusCodes.Status403Forbidden, XmlContentType)
            .Produces<string>(StatusCodes.Status404NotFound, XmlContentType);

        app.MapGet("/firmware/{name}", (string name) =>
            {
                var image = store.GetFirmware(name);
                return image == null
                    ? Results.NotFound()
                    : Results.File(Path.Combine(firmwareDirectory, image.Name), "application/octet-stream", lastModified: image.Uploaded,
                        entityTag: new EntityTagHeaderValue("\"" + image.Sha256 + "\""), enableRangeProcessing: true);
            })
            .WithTags("Provisioning (phones)")
            .WithName("DownloadFirmware")
            .WithSummary("Streams a firmware image; range requests are honoured and the ETag is its SHA-256.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .Produces(StatusCodes.Status206PartialContent, contentType: "application/octet-stream")
            .Produces(StatusCodes.Status404NotFound);

        ProvisioningManagement.Map(app, store, firmwareDirectory);
        return app;
    }

    private static async Task<IResult> ProvisionAsync(HttpRequest http, ProvisioningStore store, ProvisioningOptions options, ProvisioningGate gate)
    {
        if (!gate.TryEnter())
        {
            return Error(StatusCodes.Status503ServiceUnavailable, ProvisioningError.ServerBusy, "too many phones at once", options.RetryAfterSeconds);
        }

        try
        {
            var (body, failure) = await ReadDocumentAsync(http);
            if (failure != null)
            {
                return failure;
            }

            ProvisionRequest request;
            try
            {
                request = ProvisioningXml.ReadRequest(body, 0, body.Length);
            }
            catch (ProvisioningFormatException e)
            {
                return Error(StatusCodes.Status400BadRequest, ProvisioningError.BadRequest, e.Message);
            }

            return Answer(http, request, store.FindForProvisioning(request.Serial), options);
        }
        finally
        {
            gate.Exit();
        }
    }

    /// <summary>The decision, kept apart from I/O. Errors name no stored value, so a stranger learns nothing about other customers.</summary>
    private static IResult Answer(HttpRequest http, ProvisionRequest request, ProvisioningRecord record, ProvisioningOptions options)
    {
        if (record == null)
        {
            return Error(StatusCodes.Status404NotFound, ProvisioningError.UnknownDevice, "this device is not registered");
        }

        var phone = record.Phone;
        if (phone.Mac != request.Mac || phone.Customer != request.Customer)
        {
            return Error(StatusCodes.Status403Forbidden, ProvisioningError.IdentityMismatch, "serial, MAC address and customer number do not match the registration");
        }

        var redirects = phone.Redirects.Length > 0 ? phone.Redirects : record.CustomerRedirects;
        if (redirects.Length > 0)
        {
            return new XmlResult(StatusCodes.Status200OK, ProvisioningXml.WriteResponse(ProvisionResponse.ForRedirect(redirects)));
        }

        if (record.Firmware == null)
        {
            return Error(StatusCodes.Status409Conflict, "not-configured", "no firmware image is assigned to this device");
        }

        var configuration = new TelephonyConfiguration
        {
            Domain = phone.Domain,
            CallAgentHost = phone.CallAgentHost,
            CallAgentPort = phone.CallAgentPort,
            DeviceName = phone.DeviceName,
            FirmwareServer = (options.PublicBaseUrl ?? $"{http.Scheme}://{http.Host}{http.PathBase}") + "/" + FirmwareFolder,
            FirmwareFile = record.Firmware.Name,
            FirmwareVersion = record.Firmware.Version,
            FirmwareSha256 = Convert.FromHexString(record.Firmware.Sha256),
            PollIntervalSeconds = phone.PollIntervalSeconds,
        };
        try
        {
            return new XmlResult(StatusCodes.Status200OK, ProvisioningXml.WriteResponse(ProvisionResponse.ForConfiguration(configuration)));
        }
        catch (ArgumentException)
        {
            // Stored values were validated, so only a Host header the codec's URL rule refuses (an IPv6 literal) lands here.
            return Error(StatusCodes.Status500InternalServerError, ProvisioningError.ServerError,
                "cannot name the firmware server; set ServerStub:PublicBaseUrl");
        }
    }

    private static async Task<IResult> ReportAsync(HttpRequest http, ProvisioningStore store)
    {
        FirmwareReport report;
        if (http.ContentLength > ProvisioningXml.MaxDocumentBytes)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, ProvisioningError.BadRequest, $"report larger than {ProvisioningXml.MaxDocumentBytes} bytes");
        }

        if (http.HasFormContentType)
        {
            var form = await http.ReadFormAsync();
            report = new FirmwareReport
            {
                Serial = form["serial"],
                Mac = ((string)form["mac"])?.ToLowerInvariant(),
                Version = form["version"],
                Outcome = form["outcome"],
                Detail = (string)form["detail"] ?? "",
            };
            var reason = CodecRules.Report(report);
            if (reason != null)
            {
                return Error(StatusCodes.Status400BadRequest, ProvisioningError.BadRequest, reason);
            }
        }
        else
        {
            var (body, failure) = await ReadDocumentAsync(http);
            if (failure != null)
            {
                return failure;
            }

            try
            {
                report = ProvisioningXml.ReadFirmwareReport(body, 0, body.Length);
            }
            catch (ProvisioningFormatException e)
            {
                return Error(StatusCodes.Status400BadRequest, ProvisioningError.BadRequest, e.Message);
            }
        }

        var phone = store.GetPhone(report.Serial);
        if (phone == null)
        {
            return Error(StatusCodes.Status404NotFound, ProvisioningError.UnknownDevice, "this device is not registered");
        }

        if (phone.Mac != report.Mac)
        {
            return Error(StatusCodes.Status403Forbidden, ProvisioningError.IdentityMismatch, "serial and MAC address do not match the registration");
        }

        store.AddReport(new FirmwareReportRecord(0, report.Serial, report.Mac, report.Version, report.Outcome, report.Detail, DateTimeOffset.UtcNow));
        return Results.NoContent();
    }

    /// <summary>Reads an XML body of at most <see cref="ProvisioningXml.MaxDocumentBytes"/>; on failure the error answer instead.</summary>
    private static async Task<(byte[] Body, IResult Failure)> ReadDocumentAsync(HttpRequest request)
    {
        var type = request.ContentType;
        if (type != null && !type.StartsWith(XmlContentType, StringComparison.OrdinalIgnoreCase)
            && !type.StartsWith("text/xml", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Error(StatusCodes.Status415UnsupportedMediaType, ProvisioningError.BadRequest, "content type must be application/xml"));
        }

        var tooLarge = Error(StatusCodes.Status413PayloadTooLarge, ProvisioningError.BadRequest,
            $"document larger than {ProvisioningXml.MaxDocumentBytes} bytes");
        if (request.ContentLength > ProvisioningXml.MaxDocumentBytes)
        {
            return (null, tooLarge);
        }

        // One byte more than allowed tells an oversized chunked body from one that exactly fits.
        var buffer = new byte[ProvisioningXml.MaxDocumentBytes + 1];
        int count = 0;
        int read;
        while (count < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(count))) > 0)
        {
            count += read;
        }

        return count > ProvisioningXml.MaxDocumentBytes ? (null, tooLarge) : (buffer.AsSpan(0, count).ToArray(), null);
    }

    private static XmlResult Error(int status, string code, string text, int retryAfter = -1)
    {
        var error = new ProvisioningError { Code = code, Text = Printable(text), RetryAfterSeconds = retryAfter };
        return new XmlResult(status, ProvisioningXml.WriteResponse(ProvisionResponse.ForError(error)), retryAfter);
    }

    /// <summary>Fits a message (which may quote the phone's bytes) to the codec's error text rule: one line, at most 200 bytes.</summary>
    private static string Printable(string text)
    {
        var line = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            line.Append(c < 0x20 || c == 0x7F || char.IsSurrogate(c) ? '?' : c);
        }

        var result = line.ToString();
        while (Encoding.UTF8.GetByteCount(result) > 200)
        {
            result = result[..^1];
        }

        return result.Trim();
    }

    /// <summary>A provision-response with its HTTP status and, for server-busy, a Retry-After header mirroring the document.</summary>
    private sealed class XmlResult(int status, byte[] document, int retryAfter = -1) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            var response = context.Response;
            response.StatusCode = status;
            response.ContentType = XmlContentType + "; charset=utf-8";
            response.ContentLength = document.Length;
            if (retryAfter >= 0)
            {
                response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return response.Body.WriteAsync(document).AsTask();
        }
    }
}
