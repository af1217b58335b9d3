using System;
using System.Device.Wifi;
using System.Diagnostics;
using System.IO;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Threading;
using DeviceAgent.Hal.Esp32;
using DeviceAgent.Identity;

namespace Boards.Esp32DevKitC
{
    /// <summary>
    /// DeviceAgent on an ESP32-DevKitC, Wi-Fi station only: identity from the internal flash, Wi-Fi up, the native
    /// DHCP client off and port 68 bound for the agent's own client. Everything is logged with Debug.WriteLine.
    /// </summary>
    public static class Program
    {
        /// <summary>Slots of the identity store: two, as on the desktop phone, of 1 KiB each.</summary>
        private const int IdentitySlots = 2;
        private const int IdentitySlotSize = 1024;

        private const int RetryMilliseconds = 10000;

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

            StartDhcpRunner(wifi, dhcpSocket, identity);

            Thread.Sleep(Timeout.Infinite);
        }

        /// <summary>
        /// THE place where the agent's DHCP client will run, once DeviceAgent.Dhcp.DhcpClient exists: give it
        /// <paramref name="wifi"/> (ApplyAddress/ClearAddress, LinkChanged), <paramref name="socket"/>, an
        /// Esp32Clock and the identity (device ID for the client identifier), on a thread of its own.
        /// </summary>
        private static void StartDhcpRunner(Esp32NetworkInterface wifi, Esp32UdpSocket socket, IdentityRecord identity)
        {
            Debug.WriteLine("DHCP client not built into this firmware yet: the interface stays at 0.0.0.0 ("
                + (identity == null ? "no identity" : identity.DeviceId) + ", link "
                + (wifi.IsLinkUp ? "up" : "down") + ", socket on " + socket.InterfaceName + ")");
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
            string text = "";
            for (int i = 0; i < bytes.Length; i++)
            {
                text += (i == 0 ? "" : ":") + bytes[i].ToString("X2");
            }

            return text;
        }
    }
}
