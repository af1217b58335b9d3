using System.IO;

namespace Boards.Esp32DevKitC
{
    /// <summary>
    /// The board's few settings: Wi-Fi credentials and the factory identity, read from a small text file on the
    /// internal flash drive (<see cref="DefaultPath"/>), one <c>key=value</c> per line, <c>#</c> starting a comment.
    /// Keys: <c>wifi-ssid</c>, <c>wifi-password</c>, <c>device-id</c>, <c>preprov</c>, <c>customer</c>, <c>serial</c>,
    /// <c>product</c>, <c>firmware-version</c>, <c>ca-cert</c> (path of a PEM root CA for HTTPS). Without the file the
    /// placeholder constants below apply; edit them for a bench board, never commit real credentials.
    /// </summary>
    internal sealed class BoardSettings
    {
        /// <summary>Where the settings file is looked for.</summary>
        public const string DefaultPath = "I:\\deviceagent.cfg";

        /// <summary>Placeholder SSID: while it is in effect the board does not connect by itself and waits for the
        /// Wi-Fi configuration stored in the firmware (e.g. set from Visual Studio's Device Explorer).</summary>
        public const string PlaceholderSsid = "your-ssid";

        /// <summary>Placeholder password, used only with a real SSID.</summary>
        public const string PlaceholderPassword = "your-password";

        private BoardSettings()
        {
            WifiSsid = PlaceholderSsid;
            WifiPassword = PlaceholderPassword;
        }

        /// <summary>SSID to join, or <see cref="PlaceholderSsid"/>.</summary>
        public string WifiSsid { get; private set; }

        /// <summary>WPA passphrase ("" for an open network).</summary>
        public string WifiPassword { get; private set; }

        /// <summary>Device ID to store at the first boot, when the identity store is empty; null if none.</summary>
        public string DeviceId { get; private set; }

        /// <summary>Pre-provisioning URL stored with <see cref="DeviceId"/>; null if none.</summary>
        public string PreProvisioningUrl { get; private set; }

        /// <summary>Customer number for the provision-request; null if none.</summary>
        public string Customer { get; private set; }

        /// <summary>Serial number for the provision-request and the firmware report; null: derived from the MAC by the board.</summary>
        public string Serial { get; private set; }

        /// <summary>Product name for the provision-request.</summary>
        public string Product { get; private set; } = "DeviceAgent ESP32-DevKitC";

        /// <summary>Version of the firmware the board runs, unless an update installed a newer one since.</summary>
        public string FirmwareVersion { get; private set; } = "1.0.0";

        /// <summary>Path of the PEM root CA that HTTPS servers must chain to; null: the device's CA store.</summary>
        public string CaCertificatePath { get; private set; }

        /// <summary>True when an SSID other than the placeholder is configured.</summary>
        public bool HasWifiCredentials => WifiSsid.Length > 0 && WifiSsid != PlaceholderSsid;

        /// <summary>Where the values came from, for the boot log.</summary>
        public string Source { get; private set; }

        /// <summary>Reads <paramref name="path"/>; a missing file gives the placeholders. Unknown keys are ignored.</summary>
        public static BoardSettings Load(string path)
        {
            BoardSettings settings = new BoardSettings();
            settings.Source = "placeholders in BoardSettings.cs";
            if (!File.Exists(path))
            {
                return settings;
            }

            settings.Source = path;
            using (StreamReader reader = File.OpenText(path))
            {
                string line;
                while ((line = reader.ReadLine()) != null)
                {
                    settings.Apply(line);
                }
            }

            return settings;
        }

        private void Apply(string line)
        {
            string text = line.Trim();
            int equals = text.IndexOf('=');
            if (text.Length == 0 || text[0] == '#' || equals <= 0)
            {
                return;
            }

            string key = text.Substring(0, equals).Trim();
            string value = text.Substring(equals + 1).Trim();
            switch (key)
            {
                case "wifi-ssid":
                    WifiSsid = value;
                    break;
                case "wifi-password":
                    WifiPassword = value;
                    break;
                case "device-id":
                    DeviceId = value;
                    break;
                case "preprov":
                    PreProvisioningUrl = value;
                    break;
                case "customer":
                    Customer = value;
                    break;
                case "serial":
                    Serial = value;
                    break;
                case "product":
                    Product = value;
                    break;
                case "firmware-version":
                    FirmwareVersion = value;
                    break;
                case "ca-cert":
                    CaCertificatePath = value;
                    break;
            }
        }
    }
}
