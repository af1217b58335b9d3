using System;
using DeviceAgent.Provisioning;

namespace ServerStub.Provisioning;

/// <summary>
/// Validates management input by writing it through the DeviceAgent codec, so the server can never store a value the
/// phone's reader would refuse. Each check returns null when acceptable, else the codec's reason with the element path
/// (without the document root), e.g. <c>call-agent/port: not a decimal number</c>.
/// </summary>
public static class CodecRules
{
    private static readonly byte[] PlaceholderSha256 = new byte[32];

    /// <summary>Serial, MAC and customer number as a provision-request would carry them.</summary>
    public static string Identity(string serial, string mac, string customer) => Check(() => ProvisioningXml.WriteRequest(new ProvisionRequest
    {
        Product = "p", Customer = customer, DeviceId = "d", Serial = serial, Mac = mac, Ip = "192.0.2.1", FirmwareVersion = "1",
    }));

    /// <summary>A configuration; the firmware members may be placeholders when only the phone's own fields matter.</summary>
    public static string Configuration(TelephonyConfiguration configuration) =>
        Check(() => ProvisioningXml.WriteResponse(ProvisionResponse.ForConfiguration(configuration)));

    /// <summary>A redirect list: 1..4 http or https URLs.</summary>
    public static string Redirects(string[] urls) => Check(() => ProvisioningXml.WriteResponse(ProvisionResponse.ForRedirect(urls)));

    /// <summary>A firmware report.</summary>
    public static string Report(FirmwareReport report) => Check(() => ProvisioningXml.WriteFirmwareReport(report));

    /// <summary>A configuration with the given telephony fields and placeholder firmware, for checking a phone record.</summary>
    public static TelephonyConfiguration PhoneFields(string domain, string host, int port, string deviceName, int pollInterval) => new()
    {
        Domain = domain,
        CallAgentHost = host,
        CallAgentPort = port,
        DeviceName = deviceName,
        FirmwareServer = "http://placeholder",
        FirmwareFile = "placeholder.bin",
        FirmwareVersion = "0",
        FirmwareSha256 = PlaceholderSha256,
        PollIntervalSeconds = pollInterval,
    };

    /// <summary>A configuration with placeholder telephony fields, for checking a firmware image's name and version.</summary>
    public static TelephonyConfiguration FirmwareFields(string file, string version) => new()
    {
        Domain = "placeholder",
        CallAgentHost = "placeholder",
        CallAgentPort = 5060,
        DeviceName = "placeholder",
        FirmwareServer = "http://placeholder",
        FirmwareFile = file,
        FirmwareVersion = version,
        FirmwareSha256 = PlaceholderSha256,
        PollIntervalSeconds = 86400,
    };

    private static string Check(Action write)
    {
        try
        {
            write();
            return null;
        }
        catch (ArgumentException e)
        {
            string message = e.Message;
            foreach (var root in new[] { "provision-response/config/", "provision-response/", "provision-request/header/", "provision-request/device/", "firmware-report/" })
            {
                if (message.StartsWith(root, StringComparison.Ordinal))
                {
                    return message.Substring(root.Length);
                }
            }

            return message;
        }
    }
}
