using System;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DeviceAgent.Hal.Desktop
{
    /// <summary>
    /// A UDP socket for the DHCP client on a desktop host. Interface mode binds 0.0.0.0:68 to one interface
    /// (SO_BINDTODEVICE, Linux, root) with broadcast enabled, as a real DHCP client must; loopback mode binds
    /// 127.0.0.1:port and sends every datagram, broadcast or unicast, to 127.0.0.1:serverPort, so tests and demos run
    /// unprivileged against a server on the same host.
    /// </summary>
    public sealed class UdpSocketTransport : IUdpSocket
    {
        private const int SolSocket = 1;
        private const int SoBindToDevice = 25;

        private readonly Socket _socket;
        private readonly IPEndPoint _loopbackServer;
        private EndPoint _from = new IPEndPoint(IPAddress.Any, 0);

        private UdpSocketTransport(Socket socket, IPEndPoint loopbackServer)
        {
            _socket = socket;
            _loopbackServer = loopbackServer;
        }

        /// <summary>The local endpoint the socket is bound to.</summary>
        public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint;

        /// <summary>Interface mode: 0.0.0.0:<paramref name="port"/> bound to <paramref name="interfaceName"/>, broadcast allowed.</summary>
        /// <exception cref="SocketException">Not root, no such interface, or the port is taken.</exception>
        public static UdpSocketTransport ForInterface(string interfaceName, int port = 68)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Broadcast, true);
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                socket.SetRawSocketOption(SolSocket, SoBindToDevice, Encoding.ASCII.GetBytes(interfaceName + "\0"));
                socket.Bind(new IPEndPoint(IPAddress.Any, port));
                return new UdpSocketTransport(socket, null);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        /// <summary>Loopback mode: bound to 127.0.0.1:<paramref name="clientPort"/> (0 = any free port), talking to 127.0.0.1:<paramref name="serverPort"/>.</summary>
        public static UdpSocketTransport ForLoopback(int serverPort, int clientPort = 0)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Loopback, clientPort));
                return new UdpSocketTransport(socket, new IPEndPoint(IPAddress.Loopback, serverPort));
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        /// <inheritdoc />
        public void Send(byte[] buffer, int offset, int count, uint address, int port)
        {
            var destination = _loopbackServer ?? new IPEndPoint(ToIPAddress(address), port);
            _socket.SendTo(buffer, offset, count, SocketFlags.None, destination);
        }

        /// <inheritdoc />
        public int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds, out uint address, out int port)
        {
            address = 0;
            port = 0;
            var deadline = Environment.TickCount64 + timeoutMilliseconds;
            while (true)
            {
                var left = deadline - Environment.TickCount64;
                if (left < 0 || !_socket.Poll((int)Math.Min(left, int.MaxValue / 1000) * 1000, SelectMode.SelectRead))
                {
                    return -1;
                }

                try
                {
                    var received = _socket.ReceiveFrom(buffer, offset, count, SocketFlags.None, ref _from);
                    var from = (IPEndPoint)_from;
                    var bytes = from.Address.GetAddressBytes();
                    address = ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
                    port = from.Port;
                    return received;
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset || e.SocketErrorCode == SocketError.MessageSize)
                {
                    // An ICMP error from an earlier send, or a datagram longer than the buffer: wait for the next one.
                }
            }
        }

        /// <inheritdoc />
        public void Dispose() => _socket.Dispose();

        private static IPAddress ToIPAddress(uint address) =>
            new IPAddress(new[] { (byte)(address >> 24), (byte)(address >> 16), (byte)(address >> 8), (byte)address });
    }
}
