using System;
using System.Buffers;
using System.Collections.Concurrent;
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

    /// <summary>One request reader per thread: it keeps its buffers between documents, as on the phone.</summary>
    [ThreadStatic]
    private static ProvisionRequestReader _requestReader;

    /// <summary>Creates the role's tables and maps its routes.</summary>
    public static WebApplication MapProvisioning(this WebApplication app)
    {
        var stub = app.Services.GetRequiredService<StubOptions>();
        var options = ProvisioningOptions.From(app.Configuration);
        var store = new ProvisioningStore(app.Services.GetRequiredService<StubDatabase>());
        var firmwareDirectory = Path.Combine(stub.DataDirectory, FirmwareFolder);
        Directory.CreateDirectory(firmwareDirectory);
        var gate = new ProvisioningGate(options.MaxConcurrent);
        var answers = new ConcurrentDictionary<string, CachedAnswer>(StringComparer.Ordinal);

        var phones = app.MapGroup("/provisioning/v1").WithTags("Provisioning (phones)");
        phones.MapPost("/request", (HttpRequest request) => ProvisionAsync(request, store, options, gate, answers))
            .WithName("ProvisionRequest")
            .WithSummary("Answers a phone's provision-request with a configuration, a redirect or an error (provision-response).")
            .Accepts<string>(XmlContentType, "text/xml")
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
            .Accepts<string>(XmlContentType, "text/xml", "application/x-www-form-urlencoded")
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

    private static async Task<IResult> ProvisionAsync(HttpRequest http, ProvisioningStore store, ProvisioningOptions options, ProvisioningGate gate,
        ConcurrentDictionary<string, CachedAnswer> answers)
    {
        if (!gate.TryEnter())
        {
            return Error(StatusCodes.Status503ServiceUnavailable, ProvisioningError.ServerBusy, "too many phones at once", options.RetryAfterSeconds);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(ProvisioningXml.MaxDocumentBytes + 1);
        try
        {
            var (count, failure) = await ReadDocumentAsync(http, buffer);
            if (failure != null)
            {
                return failure;
            }

            ProvisionRequest request;
            var reader = _requestReader ??= new ProvisionRequestReader();
            try
            {
                reader.Reset();
                reader.Feed(buffer, 0, count);
                request = reader.Finish();
            }
            catch (ProvisioningFormatException e)
            {
                return Error(StatusCodes.Status400BadRequest, ProvisioningError.BadRequest, e.Message);
            }

            return Answer(http, request, store.FindForProvisioning(request.Serial), options, answers);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            gate.Exit();
        }
    }

    /// <summary>The decision, kept apart from I/O. Errors name no stored value, so a stranger learns nothing about other customers.</summary>
    private static IResult Answer(HttpRequest http, ProvisionRequest request, ProvisioningRecord record, ProvisioningOptions options,
        ConcurrentDictionary<string, CachedAnswer> answers)
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

        var firmwareServer = (options.PublicBaseUrl ?? $"{http.Scheme}://{http.Host}{http.PathBase}") + "/" + FirmwareFolder;
        if (answers.TryGetValue(phone.Serial, out var cached) && ReferenceEquals(cached.Record, record) && cached.FirmwareServer == firmwareServer)
        {
            return new XmlResult(StatusCodes.Status200OK, cached.Document);
        }

        var redirects = phone.Redirects.Length > 0 ? phone.Redirects : record.CustomerRedirects;
        if (redirects.Length > 0)
        {
            return Remember(answers, record, firmwareServer, ProvisioningXml.WriteResponse(ProvisionResponse.ForRedirect(redirects)));
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
            FirmwareServer = firmwareServer,
            FirmwareFile = record.Firmware.Name,
            FirmwareVersion = record.Firmware.Version,
            FirmwareSha256 = Convert.FromHexString(record.Firmware.Sha256),
            PollIntervalSeconds = phone.PollIntervalSeconds,
        };
        try
        {
            return Remember(answers, record, firmwareServer, ProvisioningXml.WriteResponse(ProvisionResponse.ForConfiguration(configuration)));
        }
        catch (ArgumentException)
        {
            // Stored values were validated, so only a Host header the codec's URL rule refuses (an IPv6 literal) lands here.
            return Error(StatusCodes.Status500InternalServerError, ProvisioningError.ServerError,
                "cannot name the firmware server; set ServerStub:PublicBaseUrl");
        }
    }

    private static XmlResult Remember(ConcurrentDictionary<string, CachedAnswer> answers, ProvisioningRecord record, string firmwareServer, byte[] document)
    {
        answers[record.Phone.Serial] = new CachedAnswer(record, firmwareServer, document);
        return new XmlResult(StatusCodes.Status200OK, document);
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
            var buffer = ArrayPool<byte>.Shared.Rent(ProvisioningXml.MaxDocumentBytes + 1);
            try
            {
                var (count, failure) = await ReadDocumentAsync(http, buffer);
                if (failure != null)
                {
                    return failure;
                }

                report = ProvisioningXml.ReadFirmwareReport(buffer, 0, count);
            }
            catch (ProvisioningFormatException e)
            {
                return Error(StatusCodes.Status400BadRequest, ProvisioningError.BadRequest, e.Message);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
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

    /// <summary>
    /// Reads an XML body of at most <see cref="ProvisioningXml.MaxDocumentBytes"/> into <paramref name="buffer"/> (one
    /// byte longer, which tells an oversized chunked body from one that exactly fits); on failure the error answer instead.
    /// </summary>
    private static async Task<(int Count, IResult Failure)> ReadDocumentAsync(HttpRequest request, byte[] buffer)
    {
        var type = request.ContentType;
        if (type != null && !type.StartsWith(XmlContentType, StringComparison.OrdinalIgnoreCase)
            && !type.StartsWith("text/xml", StringComparison.OrdinalIgnoreCase))
        {
            return (0, Error(StatusCodes.Status415UnsupportedMediaType, ProvisioningError.BadRequest, "content type must be application/xml"));
        }

        int limit = ProvisioningXml.MaxDocumentBytes + 1;
        int count = request.ContentLength > ProvisioningXml.MaxDocumentBytes ? limit : 0;
        int read;
        while (count < limit && (read = await request.Body.ReadAsync(buffer.AsMemory(count, limit - count))) > 0)
        {
            count += read;
        }

        return count > ProvisioningXml.MaxDocumentBytes
            ? (0, Error(StatusCodes.Status413PayloadTooLarge, ProvisioningError.BadRequest, $"document larger than {ProvisioningXml.MaxDocumentBytes} bytes"))
            : (count, null);
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

    /// <summary>The last answer given to a phone, reused while its record (compared by reference) and the firmware server are unchanged.</summary>
    private sealed record CachedAnswer(ProvisioningRecord Record, string FirmwareServer, byte[] Document);

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
