using System;
using System.Net;
using System.Net.NetworkInformation;

namespace DeviceAgent.Hal.Esp32
{
    /// <summary>
    /// <see cref="INetworkInterface"/> over a nanoFramework <see cref="NetworkInterface"/> (Wi-Fi station or
    /// Ethernet) whose address comes from the agent's own DHCP client, the native client being switched off.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Flash wear: on the ESP32 every <see cref="NetworkInterface.EnableStaticIPv4"/> and every
    /// <see cref="NetworkInterface.EnableStaticIPv4Dns"/> rewrites the network configuration file in flash, even
    /// with unchanged values (the firmware stores before it applies and never compares). This class therefore
    /// remembers what it last configured and calls them only for values that differ: a renewed lease with the same
    /// address costs nothing, a new lease two writes (address, DNS), clearing one. <see cref="ConfigurationWrites"/>
    /// counts them so that callers can watch for, and rate-limit, NAK or link-flap loops.
    /// </para>
    /// <para>
    /// Each apply also makes the firmware broadcast a DHCPINFORM and raise NetworkAddressChanged; the DHCP client
    /// must ignore answers whose xid it did not send. Create one instance per interface for the whole program: it
    /// subscribes to the static <see cref="NetworkChange"/> events.
    /// </para>
    /// </remarks>
    public sealed class Esp32NetworkInterface : INetworkInterface
    {
        /// <summary>lwIP name prefix of the Wi-Fi station interface.</summary>
        public const string WifiStationPrefix = "st";

        /// <summary>lwIP name prefix of the Ethernet interface.</summary>
        public const string EthernetPrefix = "en";

        private const string Unset = "0.0.0.0";

        private readonly NetworkInterface _interface;
        private readonly int _index;
        private readonly byte[] _hardwareAddress;
        private readonly string _prefix;
        private bool _linkUp;
        private int _writes;

        // What the stored configuration holds, as far as this class knows; compared before every write.
        private bool _addressKnown;
        private uint _address;
        private uint _subnetMask;
        private uint _router;
        private bool _dnsKnown;
        private uint _dns1;
        private uint _dns2;

        private Esp32NetworkInterface(NetworkInterface networkInterface, int index, string prefix)
        {
            _interface = networkInterface;
            _index = index;
            _prefix = prefix;
            byte[] mac = networkInterface.PhysicalAddress;
            _hardwareAddress = new byte[mac.Length];
            Array.Copy(mac, _hardwareAddress, mac.Length);

            // With one station or Ethernet interface up at boot this is that interface's state; events correct it.
            _linkUp = NetworkInterface.GetIsNetworkAvailable();

            if (!networkInterface.IsDhcpEnabled)
            {
                _address = Parse(networkInterface.IPv4Address);
                _subnetMask = Parse(networkInterface.IPv4SubnetMask);
                _router = Parse(networkInterface.IPv4GatewayAddress);
                _addressKnown = true;
                string[] dns = networkInterface.IPv4DnsAddresses;
                _dns1 = dns.Length > 0 ? Parse(dns[0]) : 0;
                _dns2 = dns.Length > 1 ? Parse(dns[1]) : 0;
                _dnsKnown = !networkInterface.IsAutomaticDnsEnabled;
            }

            NetworkChange.NetworkAvailabilityChanged += OnAvailabilityChanged;
        }

        /// <summary>Raised when the link comes up or goes down.</summary>
        public event LinkChangedHandler LinkChanged;

        /// <inheritdoc />
        public byte[] HardwareAddress => _hardwareAddress;

        /// <inheritdoc />
        /// <remarks>Follows NetworkAvailabilityChanged for this interface (Wi-Fi associated, Ethernet cable in).</remarks>
        public bool IsLinkUp => _linkUp;

        /// <summary>Wireless80211 or Ethernet.</summary>
        public NetworkInterfaceType InterfaceType => _interface.NetworkInterfaceType;

        /// <summary>The lwIP name prefix for <see cref="Esp32UdpSocket.OpenDhcpClient"/>: "st" or "en".</summary>
        public string InterfaceNamePrefix => _prefix;

        /// <summary>Flash writes of the network configuration made through this instance since it was created.</summary>
        public int ConfigurationWrites => _writes;

        /// <summary>
        /// The first interface of <paramref name="type"/> (Wireless80211 or Ethernet), or null when the firmware
        /// has none.
        /// </summary>
        public static Esp32NetworkInterface Find(NetworkInterfaceType type)
        {
            string prefix;
            if (type == NetworkInterfaceType.Wireless80211)
            {
                prefix = WifiStationPrefix;
            }
            else if (type == NetworkInterfaceType.Ethernet)
            {
                prefix = EthernetPrefix;
            }
            else
            {
                throw new ArgumentException("only the Wi-Fi station and Ethernet run a DHCP client", "type");
            }

            NetworkInterface[] all = NetworkInterface.GetAllNetworkInterfaces();
            for (int i = 0; i < all.Length; i++)
            {
                if (all[i].NetworkInterfaceType == type)
                {
                    return new Esp32NetworkInterface(all[i], i, prefix);
                }
            }

            return null;
        }

        /// <summary>
        /// Stops the native DHCP client by putting the interface in static mode with no address, so that port 68
        /// is free for <see cref="Esp32UdpSocket.OpenDhcpClient"/>. Returns true when it wrote the configuration.
        /// </summary>
        /// <param name="evenIfStatic">
        /// Write even when the stored configuration is already static. Needed once per boot on Wi-Fi, after the first
        /// link-up: the firmware applies the stored configuration before the lwIP interface exists, so the native
        /// client may start at the first association although the configuration says static. That costs one flash
        /// write per boot. On Ethernet pass false: the firmware re-applies the configuration at every link-up.
        /// </param>
        /// <remarks>
        /// If the native client held a lease it sends a DHCPRELEASE as it stops, so the agent's client must start
        /// from DISCOVER. Never call EnableDhcp, RenewDhcpLease or ReleaseDhcpLease (nor a helper that does, such as
        /// the nanoFramework network helpers): each starts the native client again.
        /// </remarks>
        public bool SwitchOffNativeDhcp(bool evenIfStatic)
        {
            if (!evenIfStatic && !_interface.IsDhcpEnabled)
            {
                return false;
            }

            WriteAddress(0, 0, 0);
            return true;
        }

        /// <inheritdoc />
        /// <remarks>
        /// Writes only what differs from the last configured values (see the class remarks). A new address is
        /// always followed by the DNS write: the ESP-IDF clears the DNS server when the address is set while the
        /// interface was still in DHCP mode. At most two DNS servers are kept, as the firmware stores two.
        /// </remarks>
        public void ApplyAddress(uint address, uint subnetMask, uint router, uint[] dnsServers)
        {
            uint dns1 = dnsServers != null && dnsServers.Length > 0 ? dnsServers[0] : 0;
            uint dns2 = dnsServers != null && dnsServers.Length > 1 ? dnsServers[1] : 0;
            bool addressChanged = !_addressKnown || _address != address || _subnetMask != subnetMask || _router != router;
            if (addressChanged)
            {
                WriteAddress(address, subnetMask, router);
            }

            if (addressChanged || !_dnsKnown || _dns1 != dns1 || _dns2 != dns2)
            {
                string[] dns = dns2 != 0 ? new string[] { Format(dns1), Format(dns2) } : new string[] { Format(dns1) };
                _dnsKnown = false;
                _writes++;
                _interface.EnableStaticIPv4Dns(dns);
                _dns1 = dns1;
                _dns2 = dns2;
                _dnsKnown = true;
            }
        }

        /// <inheritdoc />
        /// <remarks>The interface stays up with 0.0.0.0, so the DHCP socket keeps sending and receiving.</remarks>
        public void ClearAddress()
        {
            if (_addressKnown && _address == 0 && _subnetMask == 0 && _router == 0)
            {
                return;
            }

            WriteAddress(0, 0, 0);
        }

        private void WriteAddress(uint address, uint subnetMask, uint router)
        {
            // Unknown until the call returns: a failed write may have stored anything.
            _addressKnown = false;
            _dnsKnown = false;
            _writes++;
            _interface.EnableStaticIPv4(Format(address), Format(subnetMask), Format(router));
            _address = address;
            _subnetMask = subnetMask;
            _router = router;
            _addressKnown = true;
        }

        private void OnAvailabilityChanged(object sender, NetworkAvailabilityEventArgs e)
        {
            // The sender is the firmware's interface index (Wi-Fi station 0, soft AP 1, Ethernet 2), which is also
            // the order of GetAllNetworkInterfaces; events from other interfaces are not ours.
            int index = sender is int i ? i : sender is byte b ? b : _index;
            if (index != _index || e.IsAvailable == _linkUp)
            {
                return;
            }

            _linkUp = e.IsAvailable;
            LinkChangedHandler handler = LinkChanged;
            if (handler != null)
            {
                handler(this, _linkUp);
            }
        }

        private static string Format(uint address)
        {
            if (address == 0)
            {
                return Unset;
            }

            return (address >> 24).ToString() + "." + ((address >> 16) & 0xFF).ToString() + "."
                + ((address >> 8) & 0xFF).ToString() + "." + (address & 0xFF).ToString();
        }

        private static uint Parse(string address)
        {
            if (address == null || address.Length == 0)
            {
                return 0;
            }

            byte[] bytes = IPAddress.Parse(address).GetAddressBytes();
            return bytes.Length == 4 ? ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3] : 0;
        }
    }
}
