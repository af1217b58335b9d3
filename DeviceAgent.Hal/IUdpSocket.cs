using System;

namespace DeviceAgent.Hal
{
    /// <summary>
    /// A bound UDP endpoint: the DHCP client port on one interface, a TFTP transfer, or a loopback port in tests.
    /// Addresses are IPv4 as <see cref="uint"/> with the first octet in the most significant byte, the form the
    /// codecs use, so no address objects are allocated per datagram.
    /// </summary>
    public interface IUdpSocket : IDisposable
    {
        /// <summary>Sends one datagram; <paramref name="address"/> 0xFFFFFFFF is the limited broadcast.</summary>
        void Send(byte[] buffer, int offset, int count, uint address, int port);

        /// <summary>
        /// Waits up to <paramref name="timeoutMilliseconds"/> for one datagram and copies it to
        /// <paramref name="buffer"/>. Returns its length, or -1 when the time ran out. A datagram longer than
        /// <paramref name="count"/> is truncated, as UDP sockets do.
        /// </summary>
        int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds, out uint address, out int port);
    }
}
