using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using DeviceAgent.Dhcp;

namespace DeviceAgent.Tests.Dhcp;

/// <summary>
/// Desktop only: a <see cref="DhcpFakeServer"/> answering on 127.0.0.1 from its own thread, for the runner and the
/// <c>phone dhcp --loopback</c> tests. Replies go back to the sender's endpoint; FORCERENEW goes to the last client seen.
/// </summary>
internal sealed class LoopbackDhcpServer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Thread _thread;
    private volatile bool _stop;
    private EndPoint _lastClient;

    public LoopbackDhcpServer(DhcpFakeServer server)
    {
        Server = server;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _thread = new Thread(Serve) { IsBackground = true, Name = "loopback dhcp server" };
        _thread.Start();
    }

    public DhcpFakeServer Server { get; }

    public int Port => ((IPEndPoint)_socket.LocalEndPoint).Port;

    /// <summary>When false the server stays silent (no-answer tests).</summary>
    public volatile bool Answering = true;

    public int Received;

    public void SendForceRenew(uint clientAddress, ulong counter, byte[] key)
    {
        var message = Server.ForceRenew(clientAddress, counter, key);
        _socket.SendTo(message, _lastClient);
    }

    public void Dispose()
    {
        _stop = true;
        _socket.Dispose();
        _thread.Join(2000);
    }

    private void Serve()
    {
        var buffer = new byte[1500];
        while (!_stop)
        {
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            int count;
            try
            {
                count = _socket.ReceiveFrom(buffer, ref from);
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref Received);
            _lastClient = from;
            if (!Answering)
            {
                continue;
            }

            var request = DhcpMessage.Read((byte[])buffer.Clone(), 0, count);
            byte[] reply = request.MessageType switch
            {
                DhcpMessageType.Discover => Server.Offer(request),
                DhcpMessageType.Request or DhcpMessageType.Inform => Server.Ack(request),
                _ => null,
            };
            if (reply != null)
            {
                _socket.SendTo(reply, from);
            }
        }
    }
}
