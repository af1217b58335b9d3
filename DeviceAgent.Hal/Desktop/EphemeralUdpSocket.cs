using System;
using System.Net;
using System.Net.Sockets;

namespace DeviceAgent.Hal.Desktop
{
    /// <summary>
    /// A general-purpose UDP socket on an ephemeral port of one local address (loopback in tests, any address
    /// otherwise), for client protocols such as TFTP that talk to a server from a port of their own. It is not the
    /// DHCP transport, which needs port 68, broadcast and a bound interface.
    /// </summary>
    public sealed class EphemeralUdpSocket : IUdpSocket
    {
        private readonly Socket _socket;
        private EndPoint _from = new IPEndPoint(IPAddress.Any, 0);

        /// <summary>Binds to an ephemeral port of <paramref name="localAddress"/> (e.g. <see cref="IPAddress.Loopback"/>).</summary>
        public EphemeralUdpSocket(IPAddress localAddress)
        {
            _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                _socket.Bind(new IPEndPoint(localAddress, 0));
            }
            catch
            {
                _socket.Dispose();
                throw;
            }
        }

        /// <summary>The port the system picked.</summary>
        public int LocalPort => ((IPEndPoint)_socket.LocalEndPoint).Port;

        /// <inheritdoc />
        public void Send(byte[] buffer, int offset, int count, uint address, int port) =>
            _socket.SendTo(buffer, offset, count, SocketFlags.None, new IPEndPoint(ToIPAddress(address), port));

        /// <inheritdoc />
        public int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds, out uint address, out int port)
        {
            address = 0;
            port = 0;
            if (!_socket.Poll(TimeSpan.FromMilliseconds(Math.Max(0, timeoutMilliseconds)), SelectMode.SelectRead))
            {
                return -1;
            }

            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, offset, count, SocketFlags.None, ref _from);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.MessageSize)
            {
                // The datagram was cut to the buffer, which is what the interface promises.
                length = count;
            }

            var from = (IPEndPoint)_from;
            address = ToUInt32(from.Address);
            port = from.Port;
            return length;
        }

        /// <summary>Closes the socket.</summary>
        public void Dispose() => _socket.Dispose();

        /// <summary>The uint form the codecs use: first octet in the most significant byte.</summary>
        public static uint ToUInt32(IPAddress address)
        {
            var b = address.MapToIPv4().GetAddressBytes();
            return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
        }

        /// <summary>The inverse of <see cref="ToUInt32"/>.</summary>
        public static IPAddress ToIPAddress(uint address) =>
            new IPAddress(new[] { (byte)(address >> 24), (byte)(address >> 16), (byte)(address >> 8), (byte)address });
    }
}
