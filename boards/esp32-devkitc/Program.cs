using System;
using System.Device.Wifi;
using System.Diagnostics;
using System.IO;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using DeviceAgent.Agent;
using DeviceAgent.Dhcp;
using DeviceAgent.Firmware;
using DeviceAgent.Hal;
using DeviceAgent.Hal.Esp32;
using DeviceAgent.Identity;

namespace Boards.Esp32DevKitC
{
    /// <summary>
    /// DeviceAgent on an ESP32-DevKitC, Wi-Fi station only: identity from the internal flash, Wi-Fi up, the native
    /// DHCP client off and port 68 bound for the agent's own client, then the power-up shared with the desktop phone
    /// (<see cref="PhoneAgent"/>). Everything is logged with Debug.WriteLine.
    /// </summary>
    public static class Program
    {
        /// <summary>Slots of the identity store: two, as on the desktop phone, of 1 KiB each.</summary>
        private const int IdentitySlots = 2;
        private const int IdentitySlotSize = 1024;

        private const int RetryMilliseconds = 10000;

        /// <summary>The image file and the room reserved for it on the internal drive.</summary>
        private const string FirmwareFileName = "firmware.bin";
        private const int FirmwareCapacity = 1536 * 1024;

        /// <summary>Version of the last image committed, which the board boots next.</summary>
        private const string InstalledVersionPath = FileSystemFirmwareStore.DefaultDirectory + "\\firmware.version";

        private static readonly ManualResetEvent LinkUp = new ManualResetEvent(false);

        /// <summary>Entry point; never returns.</summary>
        public static void Main()
        {
            Debug.WriteLine("DeviceAgent on ESP32-DevKitC");
            BoardSettings settings = BoardSettings.Load(BoardSettings.DefaultPath);
            Debug.WriteLine("settings: " + settings.Source);

            IdentityRecord identity = LoadIdentity(settings);

            Esp32NetworkInterface wifi = Esp32NetworkInterface.Find(NetworkInterfaceType.Wireless80211);
            if (wifi == null)
            {
                Debug.WriteLine("this firmware has no Wi-Fi station interface");
                Thread.Sleep(Timeout.Infinite);
            }

            wifi.LinkChanged += OnLinkChanged;
            Debug.WriteLine("Wi-Fi MAC " + Hex(wifi.HardwareAddress));
            BringUpWifi(wifi, settings);

            // Once per boot on Wi-Fi: the stored static configuration may not have stopped the native client at
            // the first association (see Esp32NetworkInterface.SwitchOffNativeDhcp).
            wifi.SwitchOffNativeDhcp(true);
            Esp32UdpSocket dhcpSocket = OpenDhcpSocket(wifi);
            Debug.WriteLine("DHCP socket bound to 0.0.0.0:68 on " + dhcpSocket.InterfaceName
                + ", configuration writes so far: " + wifi.ConfigurationWrites.ToString());

            if (identity != null)
            {
                RunAgent(wifi, dhcpSocket, settings);
            }

            Thread.Sleep(Timeout.Infinite);
        }

        /// <summary>
        /// Powers the agent up with the ESP32 HAL: <see cref="PhoneAgent"/> runs identity, DHCP (the agent's own client
        /// on <paramref name="socket"/>, leases applied to <paramref name="wifi"/>), discovery, firmware and its report.
        /// A failed power-up is run again at the time it names; once configured, this thread holds the phone for good
        /// (<see cref="PhoneAgent.HoldOnce"/>): lease renewals, FORCERENEW, and provisioning again when a renewal changed
        /// the provisioning options or the poll interval passed. The DHCP callback only logs; the agent provisions after
        /// the runner's turn, so nothing re-enters the runner.
        /// </summary>
        private static void RunAgent(Esp32NetworkInterface wifi, Esp32UdpSocket socket, BoardSettings settings)
        {
            Esp32Clock clock = new Esp32Clock();
            PhoneSettings phone = new PhoneSettings();
            phone.Product = settings.Product;
            phone.Customer = settings.Customer;
            phone.Serial = settings.Serial != null ? settings.Serial : "ESP32-" + Hex(wifi.HardwareAddress, "");
            string installed = ReadInstalledVersion();
            phone.FirmwareVersion = installed != null ? installed : settings.FirmwareVersion;
            PhonePlatform platform = new PhonePlatform();
            platform.Clock = clock;
            platform.Network = wifi;
            platform.DhcpSocket = socket;
            platform.Http = new NanoHttpTransport(clock, LoadRootCa(settings));
            platform.TimeSync = new SntpTimeSync(clock);
            platform.Flash = new FileSystemFlashStore(FileSystemFlashStore.DefaultDirectory, IdentitySlots, IdentitySlotSize);
            platform.FirmwareStore = new FileSystemFirmwareStore(FileSystemFirmwareStore.DefaultDirectory, FirmwareFileName, FirmwareCapacity);
            platform.OpenTftpSocket = new UdpSocketOpener(OpenTftpSocket);

            DhcpLease lease = null;
            while (true)
            {
                PhoneAgent agent = new PhoneAgent(phone, platform);
                agent.StepReported = new PhoneEventHandler(OnStep);
                agent.PreviousLease = lease;
                Debug.WriteLine("agent: power-up, serial " + phone.Serial + ", firmware " + phone.FirmwareVersion);
                PhoneAgentResult result = agent.Run();
                lease = result.Lease;
                KeepFirmware(result);
                if (result.Configured)
                {
                    agent.DhcpActionReported = new DhcpClientActionHandler(OnDhcpAction);
                    Debug.WriteLine("agent: holding the configuration");
                    while (true)
                    {
                        PhoneAgentResult next = agent.HoldOnce(DhcpClientRunner.PollMilliseconds);
                        if (next != null)
                        {
                            KeepFirmware(next);
                        }
                    }
                }

                if (result.RetryAtMilliseconds == long.MaxValue)
                {
                    Debug.WriteLine("agent: stopped at " + result.FailedStep + "; nothing to retry");
                    return;
                }

                long wait = result.RetryAtMilliseconds - clock.MonotonicMilliseconds;
                Thread.Sleep(wait > 0 ? (int)wait : 0);
            }
        }

        private static void OnStep(string step, DiscoveryOutcome outcome, string detail)
        {
            Debug.WriteLine("agent: " + PhoneAgent.Describe(step, outcome, detail));
        }

        private static void KeepFirmware(PhoneAgentResult result)
        {
            if (result.Firmware == FirmwareOutcome.Success)
            {
                WriteInstalledVersion(result.Configuration.FirmwareVersion);
            }
        }

        private static void OnDhcpAction(DhcpClientAction action)
        {
            if (action.Kind == DhcpClientActionKind.Event)
            {
                Debug.WriteLine("dhcp: " + action.Text);
            }
            else if (action.Kind == DhcpClientActionKind.ProvisioningOptionsChanged)
            {
                Debug.WriteLine("dhcp: provisioning options changed; the agent provisions again after this turn");
            }
        }

        private static IUdpSocket OpenTftpSocket()
        {
            return Esp32UdpSocket.OpenEphemeral();
        }

        private static X509Certificate LoadRootCa(BoardSettings settings)
        {
            if (settings.CaCertificatePath == null)
            {
                return null;
            }

            try
            {
                return new X509Certificate(File.ReadAllBytes(settings.CaCertificatePath));
            }
            catch (IOException e)
            {
                Debug.WriteLine("ca-cert " + settings.CaCertificatePath + " unreadable (" + e.Message + "); using the device's CA store");
                return null;
            }
        }

        private static string ReadInstalledVersion()
        {
            try
            {
                return File.Exists(InstalledVersionPath) ? File.ReadAllText(InstalledVersionPath).Trim() : null;
            }
            catch (IOException)
            {
                return null;
            }
        }

        private static void WriteInstalledVersion(string version)
        {
            try
            {
                File.WriteAllBytes(InstalledVersionPath, Encoding.UTF8.GetBytes(version));
            }
            catch (IOException e)
            {
                Debug.WriteLine("firmware: version not recorded: " + e.Message);
            }
        }

        /// <summary>
        /// The stored identity; on an empty store, the factory identity from the settings file is stored first.
        /// Returns null when there is none, which leaves the phone unable to provision but still on the network.
        /// </summary>
        private static IdentityRecord LoadIdentity(BoardSettings settings)
        {
            try
            {
                IdentityStore store = new IdentityStore(
                    new FileSystemFlashStore(FileSystemFlashStore.DefaultDirectory, IdentitySlots, IdentitySlotSize));
                IdentityLoadResult loaded = store.Load();
                if (loaded.Status == IdentityStoreStatus.Empty && settings.DeviceId != null && settings.PreProvisioningUrl != null)
                {
                    IdentityRecord factory = new IdentityRecord(settings.DeviceId, PreProvisioningContact.Parse(settings.PreProvisioningUrl));
                    store.Save(factory);
                    Debug.WriteLine("identity: stored the factory identity from " + settings.Source);
                    loaded = store.Load();
                }

                if (loaded.Status == IdentityStoreStatus.Loaded)
                {
                    Debug.WriteLine("identity: " + loaded.Record.ToString() + " (record " + loaded.Sequence.ToString() + ")");
                    return loaded.Record;
                }

                Debug.WriteLine(loaded.Status == IdentityStoreStatus.Corrupt
                    ? "identity: store corrupt in " + FileSystemFlashStore.DefaultDirectory + "; the identity is lost"
                    : "identity: none stored; put device-id and preprov in " + BoardSettings.DefaultPath);
            }
            catch (IdentityFormatException e)
            {
                Debug.WriteLine("identity: factory values rejected: " + e.Message);
            }
            catch (IOException e)
            {
                Debug.WriteLine("identity: flash error: " + e.Message);
            }

            return null;
        }

        /// <summary>
        /// Joins the configured network, or waits for the firmware's stored Wi-Fi configuration when only the
        /// placeholders are set, until the link is up.
        /// </summary>
        /// <remarks>
        /// Connect with <see cref="WifiReconnectionKind.Automatic"/>: in the firmware read, that kind does not store
        /// the credentials (Manual does, one more flash write per boot) and any Connect re-associates after a drop.
        /// </remarks>
        private static void BringUpWifi(Esp32NetworkInterface wifi, BoardSettings settings)
        {
            if (!settings.HasWifiCredentials)
            {
                Debug.WriteLine("Wi-Fi: no SSID configured; waiting for the stored Wi-Fi configuration to connect");
            }

            while (!wifi.IsLinkUp)
            {
                if (settings.HasWifiCredentials)
                {
                    WifiAdapter[] adapters = WifiAdapter.FindAllAdapters();
                    WifiConnectionResult result = adapters[0].Connect(settings.WifiSsid, WifiReconnectionKind.Automatic, settings.WifiPassword);
                    Debug.WriteLine("Wi-Fi: connect to " + settings.WifiSsid + ": " + StatusName(result.ConnectionStatus));
                }

                LinkUp.WaitOne(RetryMilliseconds, false);
            }

            Debug.WriteLine("Wi-Fi: link up");
        }

        /// <summary>Opens the DHCP socket, retrying while a native client still holds port 68 or the interface is missing.</summary>
        private static Esp32UdpSocket OpenDhcpSocket(Esp32NetworkInterface wifi)
        {
            while (true)
            {
                try
                {
                    return Esp32UdpSocket.OpenDhcpClient(wifi.InterfaceNamePrefix);
                }
                catch (SocketException e)
                {
                    // Forced once already; another write only if the configuration went back to DHCP, so that a
                    // lasting failure cannot turn into a flash write every few seconds.
                    Debug.WriteLine("DHCP socket: bind failed (socket error " + e.ErrorCode.ToString()
                        + "); is a native DHCP client running on another interface?");
                    wifi.SwitchOffNativeDhcp(false);
                }
                catch (InvalidOperationException e)
                {
                    Debug.WriteLine("DHCP socket: " + e.Message);
                }

                Thread.Sleep(RetryMilliseconds);
            }
        }

        private static void OnLinkChanged(Esp32NetworkInterface sender, bool isUp)
        {
            Debug.WriteLine(isUp ? "Wi-Fi: link up" : "Wi-Fi: link down");
            if (isUp)
            {
                LinkUp.Set();
            }
            else
            {
                LinkUp.Reset();
            }
        }

        private static string StatusName(WifiConnectionStatus status)
        {
            switch (status)
            {
                case WifiConnectionStatus.Success:
                    return "success";
                case WifiConnectionStatus.InvalidCredential:
                    return "invalid credential";
                case WifiConnectionStatus.NetworkNotAvailable:
                    return "network not available";
                case WifiConnectionStatus.Timeout:
                    return "timeout";
                default:
                    return "failed (" + ((int)status).ToString() + ")";
            }
        }

        private static string Hex(byte[] bytes)
        {
            return Hex(bytes, ":");
        }

        private static string Hex(byte[] bytes, string separator)
        {
            string text = "";
            for (int i = 0; i < bytes.Length; i++)
            {
                text += (i == 0 ? "" : separator) + bytes[i].ToString("X2");
            }

            return text;
        }
    }
}
