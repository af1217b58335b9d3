using System;
using System.Threading;
using DeviceAgent.Hal;

namespace DeviceAgent.Dhcp
{
    /// <summary>Receives every action the client produced, after the runner has carried it out (for logging).</summary>
    public delegate void DhcpClientActionHandler(DhcpClientAction action);

    /// <summary>Receives a problem the runner met outside the client, e.g. a send the socket refused.</summary>
    public delegate void DhcpRunnerErrorHandler(string text);

    /// <summary>
    /// The host loop around a <see cref="DhcpClient"/>: sends through an <see cref="IUdpSocket"/>, applies leases
    /// through an <see cref="INetworkInterface"/>, reads time from an <see cref="IClock"/> and sleeps in the socket's
    /// receive timeout until the client's next timer. Runs on the caller's thread: call <see cref="Run"/> from the
    /// thread that should own DHCP and <see cref="Stop"/> from any other.
    /// </summary>
    public sealed class DhcpClientRunner
    {
        /// <summary>Longest single wait in the socket, so Stop and link changes are noticed within it.</summary>
        public const int PollMilliseconds = 500;

        private readonly DhcpClient _client;
        private readonly IUdpSocket _socket;
        private readonly INetworkInterface _network;
        private readonly IClock _clock;
        private readonly byte[] _receiveBuffer;
        private int _stop;
        private bool _linkUp;

        /// <summary>Creates the runner; the receive buffer is allocated once here.</summary>
        /// <param name="client">The state machine to drive.</param>
        /// <param name="socket">Bound to the DHCP client port (or a loopback port in tests).</param>
        /// <param name="network">Where leases are applied and the link state is read.</param>
        /// <param name="clock">Monotonic time.</param>
        /// <param name="receiveBufferSize">At least the client's option 57 value.</param>
        public DhcpClientRunner(DhcpClient client, IUdpSocket socket, INetworkInterface network, IClock clock, int receiveBufferSize)
        {
            if (client == null || socket == null || network == null || clock == null || receiveBufferSize < DhcpMessage.OptionsOffset)
            {
                throw new ArgumentException("client, socket, network and clock are required, and a buffer of at least 240 bytes");
            }

            _client = client;
            _socket = socket;
            _network = network;
            _clock = clock;
            _receiveBuffer = new byte[receiveBufferSize];
        }

        /// <summary>Raised for every action after it was carried out.</summary>
        public DhcpClientActionHandler ActionReported { get; set; }

        /// <summary>Raised when the socket or the interface failed.</summary>
        public DhcpRunnerErrorHandler ErrorReported { get; set; }

        /// <summary>The client being driven (state, lease, counters).</summary>
        public DhcpClient Client
        {
            get { return _client; }
        }

        /// <summary>Starts the client (INIT-REBOOT with <paramref name="previous"/>, else INIT) and carries out its first actions.</summary>
        public void Start(DhcpLease previous)
        {
            Interlocked.Exchange(ref _stop, 0);
            _linkUp = _network.IsLinkUp;
            _client.Start(_clock.MonotonicMilliseconds, previous);
            if (!_linkUp)
            {
                _client.LinkDown(_clock.MonotonicMilliseconds);
            }

            Drain();
        }

        /// <summary>Starts DHCPINFORM for a statically configured address instead of <see cref="Start"/>.</summary>
        public void StartInform(uint address)
        {
            Interlocked.Exchange(ref _stop, 0);
            _linkUp = _network.IsLinkUp;
            _client.Inform(_clock.MonotonicMilliseconds, address);
            Drain();
        }

        /// <summary>Asks <see cref="Run"/> to return; safe from any thread.</summary>
        public void Stop()
        {
            Interlocked.Exchange(ref _stop, 1);
        }

        /// <summary>Runs until <see cref="Stop"/> is called.</summary>
        public void Run()
        {
            while (!IsStopping())
            {
                RunOnce(PollMilliseconds);
            }
        }

        /// <summary>
        /// Runs until the client holds a lease or INFORM answer (true), <see cref="Stop"/> is called, or
        /// <paramref name="timeoutMilliseconds"/> pass (false).
        /// </summary>
        public bool RunUntilConfigured(long timeoutMilliseconds)
        {
            var deadline = _clock.MonotonicMilliseconds + timeoutMilliseconds;
            while (!IsStopping())
            {
                if (IsConfigured())
                {
                    return true;
                }

                var left = deadline - _clock.MonotonicMilliseconds;
                if (left <= 0)
                {
                    return false;
                }

                RunOnce(left < PollMilliseconds ? (int)left : PollMilliseconds);
            }

            return IsConfigured();
        }

        /// <summary>
        /// One turn of the loop: notices link changes, waits for a datagram no longer than the next timer or
        /// <paramref name="maxWaitMilliseconds"/>, hands it to the client, fires due timers and carries out the actions.
        /// </summary>
        public void RunOnce(int maxWaitMilliseconds)
        {
            var now = _clock.MonotonicMilliseconds;
            var linkUp = _network.IsLinkUp;
            if (linkUp != _linkUp)
            {
                _linkUp = linkUp;
                if (linkUp)
                {
                    _client.LinkUp(now);
                }
                else
                {
                    _client.LinkDown(now);
                }

                Drain();
            }

            var wait = _client.NextTimerAt - now;
            if (wait > maxWaitMilliseconds)
            {
                wait = maxWaitMilliseconds;
            }

            if (wait < 1)
            {
                wait = 1;
            }

            int received;
            try
            {
                received = _socket.Receive(_receiveBuffer, 0, _receiveBuffer.Length, (int)wait, out _, out _);
            }
            catch (Exception e)
            {
                Report("receive failed: " + e.Message);
                received = -1;
            }

            now = _clock.MonotonicMilliseconds;
            if (received > 0)
            {
                _client.Receive(_receiveBuffer, 0, received, now);
                Drain();
            }

            if (now >= _client.NextTimerAt)
            {
                _client.Timer(now);
                Drain();
            }
        }

        private bool IsStopping()
        {
            return Interlocked.CompareExchange(ref _stop, 0, 0) != 0;
        }

        private bool IsConfigured()
        {
            var state = _client.State;
            return state == DhcpClientState.Bound || state == DhcpClientState.Informed;
        }

        private void Drain()
        {
            for (var i = 0; i < _client.ActionCount; i++)
            {
                var action = _client.GetAction(i);
                try
                {
                    Carry(action);
                }
                catch (Exception e)
                {
                    Report(action.Kind == DhcpClientActionKind.Send ? "send to " + DhcpAddress.Format(action.Destination) + " failed: " + e.Message : "interface: " + e.Message);
                }

                var handler = ActionReported;
                if (handler != null)
                {
                    handler(action);
                }
            }

            _client.ClearActions();
        }

        private void Carry(DhcpClientAction action)
        {
            switch (action.Kind)
            {
                case DhcpClientActionKind.Send:
                    _socket.Send(action.Buffer, 0, action.Count, action.Destination, action.Port);
                    return;
                case DhcpClientActionKind.ApplyLease:
                    var lease = action.Lease;
                    if (!lease.IsInform)
                    {
                        _network.ApplyAddress(lease.Address, lease.SubnetMask, lease.Routers.Length > 0 ? lease.Routers[0] : DhcpAddress.None, lease.DnsServers);
                    }

                    return;
                case DhcpClientActionKind.LeaseLost:
                    _network.ClearAddress();
                    return;
            }
        }

        private void Report(string text)
        {
            var handler = ErrorReported;
            if (handler != null)
            {
                handler(text);
            }
        }
    }
}
