using System.Text;
using DeviceAgent.Provisioning;

namespace DeviceAgent.Tests.Provisioning
{
    /// <summary>Valid documents and values shared by the provisioning codec tests.</summary>
    internal static class ProvisioningSamples
    {
        internal const string Sha256Hex = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

        internal const string ConfigurationXml =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" +
            "<provision-response version=\"1\">\n" +
            "  <config>\n" +
            "    <domain>voip.example.net</domain>\n" +
            "    <call-agent>\n" +
            "      <host>ca1.example.net</host>\n" +
            "      <port>5060</port>\n" +
            "    </call-agent>\n" +
            "    <device-name>Reception</device-name>\n" +
            "    <firmware>\n" +
            "      <server>tftp://10.0.0.5/phones</server>\n" +
            "      <file>phone-1.5.0.bin</file>\n" +
            "      <version>1.5.0</version>\n" +
            "      <sha256>" + Sha256Hex + "</sha256>\n" +
            "    </firmware>\n" +
            "    <poll-interval>86400</poll-interval>\n" +
            "  </config>\n" +
            "</provision-response>\n";

        internal const string RequestXml =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" +
            "<provision-request version=\"1\">\n" +
            "  <header>\n" +
            "    <product>IP-Phone 300</product>\n" +
            "    <customer>C-100234</customer>\n" +
            "  </header>\n" +
            "  <device>\n" +
            "    <id>DA-7F3A29</id>\n" +
            "    <serial>SN0042</serial>\n" +
            "    <mac>aa:bb:cc:dd:ee:ff</mac>\n" +
            "    <ip>192.0.2.10</ip>\n" +
            "    <firmware>1.4.2</firmware>\n" +
            "  </device>\n" +
            "</provision-request>\n";

        internal static byte[] Bytes(string text)
        {
            return Encoding.UTF8.GetBytes(text);
        }

        internal static ProvisionResponse ReadResponse(string xml)
        {
            byte[] bytes = Bytes(xml);
            return ProvisioningXml.ReadResponse(bytes, 0, bytes.Length);
        }

        internal static ProvisionRequest ReadRequest(string xml)
        {
            byte[] bytes = Bytes(xml);
            return ProvisioningXml.ReadRequest(bytes, 0, bytes.Length);
        }

        internal static string Text(byte[] document)
        {
            return Encoding.UTF8.GetString(document, 0, document.Length);
        }

        internal static TelephonyConfiguration Configuration()
        {
            var sha = new byte[32];
            for (int i = 0; i < sha.Length; i++)
            {
                sha[i] = (byte)(i * 7 + 1);
            }

            return new TelephonyConfiguration
            {
                Domain = "voip.example.net",
                CallAgentHost = "192.0.2.1",
                CallAgentPort = 5061,
                DeviceName = "Reception desk",
                FirmwareServer = "https://fw.example.net:8443/phones",
                FirmwareFile = "phone-1.5.0.bin",
                FirmwareVersion = "1.5.0",
                FirmwareSha256 = sha,
                PollIntervalSeconds = 3600,
            };
        }

        internal static ProvisionRequest Request()
        {
            return new ProvisionRequest
            {
                Product = "IP-Phone 300",
                Customer = "C-100234",
                DeviceId = "DA-7F3A29",
                Serial = "SN0042",
                Mac = "aa:bb:cc:dd:ee:ff",
                Ip = "192.0.2.10",
                FirmwareVersion = "1.4.2",
            };
        }

        /// <summary>The text with <paramref name="find"/> (which must occur) replaced by <paramref name="replacement"/>.</summary>
        internal static string Replace(string text, string find, string replacement)
        {
            int at = text.IndexOf(find);
            if (at < 0)
            {
                throw new System.ArgumentException("sample lacks " + find);
            }

            return text.Substring(0, at) + replacement + text.Substring(at + find.Length);
        }

        /// <summary>Reads <paramref name="xml"/> as a response, returning the format exception it must raise.</summary>
        internal static ProvisioningFormatException ResponseFails(string xml)
        {
            return Fails(Bytes(xml), true);
        }

        internal static ProvisioningFormatException Fails(byte[] bytes, bool response)
        {
            try
            {
                if (response)
                {
                    ProvisioningXml.ReadResponse(bytes, 0, bytes.Length);
                }
                else
                {
                    ProvisioningXml.ReadRequest(bytes, 0, bytes.Length);
                }
            }
            catch (ProvisioningFormatException e)
            {
                return e;
            }

            throw new System.Exception("no ProvisioningFormatException for: " + Encoding.UTF8.GetString(bytes, 0, bytes.Length));
        }
    }
}
