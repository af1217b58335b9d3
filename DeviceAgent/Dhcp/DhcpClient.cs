using System;

namespace DeviceAgent.Dhcp
{
    /// <summary>States of RFC 2131 §4.4 figure 5, plus the idle and DHCPINFORM states of this client.</summary>
    public enum DhcpClientState
    {
        /// <summary>Not started, or stopped by <see cref="DhcpClient.Release"/>.</summary>
        Idle = 0,

        /// <summary>No lease; a DHCPDISCOVER is due (at once, after a DECLINE's 10 s, or when the link comes up).</summary>
        Init = 1,

        /// <summary>DHCPDISCOVER sent, waiting for an offer.</summary>
        Selecting = 2,

        /// <summary>DHCPREQUEST for the selected offer sent, waiting for the ACK.</summary>
        Requesting = 3,

        /// <summary>Holding a lease until T1.</summary>
        Bound = 4,

        /// <summary>Past T1: renewing by unicast with the leasing server.</summary>
        Renewing = 5,

        /// <summary>Past T2: rebinding by broadcast with any server.</summary>
        Rebinding = 6,

        /// <summary>Starting from a stored lease; passes at once to <see cref="Rebooting"/> when the request goes out.</summary>
        InitReboot = 7,

        /// <summary>DHCPREQUEST for a known address sent (INIT-REBOOT), waiting for ACK or NAK.</summary>
        Rebooting = 8,

        /// <summary>DHCPINFORM sent for a static address, waiting for the ACK.</summary>
        Informing = 9,

        /// <summary>Parameters for a static address received; nothing more to do.</summary>
        Informed = 10,
    }

    /// <summary>
    /// A DHCP client (RFC 2131 §4.4) as a sans-I/O state machine: the host feeds it events (start, received bytes,
    /// timer, link changes, release, decline, inform) with the current monotonic time in milliseconds, then carries out
    /// the queued actions (send, apply lease, lease lost, event, provisioning options changed) and calls
    /// <see cref="Timer"/> no later than <see cref="NextTimerAt"/>. No sockets, threads or clock reads; randomness
    /// (xid, retransmission jitter) comes from the injected <see cref="Random"/>, so a seed replays a run exactly.
    /// Malformed input is counted and dropped, never thrown.
    /// </summary>
    /// <remarks>
    /// Not thread-safe: one host loop drives it. Allocation happens per message sent or lease built, not per
    /// timer tick.
    /// </remarks>
    public sealed class DhcpClient
    {
        /// <summary>UDP port of DHCP servers (RFC 2131 §4.1).</summary>
        public const int ServerPort = 67;

        /// <summary>UDP port of DHCP clients (RFC 2131 §4.1).</summary>
        public const int ClientPort = 68;

        /// <summary>First retransmission delay, doubled up to <see cref="MaxRetransmitMilliseconds"/> (RFC 2131 §4.1).</summary>
        public const int FirstRetransmitMilliseconds = 4000;

        /// <summary>Longest retransmission delay in the initial states (RFC 2131 §4.1: 64 s).</summary>
        public const int MaxRetransmitMilliseconds = 64000;

        /// <summary>Randomization of each retransmission delay, ± this (RFC 2131 §4.1: uniform -1 to +1 s).</summary>
        public const int JitterMilliseconds = 1000;

        /// <summary>Transmissions of a REQUEST (SELECTING, INIT-REBOOT) before giving up: waits of 4, 8, 16, 32, 64 s.</summary>
        public const int MaxRequestTransmissions = 5;

        /// <summary>Shortest retransmission interval in RENEWING and REBINDING (RFC 2131 §4.4.5).</summary>
        public const int MinRenewRetransmitMilliseconds = 60000;

        /// <summary>Wait after a DHCPDECLINE before a new DISCOVER (RFC 2131 §3.1.5: at least ten seconds).</summary>
        public const int DeclineWaitMilliseconds = 10000;

        private readonly byte[] _mac;
        private readonly DhcpClientOptions _options;
        private readonly Random _random;
        private readonly byte[] _clientId;
        private readonly byte[] _vendorClass;
        private DhcpClientAction[] _actions = new DhcpClientAction[8];
        private int _actionCount;

        private DhcpClientState _state;
        private bool _linkUp = true;
        private uint _xid;
        private long _exchangeStart;
        private long _firstSentAt;
        private long _retransmitAt = long.MaxValue;
        private int _transmissions;
        private uint _offeredAddress;
        private uint _selectedServer;
        private uint _informAddress;
        private DhcpLease _lease;
        private bool _leaseApplied;

        /// <summary>Creates an idle client; call <see cref="Start"/>.</summary>
        /// <param name="hardwareAddress">chaddr: the interface's MAC (6 bytes for Ethernet/Wi-Fi).</param>
        /// <param name="options">Identification; null for the defaults.</param>
        /// <param name="random">Source of xids and jitter; seed it in tests.</param>
        /// <exception cref="ArgumentException">The hardware address is null, empty or longer than 16 bytes, or random is null.</exception>
        public DhcpClient(byte[] hardwareAddress, DhcpClientOptions options, Random random)
        {
            if (hardwareAddress == null || hardwareAddress.Length == 0 || hardwareAddress.Length > 16 || random == null)
            {
                throw new ArgumentException("a 1 to 16 byte hardware address and a random source are required");
            }

            _mac = (byte[])hardwareAddress.Clone();
            _options = options == null ? new DhcpClientOptions() : options;
            _random = random;
            _clientId = _options.ClientIdentifier;
            if (_clientId == null)
            {
                _clientId = new byte[_mac.Length + 1];
                _clientId[0] = DhcpMessage.HardwareTypeEthernet;
                Array.Copy(_mac, 0, _clientId, 1, _mac.Length);
            }

            _vendorClass = _options.VendorClassIdentifier == null ? null : DhcpText.Encode(_options.VendorClassIdentifier);
            for (var i = 0; i < _actions.Length; i++)
            {
                _actions[i] = new DhcpClientAction();
            }
        }

        /// <summary>The current state.</summary>
        public DhcpClientState State
        {
            get { return _state; }
        }

        /// <summary>The lease in use (BOUND, RENEWING, REBINDING, or INIT-REBOOT's candidate), or the INFORM answer; else null.</summary>
        public DhcpLease Lease
        {
            get { return _lease; }
        }

        /// <summary>The transaction id of the exchange in progress.</summary>
        public uint TransactionId
        {
            get { return _xid; }
        }

        /// <summary>Monotonic milliseconds by which <see cref="Timer"/> must be called; long.MaxValue when nothing is due.</summary>
        public long NextTimerAt
        {
            get
            {
                if (!_linkUp)
                {
                    return _leaseApplied ? _lease.ExpiresAt : long.MaxValue;
                }

                switch (_state)
                {
                    case DhcpClientState.Idle:
                    case DhcpClientState.Informed:
                        return long.MaxValue;
                    case DhcpClientState.Bound:
                        return _lease.RenewAt;
                    case DhcpClientState.Renewing:
                        return Min(_retransmitAt, _lease.RebindAt);
                    case DhcpClientState.Rebinding:
                        return Min(_retransmitAt, _lease.ExpiresAt);
                    case DhcpClientState.Rebooting:
                        return _leaseApplied ? Min(_retransmitAt, _lease.ExpiresAt) : _retransmitAt;
                    default:
                        return _retransmitAt;
                }
            }
        }

        /// <summary>Messages dropped because the codec rejected them (DhcpFormatException).</summary>
        public int MalformedCount { get; private set; }

        /// <summary>Well-formed messages ignored: not for us, not this exchange, not from the selected server, or unexpected.</summary>
        public int IgnoredCount { get; private set; }

        /// <summary>Authenticated FORCERENEWs acted upon.</summary>
        public int ForceRenewAcceptedCount { get; private set; }

        /// <summary>FORCERENEWs without a usable option 90 (missing, other protocol, malformed, or no key held).</summary>
        public int ForceRenewUnauthenticatedCount { get; private set; }

        /// <summary>FORCERENEWs whose HMAC-MD5 did not match the reconfigure key.</summary>
        public int ForceRenewBadDigestCount { get; private set; }

        /// <summary>FORCERENEWs whose replay counter was not newer than the last accepted.</summary>
        public int ForceRenewReplayedCount { get; private set; }

        /// <summary>Number of actions queued since the last <see cref="ClearActions"/>.</summary>
        public int ActionCount
        {
            get { return _actionCount; }
        }

        /// <summary>The queued action at <paramref name="index"/> (0 = oldest); valid until the next call into the client.</summary>
        public DhcpClientAction GetAction(int index)
        {
            if (index < 0 || index >= _actionCount)
            {
                throw new ArgumentOutOfRangeException("index");
            }

            return _actions[index];
        }

        /// <summary>Empties the action queue; the host calls it after carrying the actions out.</summary>
        public void ClearActions()
        {
            for (var i = 0; i < _actionCount; i++)
            {
                _actions[i].Set(DhcpClientActionKind.Event);
            }

            _actionCount = 0;
        }

        /// <summary>
        /// Starts the client: with a stored lease it verifies it (INIT-REBOOT, RFC 2131 §3.2), otherwise it discovers
        /// (INIT, §3.1). The stored lease is not applied until the server acknowledges it.
        /// </summary>
        public void Start(long now, DhcpLease previous)
        {
            _linkUp = true;
            _lease = null;
            _leaseApplied = false;
            if (previous != null && !previous.IsInform && previous.Address != DhcpAddress.None)
            {
                _lease = previous;
                ChangeState(DhcpClientState.InitReboot, "stored lease " + DhcpAddress.Format(previous.Address));
                BeginReboot(now);
                return;
            }

            BeginDiscover(now);
        }

        /// <summary>A datagram arrived on the client port.</summary>
        public void Receive(byte[] buffer, int offset, int count, long now)
        {
            DhcpMessage message;
            try
            {
                message = DhcpMessage.Read(buffer, offset, count);
                if (message.Op != DhcpMessage.BootReply || !message.ClientHardwareAddressEquals(_mac))
                {
                    Ignore("not a reply for our chaddr");
                    return;
                }

                var type = message.MessageType;
                if (type == DhcpMessageType.ForceRenew)
                {
                    HandleForceRenew(message, now);
                    return;
                }

                if (message.TransactionId != _xid)
                {
                    Ignore("xid " + message.TransactionId.ToString("x8") + " is not ours");
                    return;
                }

                switch (_state)
                {
                    case DhcpClientState.Selecting:
                        if (type == DhcpMessageType.Offer)
                        {
                            HandleOffer(message, now);
                            return;
                        }

                        break;
                    case DhcpClientState.Requesting:
                    case DhcpClientState.Rebooting:
                    case DhcpClientState.Renewing:
                    case DhcpClientState.Rebinding:
                        if (type == DhcpMessageType.Ack)
                        {
                            HandleAck(message, now);
                            return;
                        }

                        if (type == DhcpMessageType.Nak)
                        {
                            HandleNak(message, now);
                            return;
                        }

                        break;
                    case DhcpClientState.Informing:
                        if (type == DhcpMessageType.Ack)
                        {
                            HandleInformAck(message);
                            return;
                        }

                        break;
                }

                Ignore("message type " + ((int)type).ToString() + " in " + StateName(_state));
            }
            catch (DhcpFormatException e)
            {
                MalformedCount++;
                AddEvent(DhcpClientEventKind.Malformed, e.Message);
            }
        }

        /// <summary>Time has reached <see cref="NextTimerAt"/> (calling earlier does nothing).</summary>
        public void Timer(long now)
        {
            // A late call may owe several steps (T1, T2 and expiry together): take them in order, boundedly.
            for (var step = 0; step < 4 && now >= NextTimerAt; step++)
            {
                Step(now);
            }
        }

        /// <summary>The link went down: stop sending; a held lease still expires on time.</summary>
        public void LinkDown(long now)
        {
            _linkUp = false;
            _retransmitAt = long.MaxValue;
            if (!_leaseApplied && _state != DhcpClientState.Idle && _state != DhcpClientState.Informing && _state != DhcpClientState.Informed)
            {
                _lease = null;
                ChangeState(DhcpClientState.Init, "link down");
            }
        }

        /// <summary>
        /// The link came back: a held lease is verified by INIT-REBOOT (the phone may have moved, RFC 2131 §3.2),
        /// otherwise discovery restarts.
        /// </summary>
        public void LinkUp(long now)
        {
            if (_linkUp)
            {
                return;
            }

            _linkUp = true;
            if (_leaseApplied)
            {
                if (now < _lease.ExpiresAt)
                {
                    ChangeState(DhcpClientState.InitReboot, "link up with a lease");
                    BeginReboot(now);
                    return;
                }

                Expire();
            }

            switch (_state)
            {
                case DhcpClientState.Idle:
                case DhcpClientState.Informed:
                    return;
                case DhcpClientState.Informing:
                    BeginInform(now, _informAddress);
                    return;
                default:
                    BeginDiscover(now);
                    return;
            }
        }

        /// <summary>Gives the lease back (DHCPRELEASE, RFC 2131 §4.4.6) and stops until the next <see cref="Start"/>.</summary>
        public void Release(long now)
        {
            if (_leaseApplied)
            {
                NewTransaction(now);
                var writer = DhcpMessageWriter.Release(_xid, _mac, _lease.Address, _lease.ServerIdentifier);
                writer.AddBytes(DhcpOptionCode.ClientId, _clientId);
                Send(writer, _lease.ServerIdentifier, "DHCPRELEASE " + DhcpAddress.Format(_lease.Address));
                LoseLease();
            }

            _lease = null;
            _retransmitAt = long.MaxValue;
            ChangeState(DhcpClientState.Idle, "released");
        }

        /// <summary>
        /// The leased address is in use by another host (e.g. ARP probe answered): DHCPDECLINE, drop the lease, and
        /// discover again after ten seconds (RFC 2131 §3.1.5, §4.4.1).
        /// </summary>
        public void Decline(long now)
        {
            if (_lease == null || _lease.IsInform)
            {
                return;
            }

            NewTransaction(now);
            var writer = DhcpMessageWriter.Decline(_xid, _mac, _lease.Address, _lease.ServerIdentifier);
            writer.AddBytes(DhcpOptionCode.ClientId, _clientId);
            Send(writer, DhcpAddress.Broadcast, "DHCPDECLINE " + DhcpAddress.Format(_lease.Address));
            if (_leaseApplied)
            {
                LoseLease();
            }

            _lease = null;
            ChangeState(DhcpClientState.Init, "declined, discovering again in 10 s");
            _retransmitAt = now + DeclineWaitMilliseconds;
        }

        /// <summary>
        /// The address is configured statically: ask only for parameters with DHCPINFORM (RFC 2131 §3.4); the answer
        /// comes as an ApplyLease action whose lease has <see cref="DhcpLease.IsInform"/> set.
        /// </summary>
        public void Inform(long now, uint address)
        {
            _lease = null;
            _leaseApplied = false;
            _linkUp = true;
            BeginInform(now, address);
        }

        /// <summary>Name of a state as RFC 2131 writes it, e.g. "INIT-REBOOT".</summary>
        public static string StateName(DhcpClientState state)
        {
            switch (state)
            {
                case DhcpClientState.Idle: return "IDLE";
                case DhcpClientState.Init: return "INIT";
                case DhcpClientState.Selecting: return "SELECTING";
                case DhcpClientState.Requesting: return "REQUESTING";
                case DhcpClientState.Bound: return "BOUND";
                case DhcpClientState.Renewing: return "RENEWING";
                case DhcpClientState.Rebinding: return "REBINDING";
                case DhcpClientState.InitReboot: return "INIT-REBOOT";
                case DhcpClientState.Rebooting: return "REBOOTING";
                case DhcpClientState.Informing: return "INFORMING";
                default: return "INFORMED";
            }
        }

        private void Step(long now)
        {
            if (!_linkUp)
            {
                Expire();
                return;
            }

            switch (_state)
            {
                case DhcpClientState.Init:
                    BeginDiscover(now);
                    return;
                case DhcpClientState.Selecting:
                case DhcpClientState.Informing:
                    // Discovery and INFORM keep trying at the 64 s ceiling; the host decides when to give up.
                    Transmit(now);
                    return;
                case DhcpClientState.Requesting:
                    if (_transmissions >= MaxRequestTransmissions)
                    {
                        AddEvent(DhcpClientEventKind.GaveUp, "no answer to DHCPREQUEST for " + DhcpAddress.Format(_offeredAddress));
                        BeginDiscover(now);
                        return;
                    }

                    Transmit(now);
                    return;
                case DhcpClientState.Rebooting:
                    if (_leaseApplied && now >= _lease.ExpiresAt)
                    {
                        Expire();
                        BeginDiscover(now);
                        return;
                    }

                    if (_transmissions >= MaxRequestTransmissions)
                    {
                        AddEvent(DhcpClientEventKind.GaveUp, "no answer to INIT-REBOOT for " + DhcpAddress.Format(_lease.Address));
                        if (_leaseApplied)
                        {
                            // RFC 2131 §3.2: with no answer the client may keep the unexpired lease.
                            _retransmitAt = long.MaxValue;
                            ChangeState(DhcpClientState.Bound, "keeping the unexpired lease");
                            return;
                        }

                        _lease = null;
                        BeginDiscover(now);
                        return;
                    }

                    Transmit(now);
                    return;
                case DhcpClientState.Bound:
                    BeginRenew(now, DhcpClientState.Renewing, "T1");
                    return;
                case DhcpClientState.Renewing:
                    if (now >= _lease.RebindAt)
                    {
                        BeginRenew(now, DhcpClientState.Rebinding, "T2");
                        return;
                    }

                    Transmit(now);
                    return;
                case DhcpClientState.Rebinding:
                    if (now >= _lease.ExpiresAt)
                    {
                        Expire();
                        BeginDiscover(now);
                        return;
                    }

                    Transmit(now);
                    return;
            }
        }

        private void BeginDiscover(long now)
        {
            NewTransaction(now);
            ChangeState(DhcpClientState.Selecting, "discovering");
            Transmit(now);
        }

        private void BeginReboot(long now)
        {
            NewTransaction(now);
            ChangeState(DhcpClientState.Rebooting, "requesting " + DhcpAddress.Format(_lease.Address));
            Transmit(now);
        }

        private void BeginRenew(long now, DhcpClientState state, string why)
        {
            NewTransaction(now);
            ChangeState(state, why);
            Transmit(now);
        }

        private void BeginInform(long now, uint address)
        {
            _informAddress = address;
            NewTransaction(now);
            ChangeState(DhcpClientState.Informing, "informing for " + DhcpAddress.Format(address));
            Transmit(now);
        }

        private void NewTransaction(long now)
        {
            _xid = ((uint)_random.Next() << 1) ^ (uint)_random.Next();
            _exchangeStart = now;
            _transmissions = 0;
        }

        /// <summary>Sends (or resends) the message of the current state and schedules the retransmission.</summary>
        private void Transmit(long now)
        {
            DhcpMessageWriter writer;
            uint destination = DhcpAddress.Broadcast;
            string text;
            var broadcastFlag = _options.RequestBroadcastReplies;
            switch (_state)
            {
                case DhcpClientState.Selecting:
                    writer = DhcpMessageWriter.Discover(_xid, _mac);
                    text = "DHCPDISCOVER";
                    break;
                case DhcpClientState.Requesting:
                    writer = DhcpMessageWriter.Request(_xid, _mac, _offeredAddress, _selectedServer);
                    text = "DHCPREQUEST " + DhcpAddress.Format(_offeredAddress) + " from " + DhcpAddress.Format(_selectedServer);
                    break;
                case DhcpClientState.Rebooting:
                    writer = DhcpMessageWriter.Request(_xid, _mac, _lease.Address, DhcpAddress.None);
                    text = "DHCPREQUEST " + DhcpAddress.Format(_lease.Address) + " (INIT-REBOOT)";
                    break;
                case DhcpClientState.Renewing:
                    writer = DhcpMessageWriter.Renew(_xid, _mac, _lease.Address);
                    destination = _lease.ServerIdentifier;
                    broadcastFlag = false;
                    text = "DHCPREQUEST renew " + DhcpAddress.Format(_lease.Address) + " to " + DhcpAddress.Format(destination);
                    break;
                case DhcpClientState.Rebinding:
                    writer = DhcpMessageWriter.Renew(_xid, _mac, _lease.Address);
                    broadcastFlag = false;
                    text = "DHCPREQUEST rebind " + DhcpAddress.Format(_lease.Address);
                    break;
                default:
                    writer = DhcpMessageWriter.Inform(_xid, _mac, _informAddress);
                    broadcastFlag = false;
                    text = "DHCPINFORM " + DhcpAddress.Format(_informAddress);
                    break;
            }

            if (broadcastFlag)
            {
                writer.Flags = DhcpMessage.BroadcastFlag;
            }

            var seconds = (now - _exchangeStart) / 1000;
            writer.Seconds = (ushort)(seconds > 0xFFFF ? 0xFFFF : seconds);
            writer.AddBytes(DhcpOptionCode.ClientId, _clientId);
            writer.AddUInt16(DhcpOptionCode.MaxMessageSize, _options.MaxMessageSize);
            if (_vendorClass != null)
            {
                writer.AddBytes(DhcpOptionCode.VendorClassId, _vendorClass);
            }

            // RFC 6704 §4: tell the server we can check an HMAC-MD5 FORCERENEW, so it sends the reconfigure key.
            writer.AddByte(DhcpOptionCode.ForceRenewNonceCapable, DhcpAuthentication.AlgorithmHmacMd5);
            if (_transmissions == 0)
            {
                _firstSentAt = now;
            }

            _transmissions++;
            if (_transmissions > 1)
            {
                text += " (retransmission " + (_transmissions - 1).ToString() + ")";
            }

            Send(writer, destination, text);
            _retransmitAt = now + RetransmitDelay(now);
        }

        /// <summary>
        /// RFC 2131 §4.1: 4, 8, 16, 32, 64 s ± 1 s in the initial states; §4.4.5: half the time left to T2 (RENEWING)
        /// or to expiry (REBINDING), but at least 60 s.
        /// </summary>
        private long RetransmitDelay(long now)
        {
            if (_state == DhcpClientState.Renewing || _state == DhcpClientState.Rebinding)
            {
                var end = _state == DhcpClientState.Renewing ? _lease.RebindAt : _lease.ExpiresAt;
                var half = (end - now) / 2;
                return half < MinRenewRetransmitMilliseconds ? MinRenewRetransmitMilliseconds : half;
            }

            long delay = FirstRetransmitMilliseconds;
            for (var i = 1; i < _transmissions && delay < MaxRetransmitMilliseconds; i++)
            {
                delay *= 2;
            }

            return delay + _random.Next(2 * JitterMilliseconds + 1) - JitterMilliseconds;
        }

        private void HandleOffer(DhcpMessage offer, long now)
        {
            if (offer.YourAddress == DhcpAddress.None || !offer.TryGetAddress(DhcpOptionCode.ServerIdentifier, out var server))
            {
                Ignore("offer without yiaddr or server identifier");
                return;
            }

            // Check the options the lease will be built from now, so a malformed offer is dropped before it is
            // requested; lease times are left to the ACK, which is where RFC 2131 §4.4.1 takes them from.
            offer.TryGetAddress(DhcpOptionCode.SubnetMask, out _);
            offer.GetAddresses(DhcpOptionCode.Router);
            offer.GetAddresses(DhcpOptionCode.DomainNameServer);
            DhcpVoipOptions.FromMessage(offer, _options.EnterpriseNumber);
            _offeredAddress = offer.YourAddress;
            _selectedServer = server;
            _transmissions = 0;
            ChangeState(DhcpClientState.Requesting, "offer " + DhcpAddress.Format(_offeredAddress) + " from " + DhcpAddress.Format(server));
            Transmit(now);
        }

        private void HandleAck(DhcpMessage ack, long now)
        {
            ack.TryGetAddress(DhcpOptionCode.ServerIdentifier, out var server);
            if (_state == DhcpClientState.Requesting && server != _selectedServer)
            {
                Ignore("ACK from " + DhcpAddress.Format(server) + ", not the selected server");
                return;
            }

            // RFC 2131 §4.4.1: the lease runs from when the (first copy of the) acknowledged request was sent.
            var lease = DhcpLease.FromMessage(ack, _firstSentAt, _options.EnterpriseNumber);
            if (lease.IsInform)
            {
                Ignore("ACK without yiaddr");
                return;
            }

            var previous = _leaseApplied ? _lease : null;
            if (previous != null && previous.ReconfigureKey != null && previous.ServerIdentifier == lease.ServerIdentifier)
            {
                // A renewal ACK without option 90 keeps the key; one repeating the same key must not lower the
                // replay counter, or an old FORCERENEW could be replayed after it.
                if (lease.ReconfigureKey == null)
                {
                    lease.ReconfigureKey = previous.ReconfigureKey;
                }

                if (Bytes.Equal(lease.ReconfigureKey, previous.ReconfigureKey) && previous.ReplayDetection > lease.ReplayDetection)
                {
                    lease.ReplayDetection = previous.ReplayDetection;
                }
            }

            _lease = lease;
            _leaseApplied = true;
            _retransmitAt = long.MaxValue;
            ChangeState(DhcpClientState.Bound, DhcpAddress.Format(lease.Address) + " for " + lease.LeaseSeconds.ToString() + " s");
            AddEvent(DhcpClientEventKind.Bound, "lease " + DhcpAddress.Format(lease.Address) + " from " + DhcpAddress.Format(lease.ServerIdentifier)
                + ", T1 " + lease.RenewalSeconds.ToString() + " s, T2 " + lease.RebindingSeconds.ToString() + " s, lease " + lease.LeaseSeconds.ToString() + " s");
            Add(DhcpClientActionKind.ApplyLease).Lease = lease;
            if (previous != null && !previous.ProvisioningEquals(lease))
            {
                Add(DhcpClientActionKind.ProvisioningOptionsChanged).Lease = lease;
            }
        }

        private void HandleNak(DhcpMessage nak, long now)
        {
            nak.TryGetAddress(DhcpOptionCode.ServerIdentifier, out var server);
            if (_state == DhcpClientState.Requesting && server != _selectedServer)
            {
                Ignore("NAK from " + DhcpAddress.Format(server) + ", not the selected server");
                return;
            }

            var reason = nak.GetText(DhcpOptionCode.Message);
            AddEvent(DhcpClientEventKind.Nak, "DHCPNAK from " + DhcpAddress.Format(server) + (reason == null ? string.Empty : ": " + reason));
            if (_leaseApplied)
            {
                LoseLease();
            }

            _lease = null;
            ChangeState(DhcpClientState.Init, "NAK");
            BeginDiscover(now);
        }

        private void HandleInformAck(DhcpMessage ack)
        {
            var lease = DhcpLease.FromMessage(ack, _firstSentAt, _options.EnterpriseNumber);
            var previous = _lease;
            _lease = lease;
            _retransmitAt = long.MaxValue;
            ChangeState(DhcpClientState.Informed, "parameters for " + DhcpAddress.Format(lease.Address));
            Add(DhcpClientActionKind.ApplyLease).Lease = lease;
            if (previous != null && !previous.ProvisioningEquals(lease))
            {
                Add(DhcpClientActionKind.ProvisioningOptionsChanged).Lease = lease;
            }
        }

        /// <summary>RFC 3203 with RFC 6704 §3: only an authenticated, newer FORCERENEW in BOUND makes the client renew.</summary>
        private void HandleForceRenew(DhcpMessage message, long now)
        {
            if (_state != DhcpClientState.Bound || !_leaseApplied)
            {
                Ignore("FORCERENEW in " + StateName(_state));
                return;
            }

            var result = DhcpAuthentication.Verify(message, _lease.ReconfigureKey, _lease.ReplayDetection, out var counter);
            switch (result)
            {
                case DhcpAuthenticationResult.Valid:
                    _lease.ReplayDetection = counter;
                    ForceRenewAcceptedCount++;
                    AddEvent(DhcpClientEventKind.ForceRenewAccepted, "authenticated FORCERENEW, replay counter " + counter.ToString());
                    BeginRenew(now, DhcpClientState.Renewing, "FORCERENEW");
                    return;
                case DhcpAuthenticationResult.BadDigest:
                    ForceRenewBadDigestCount++;
                    AddEvent(DhcpClientEventKind.ForceRenewRejected, "FORCERENEW with a bad HMAC-MD5 digest ignored");
                    return;
                case DhcpAuthenticationResult.Replayed:
                    ForceRenewReplayedCount++;
                    AddEvent(DhcpClientEventKind.ForceRenewRejected, "FORCERENEW replayed (counter " + counter.ToString() + ") ignored");
                    return;
                default:
                    ForceRenewUnauthenticatedCount++;
                    AddEvent(DhcpClientEventKind.ForceRenewRejected, "unauthenticated FORCERENEW ignored (" + (_lease.ReconfigureKey == null ? "no reconfigure key held" : "no usable option 90") + ")");
                    return;
            }
        }

        private void Expire()
        {
            AddEvent(DhcpClientEventKind.LeaseExpired, "lease " + DhcpAddress.Format(_lease.Address) + " expired");
            LoseLease();
            _lease = null;
            _retransmitAt = long.MaxValue;
            ChangeState(DhcpClientState.Init, "lease expired");
        }

        private void LoseLease()
        {
            _leaseApplied = false;
            Add(DhcpClientActionKind.LeaseLost).Lease = _lease;
        }

        private void Ignore(string why)
        {
            IgnoredCount++;
            AddEvent(DhcpClientEventKind.Ignored, why);
        }

        private void ChangeState(DhcpClientState state, string why)
        {
            var from = _state;
            _state = state;
            AddEvent(DhcpClientEventKind.StateChanged, StateName(from) + " -> " + StateName(state) + ": " + why);
        }

        private void Send(DhcpMessageWriter writer, uint destination, string text)
        {
            var action = Add(DhcpClientActionKind.Send);
            action.Buffer = writer.ToArray();
            action.Count = action.Buffer.Length;
            action.Destination = destination;
            action.Port = ServerPort;
            action.Text = text;
        }

        private void AddEvent(DhcpClientEventKind kind, string text)
        {
            var action = Add(DhcpClientActionKind.Event);
            action.EventKind = kind;
            action.Text = text;
        }

        private DhcpClientAction Add(DhcpClientActionKind kind)
        {
            if (_actionCount == _actions.Length)
            {
                var grown = new DhcpClientAction[_actions.Length * 2];
                Array.Copy(_actions, grown, _actions.Length);
                for (var i = _actions.Length; i < grown.Length; i++)
                {
                    grown[i] = new DhcpClientAction();
                }

                _actions = grown;
            }

            var action = _actions[_actionCount++];
            action.Set(kind);
            return action;
        }

        private static long Min(long a, long b)
        {
            return a < b ? a : b;
        }
    }
}
