using System;
using DeviceAgent.Hal;

namespace DeviceAgent.Agent
{
    /// <summary>Opens a fresh UDP socket on an ephemeral port, one per TFTP transfer; the caller disposes it.</summary>
    public delegate IUdpSocket UdpSocketOpener();

    /// <summary>
    /// The board's hardware as the <see cref="PhoneAgent"/> uses it: one object so that the desktop, the ESP32 and the
    /// tests each fill in their own seams and the power-up sequence stays the same code.
    /// </summary>
    public sealed class PhonePlatform
    {
        /// <summary>Monotonic and wall-clock time. Required.</summary>
        public IClock Clock { get; set; }

        /// <summary>The interface DHCP configures; its MAC goes into the provision-request. Required.</summary>
        public INetworkInterface Network { get; set; }

        /// <summary>Socket bound to the DHCP client port, or null to run without DHCP (static address).</summary>
        public IUdpSocket DhcpSocket { get; set; }

        /// <summary>HTTP(S) to the pre-provisioning, provisioning and firmware servers. Required.</summary>
        public IHttpTransport Http { get; set; }

        /// <summary>Sets the wall clock before HTTPS when it is not valid. Required.</summary>
        public ITimeSync TimeSync { get; set; }

        /// <summary>The identity store's flash. Required.</summary>
        public IFlashStore Flash { get; set; }

        /// <summary>Where a downloaded image goes. Required.</summary>
        public IFirmwareStore FirmwareStore { get; set; }

        /// <summary>Opens a socket for a tftp:// firmware server, or null when the board cannot (then TFTP fails the update).</summary>
        public UdpSocketOpener OpenTftpSocket { get; set; }

        /// <summary>Draws DHCP transaction IDs and backoff jitter.</summary>
        public Random Random { get; set; } = new Random();
    }
}
