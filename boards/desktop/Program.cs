using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using DeviceAgent.Hal.Desktop;
using DeviceAgent.Identity;

namespace Boards.Desktop;

/// <summary>The desktop phone: <c>phone COMMAND [options]</c>.</summary>
public static class Program
{
    /// <summary>Where the phone's flash lives unless <c>--flash DIR</c> says otherwise.</summary>
    public const string DefaultFlashDirectory = "./phone-flash";

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs one command; exit code 0 on success, 1 when the phone cannot do its job, 2 on bad input.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0)
        {
            return Usage(error);
        }

        try
        {
            switch (args[0])
            {
                case "health":
                    return Health(Options.Parse(args, 1), output, error);
                case "factory":
                    return Factory(Options.Parse(args, 1), output);
                case "show":
                    return Show(Options.Parse(args, 1), output, error);
                case "run":
                    return RunCommand.Run(Options.Parse(args, 1), output, error);
                case "dhcp":
                    return DhcpCommand.Run(Options.Parse(args, 1), output, error);
                default:
                    return Usage(error);
            }
        }
        catch (Exception e) when (e is UsageException || e is IdentityFormatException)
        {
            error.WriteLine("error: " + e.Message);
            return 2;
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            error.WriteLine("error: flash: " + e.Message);
            return 1;
        }
    }

    /// <summary>Writes the identity of a new phone: everything is validated before the flash is touched.</summary>
    private static int Factory(Options options, TextWriter output)
    {
        var record = new IdentityRecord(options.Require("device-id"), PreProvisioningContact.Parse(options.Require("preprov")));
        if (options.Has("secret"))
        {
            record = record.WithDeviceSecret(ParseSecret(options.Require("secret")));
        }

        var directory = FlashDirectory(options);
        var sequence = new IdentityStore(new FileFlashStore(directory)).Save(record);
        output.WriteLine("stored identity in " + directory);
        Print(record, sequence, output);
        return 0;
    }

    /// <summary>The device secret from <c>--secret HEX</c>; its length is checked by the record.</summary>
    private static byte[] ParseSecret(string hex)
    {
        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw new UsageException("--secret must be an even number of hex digits (16-64 bytes)");
        }
    }

    private static int Show(Options options, TextWriter output, TextWriter error)
    {
        var loaded = Load(options, error);
        if (loaded == null)
        {
            return 1;
        }

        Print(loaded.Record, loaded.Sequence, output);
        return 0;
    }

    /// <summary>The stored identity, or null after saying on <paramref name="error"/> why there is none.</summary>
    private static IdentityLoadResult Load(Options options, TextWriter error)
    {
        var directory = FlashDirectory(options);
        var result = Directory.Exists(directory)
            ? new IdentityStore(new FileFlashStore(directory)).Load()
            : null;
        switch (result?.Status)
        {
            case IdentityStoreStatus.Loaded:
                return result;
            case IdentityStoreStatus.Corrupt:
                error.WriteLine("identity store corrupt in " + directory);
                return null;
            default:
                error.WriteLine("no identity stored in " + directory + " (run: phone factory --device-id ID --preprov URL)");
                return null;
        }
    }

    private static string FlashDirectory(Options options) => options.Get("flash") is { Length: > 0 } dir ? dir : DefaultFlashDirectory;

    private static void Print(IdentityRecord record, uint sequence, TextWriter output)
    {
        output.WriteLine("device id:            " + record.DeviceId);
        output.WriteLine("pre-provisioning url: " + record.PreProvisioning.Url);
        output.WriteLine("provisioning contact: " + (record.ProvisioningContact == null
            ? "none cached"
            : record.ProvisioningContact + " (learned " + record.ProvisioningContactLearnedAtUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                + ", valid for " + record.ProvisioningContactValidForSeconds + " s)"));
        output.WriteLine("device secret:        " + (record.HasDeviceSecret ? "set (" + record.DeviceSecret.Length + " bytes)" : "none"));
        output.WriteLine("record sequence:      " + sequence);
    }

    private static int Health(Options options, TextWriter output, TextWriter error) => CheckHealth(Server(options), output, error);

    private static Uri Server(Options options)
    {
        var server = options.Require("server");
        return Uri.TryCreate(server, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new UsageException("--server must be an http(s) URL, not '" + server + "'");
    }

    private static int CheckHealth(Uri server, TextWriter output, TextWriter error)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            var body = http.GetStringAsync(new Uri(server, "/health")).GetAwaiter().GetResult();
            output.WriteLine("server " + server.OriginalString + " healthy: " + body);
            return 0;
        }
        catch (Exception e) when (e is HttpRequestException || e is TimeoutException || e is System.Threading.Tasks.TaskCanceledException)
        {
            error.WriteLine("error: server " + server.OriginalString + " unreachable: " + e.Message);
            return 1;
        }
    }

    private static int Usage(TextWriter error)
    {
        error.WriteLine("usage: phone health --server URL");
        error.WriteLine("       phone factory --device-id ID --preprov URL [--secret HEX] [--flash DIR]");
        error.WriteLine("       phone show [--flash DIR]");
        error.WriteLine("       phone run --customer C --serial S [--product P] [--firmware-version V] [--flash DIR] [--firmware-dir DIR] [--ca-cert PEM]");
        error.WriteLine("                 [--dhcp-loopback SERVERPORT [--client-port P] [--mac MAC] | --interface IF | --no-dhcp] [--dhcp-timeout S] [--discovery-attempts N] [--hold]");
        error.WriteLine("       phone dhcp --interface IF [--json] [--hold] [--timeout S] [--flash DIR]");
        error.WriteLine("       phone dhcp --loopback SERVERPORT [--client-port P] [--mac aa:bb:cc:dd:ee:ff] [--json] [--hold] [--timeout S]");
        error.WriteLine("flash directory defaults to " + DefaultFlashDirectory);
        return 2;
    }
}
