using System;

namespace DeviceAgent.Hal.Desktop
{
    /// <summary>
    /// An interface that configures nothing, for loopback mode and tests: it reports a chosen MAC and an up link and
    /// remembers the last address applied so callers can show or assert it.
    /// </summary>
    public sealed class LoopbackNetworkInterface : INetworkInterface
    {
        private readonly byte[] _mac;

        /// <summary>Creates the interface with the MAC the DHCP client will present (6 bytes).</summary>
        public LoopbackNetworkInterface(byte[] hardwareAddress)
        {
            if (hardwareAddress == null || hardwareAddress.Length != 6)
            {
                throw new ArgumentException("a 6-byte MAC is required", nameof(hardwareAddress));
            }

            _mac = (byte[])hardwareAddress.Clone();
        }

        /// <inheritdoc />
        public byte[] HardwareAddress => (byte[])_mac.Clone();

        /// <summary>Settable so tests can take the link down.</summary>
        public bool IsLinkUp { get; set; } = true;

        /// <summary>The address last applied, 0 when none or after ClearAddress.</summary>
        public uint Address { get; private set; }

        /// <summary>The mask last applied.</summary>
        public uint SubnetMask { get; private set; }

        /// <summary>The router last applied.</summary>
        public uint Router { get; private set; }

        /// <inheritdoc />
        public void ApplyAddress(uint address, uint subnetMask, uint router, uint[] dnsServers)
        {
            Address = address;
            SubnetMask = subnetMask;
            Router = router;
        }

        /// <inheritdoc />
        public void ClearAddress()
        {
            Address = 0;
            SubnetMask = 0;
            Router = 0;
        }
    }
}
