using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DeviceAgent.Dhcp;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ServerStub.Dhcp;

/// <summary>Counters of the DHCP server, for tests and GET /api/dhcp/stats.</summary>
public sealed class DhcpStatistics
{
    private long _received;
    private long _malformed;
    private long _replies;

    public long Received => Interlocked.Read(ref _received);

    /// <summary>Datagrams that are not well-formed DHCP messages (DhcpFormatException); they get no reply.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    public long Replies => Interlocked.Read(ref _replies);

    internal void CountReceived() => Interlocked.Increment(ref _received);

    internal void CountMalformed() => Interlocked.Increment(ref _malformed);

    internal void CountReply() => Interlocked.Increment(ref _replies);
}

/// <summary>
/// The UDP side of the DHCP server: one socket on the configured interface and/or one on the Listen endpoint, each
/// with a receive loop handing requests to <see cref="DhcpResponder"/>. Sockets are opened in <see cref="StartAsync"/>
/// on the calling thread, so a test that starts the server on a thread moved into a network namespace gets sockets
/// (and the interface address look-up) of that namespace.
/// </summary>
public sealed class DhcpServer : BackgroundService
{
    /// <summary>BOOTP server port (RFC 2131 §4.1), where relays listen for replies.</summary>
    public const int ServerPort = 67;

    /// <summary>BOOTP client port.</summary>
    public const int ClientPort = 68;

    private const int SolSocket = 1;
    private const int SoBindToDevice = 25;
    private const int MaxDatagram = 1500;

    private readonly DhcpServerOptions _options;
    private readonly DhcpStore _store;
    private readonly DhcpResponder _responder;
    private readonly ILogger _logger;
    private Socket _interfaceSocket;
    private Socket _listenSocket;

    public DhcpServer(DhcpServerOptions options, DhcpStore store, DhcpResponder responder, ILogger<DhcpServer> logger)
    {
        _options = options;
        _store = store;
        _responder = responder;
        _logger = logger;
    }

    public DhcpStatistics Statistics { get; } = new();

    /// <summary>The bound Listen endpoint (with the real port when 0 was configured), or null.</summary>
    public IPEndPoint ListenEndPoint => (IPEndPoint)_listenSocket?.LocalEndPoint;

    /// <summary>Option 54 on the interface socket: the configured identifier or the interface's IPv4 address.</summary>
    public uint InterfaceIdentifier { get; private set; }

    /// <summary>Option 54 on the Listen socket.</summary>
    public uint ListenIdentifier { get; private set; }

    /// <summary>Writes the configured pools into dhcp_pools and opens the sockets; throws when a socket cannot be opened.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var pool in _options.Pools)
        {
            _store.PutPool(pool);
        }

        OpenSockets(_options.Listen);
        return base.StartAsync(cancellationToken);
    }

    /// <summary>
    /// Opens the configured sockets without serving (StartAsync calls it; the forcerenew CLI calls it alone, with an
    /// ephemeral <paramref name="listen"/> endpoint so as not to collide with a running server).
    /// </summary>
    public void OpenSockets(IPEndPoint listen)
    {
        if (_options.Interface != null)
        {
            InterfaceIdentifier = _options.ServerIdentifier != 0 ? _options.ServerIdentifier : InterfaceAddress(_options.Interface);
            _interfaceSocket = OpenInterfaceSocket(_options.Interface, _options.Port);
            _logger.LogInformation("DHCP server on {Interface} port {Port}, server identifier {Id}", _options.Interface, _options.Port, DhcpAddress.Format(InterfaceIdentifier));
        }

        if (listen != null)
        {
            _listenSocket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            _listenSocket.Bind(listen);
            ListenIdentifier = _options.ServerIdentifier != 0 ? _options.ServerIdentifier : DhcpAddress.Read(listen.Address.GetAddressBytes(), 0);
            _logger.LogInformation("DHCP server on {EndPoint} (replies to the sender)", ListenEndPoint);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        CloseSockets();
    }

    public override void Dispose()
    {
        CloseSockets();
        base.Dispose();
    }

    /// <summary>
    /// Builds a signed FORCERENEW for the phone's bound lease and sends it through the socket the lease was served on.
    /// Null when the phone has no bound lease with a reconfigure key; Sent false when no open socket reaches it.
    /// </summary>
    public (DhcpForceRenewMessage Message, bool Sent) ForceRenew(DhcpReconfigureKeys keys, string mac, DhcpForceRenewFault fault)
    {
        var lease = _store.FindBoundLease(mac);
        if (lease == null)
        {
            return (null, false);
        }

        var message = keys.BuildForceRenew(mac, lease.ReplyEndpoint != null ? ListenIdentifier : InterfaceIdentifier, fault);
        return message == null ? (null, false) : (message, SendToClient(message.Lease, message.Message));
    }

    /// <summary>
    /// Sends a server-initiated message (FORCERENEW) to a lease holder: to the endpoint it used on the Listen socket,
    /// else unicast to its address, port 68, on the interface. False when no open socket can reach it.
    /// </summary>
    public bool SendToClient(DhcpLease lease, byte[] message)
    {
        if (lease.ReplyEndpoint != null && _listenSocket != null && IPEndPoint.TryParse(lease.ReplyEndpoint, out var endPoint))
        {
            _listenSocket.SendTo(message, endPoint);
            return true;
        }

        if (lease.ReplyEndpoint == null && _interfaceSocket != null)
        {
            _interfaceSocket.SendTo(message, new IPEndPoint(ToIPAddress(lease.Address), ClientPort));
            return true;
        }

        return false;
    }

    /// <summary>A UDP socket on 0.0.0.0:port bound to one interface, allowed to broadcast; SO_REUSEADDR so the CLI can send from port 67 too.</summary>
    public static Socket OpenInterfaceSocket(string interfaceName, int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.EnableBroadcast = true;
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.SetRawSocketOption(SolSocket, SoBindToDevice, Encoding.ASCII.GetBytes(interfaceName + "\0"));
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static IPAddress ToIPAddress(uint address)
    {
        var bytes = new byte[4];
        DhcpAddress.Write(address, bytes, 0);
        return new IPAddress(bytes);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = new List<Task>();
        if (_interfaceSocket != null)
        {
            loops.Add(ReceiveLoop(_interfaceSocket, false, stoppingToken));
        }

        if (_listenSocket != null)
        {
            loops.Add(ReceiveLoop(_listenSocket, true, stoppingToken));
        }

        return Task.WhenAll(loops);
    }

    private async Task ReceiveLoop(Socket socket, bool toSender, CancellationToken stoppingToken)
    {
        var buffer = new byte[MaxDatagram];
        var identifier = toSender ? ListenIdentifier : InterfaceIdentifier;
        while (!stoppingToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                continue;
            }

            Statistics.CountReceived();
            var sender = (IPEndPoint)received.RemoteEndPoint;
            DhcpReply reply;
            try
            {
                var request = DhcpMessage.Read(buffer, 0, received.ReceivedBytes);
                reply = _responder.Handle(request, identifier, toSender ? sender.ToString() : null);
            }
            catch (DhcpFormatException e)
            {
                Statistics.CountMalformed();
                _logger.LogInformation("DHCP: ignored malformed datagram from {Sender}: {Reason}", sender, e.Message);
                continue;
            }

            if (reply == null)
            {
                continue;
            }

            var destination = toSender ? sender : reply.Route switch
            {
                DhcpReplyRoute.Relay => new IPEndPoint(ToIPAddress(reply.Destination), ServerPort),
                DhcpReplyRoute.ClientAddress => new IPEndPoint(ToIPAddress(reply.Destination), ClientPort),
                _ => new IPEndPoint(IPAddress.Broadcast, ClientPort),
            };
            try
            {
                await socket.SendToAsync(reply.Message, SocketFlags.None, destination, stoppingToken);
                Statistics.CountReply();
            }
            catch (SocketException e)
            {
                _logger.LogWarning("DHCP: sending {Type} to {Destination} failed: {Error}", reply.Type, destination, e.SocketErrorCode);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void CloseSockets()
    {
        _interfaceSocket?.Dispose();
        _listenSocket?.Dispose();
    }

    private static uint InterfaceAddress(string name)
    {
        var nic = NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == name)
            ?? throw new InvalidOperationException(DhcpServerOptions.Section + ":Interface: no interface named " + name);
        var address = nic.GetIPProperties().UnicastAddresses.Select(u => u.Address).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? throw new InvalidOperationException("interface " + name + " has no IPv4 address; set " + DhcpServerOptions.Section + ":ServerIdentifier");
        return DhcpAddress.Read(address.GetAddressBytes(), 0);
    }
}
