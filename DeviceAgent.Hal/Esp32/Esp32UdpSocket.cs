using System;
using System.Net;
using System.Net.Sockets;

namespace DeviceAgent.Hal.Esp32
{
    /// <summary>
    /// <see cref="IUdpSocket"/> over a nanoFramework <see cref="Socket"/>. Two shapes: the DHCP client port (68 on
    /// 0.0.0.0, broadcast, tied to one lwIP interface) and an ephemeral port for transfers such as TFTP.
    /// </summary>
    /// <remarks>
    /// The DHCP shape works only while no interface runs the native DHCP client: lwIP's own client holds port 68 and
    /// <see cref="Socket.Bind"/> then fails with <see cref="SocketError.AddressAlreadyInUse"/>
    /// (see <see cref="Esp32NetworkInterface.SwitchOffNativeDhcp"/>). Not thread-safe: one thread sends and receives.
    /// </remarks>
    public sealed class Esp32UdpSocket : IUdpSocket
    {
        /// <summary>The DHCP client port (RFC 2131 section 4.1).</summary>
        public const int DhcpClientPort = 68;

        /// <summary>Interface numbers tried after the prefix: lwIP numbers interfaces from one growing counter.</summary>
        public const int MaxInterfaceNumber = 9;

        /// <summary>
        /// lwIP's SO_BINDTODEVICE. nanoFramework passes option numbers its enum lacks through unchanged, and only the
        /// byte[] overload lets the value be a name (the int and bool overloads send 4 bytes).
        /// </summary>
        private const SocketOptionName BindToDevice = (SocketOptionName)0x100B;

        /// <summary>lwIP's IFNAMSIZ: the option value must be exactly this long (shorter is EINVAL), name NUL-padded.</summary>
        private const int InterfaceNameSize = 6;

        private const int TimedOut = 10060;

        // ReceiveFrom after a successful Poll should not block; this bounds it if it does (nanoFramework passes
        // ReceiveTimeout to every native recvfrom).
        private const int ReadGuardMilliseconds = 1000;

        // Poll takes microseconds in an int: longer waits are clamped to about 35 minutes.
        private const int MaxPollMilliseconds = int.MaxValue / 1000;

        private readonly Socket _socket;
        private readonly string _interfaceName;
        private readonly int _localPort;
        private readonly EndPoint _anyRemote = new IPEndPoint(IPAddress.Any, 0);

        // The last destination, kept so that the retransmissions of one exchange allocate nothing.
        private uint _lastAddress;
        private int _lastPort = -1;
        private EndPoint _lastEndPoint;

        private Esp32UdpSocket(Socket socket, string interfaceName, int localPort)
        {
            socket.ReceiveTimeout = ReadGuardMilliseconds;
            _socket = socket;
            _interfaceName = interfaceName;
            _localPort = localPort;
        }

        /// <summary>
        /// The lwIP interface the socket is tied to ("st1", "en2" ...), or null for an ephemeral socket, which lwIP
        /// routes by destination.
        /// </summary>
        public string InterfaceName => _interfaceName;

        /// <summary>The local UDP port.</summary>
        public int LocalPort => _localPort;

        /// <summary>
        /// Opens the DHCP client socket: SO_BROADCAST, SO_BINDTODEVICE to the interface whose lwIP name starts with
        /// <paramref name="interfacePrefix"/> (<see cref="Esp32NetworkInterface.InterfaceNamePrefix"/>), then bind
        /// 0.0.0.0:68.
        /// </summary>
        /// <remarks>
        /// Binding to the interface is what makes a broadcast from 0.0.0.0 leave through it: without it lwIP routes
        /// by source address, finds none for 0.0.0.0 and picks another or the default interface. The number after the
        /// prefix is lwIP's interface counter, which depends on start order and grows at every Wi-Fi re-init, so
        /// "prefix0" to "prefix9" are tried and the first that lwIP knows is kept; there is one interface per prefix.
        /// Open the socket again after a Wi-Fi re-init. SO_BROADCAST is not needed by this lwIP build (its broadcast
        /// filter is compiled out) but is set so the socket keeps working if the filter is turned on.
        /// </remarks>
        /// <exception cref="InvalidOperationException">No interface with that prefix exists (Wi-Fi or Ethernet not started).</exception>
        /// <exception cref="SocketException">
        /// Bind failed; <see cref="SocketError.AddressAlreadyInUse"/> means a native DHCP client still runs.
        /// </exception>
        public static Esp32UdpSocket OpenDhcpClient(string interfacePrefix)
        {
            if (interfacePrefix == null || interfacePrefix.Length == 0 || interfacePrefix.Length > InterfaceNameSize - 2)
            {
                throw new ArgumentException("an lwIP interface name prefix such as \"st\" or \"en\"", "interfacePrefix");
            }

            Socket socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Broadcast, true);
                string name = BindToFirstInterface(socket, interfacePrefix);
                if (name == null)
                {
                    throw new InvalidOperationException("no lwIP interface " + interfacePrefix + "0.." + interfacePrefix
                        + MaxInterfaceNumber.ToString() + " exists; start the network interface first");
                }

                socket.Bind(new IPEndPoint(IPAddress.Any, DhcpClientPort));
                return new Esp32UdpSocket(socket, name, DhcpClientPort);
            }
            catch
            {
                socket.Close();
                throw;
            }
        }

        /// <summary>Opens a socket on a port lwIP picks, not tied to an interface (TFTP and other unicast exchanges).</summary>
        public static Esp32UdpSocket OpenEphemeral()
        {
            Socket socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Any, 0));
                return new Esp32UdpSocket(socket, null, ((IPEndPoint)socket.LocalEndPoint).Port);
            }
            catch
            {
                socket.Close();
                throw;
            }
        }

        /// <inheritdoc />
        public void Send(byte[] buffer, int offset, int count, uint address, int port)
        {
            if (_lastEndPoint == null || address != _lastAddress || port != _lastPort)
            {
                _lastEndPoint = new IPEndPoint(address == 0xFFFFFFFF ? IPAddress.Broadcast : new IPAddress(ToBytes(address)), port);
                _lastAddress = address;
                _lastPort = port;
            }

            _socket.SendTo(buffer, offset, count, SocketFlags.None, _lastEndPoint);
        }

        /// <inheritdoc />
        /// <remarks>A negative timeout waits for ever.</remarks>
        public int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds, out uint address, out int port)
        {
            address = 0;
            port = 0;
            int microseconds = timeoutMilliseconds < 0 ? -1
                : timeoutMilliseconds > MaxPollMilliseconds ? MaxPollMilliseconds * 1000
                : timeoutMilliseconds * 1000;
            if (!_socket.Poll(microseconds, SelectMode.SelectRead))
            {
                return -1;
            }

            EndPoint from = _anyRemote;
            int received;
            try
            {
                received = _socket.ReceiveFrom(buffer, offset, count, SocketFlags.None, ref from);
            }
            catch (SocketException e)
            {
                // Poll also reports a pending error as readable; the guard timeout then ends the read.
                if (e.ErrorCode == TimedOut)
                {
                    return -1;
                }

                throw;
            }

            IPEndPoint source = from as IPEndPoint;
            if (source != null)
            {
                byte[] bytes = source.Address.GetAddressBytes();
                if (bytes.Length == 4)
                {
                    address = ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
                }

                port = source.Port;
            }

            return received;
        }

        /// <summary>Closes the socket.</summary>
        public void Dispose()
        {
            _socket.Close();
        }

        /// <summary>Ties <paramref name="socket"/> to the first existing "prefixN"; returns that name, or null.</summary>
        private static string BindToFirstInterface(Socket socket, string prefix)
        {
            byte[] name = new byte[InterfaceNameSize];
            for (int i = 0; i < prefix.Length; i++)
            {
                name[i] = (byte)prefix[i];
            }

            for (int number = 0; number <= MaxInterfaceNumber; number++)
            {
                name[prefix.Length] = (byte)('0' + number);
                try
                {
                    socket.SetSocketOption(SocketOptionLevel.Socket, BindToDevice, name);
                    return prefix + number.ToString();
                }
                catch (SocketException)
                {
                    // ENODEV: lwIP has no interface of that name; try the next number.
                }
            }

            return null;
        }

        private static byte[] ToBytes(uint address)
        {
            return new byte[] { (byte)(address >> 24), (byte)(address >> 16), (byte)(address >> 8), (byte)address };
        }
    }
}
