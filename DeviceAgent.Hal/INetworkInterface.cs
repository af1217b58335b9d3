namespace DeviceAgent.Hal
{
    /// <summary>
    /// The one network interface the agent configures from its own DHCP client: on the ESP32 the native client is
    /// off, so the agent applies each lease itself; on the desktop it is a real interface (as root) or nothing at all
    /// in loopback mode.
    /// </summary>
    public interface INetworkInterface
    {
        /// <summary>The interface's hardware (MAC) address, 6 bytes; the DHCP client identifies itself with it.</summary>
        byte[] HardwareAddress { get; }

        /// <summary>True while the link is up (cable in, or associated with an access point).</summary>
        bool IsLinkUp { get; }

        /// <summary>Configures the leased address, mask, default router (0 = none) and DNS servers (may be empty).</summary>
        void ApplyAddress(uint address, uint subnetMask, uint router, uint[] dnsServers);

        /// <summary>Removes the leased address, e.g. when the lease expires or is released.</summary>
        void ClearAddress();
    }
}
