namespace DeviceAgent.Dhcp
{
    /// <summary>What the host must do for one <see cref="DhcpClientAction"/>.</summary>
    public enum DhcpClientActionKind
    {
        /// <summary>Send <see cref="DhcpClientAction.Buffer"/> to <see cref="DhcpClientAction.Destination"/>, UDP port 67.</summary>
        Send = 0,

        /// <summary>Configure the interface from <see cref="DhcpClientAction.Lease"/> (also after each renewal).</summary>
        ApplyLease = 1,

        /// <summary>Remove the address: the lease expired, was refused (NAK), declined or released.</summary>
        LeaseLost = 2,

        /// <summary>Something worth a log line: <see cref="DhcpClientAction.EventKind"/> and <see cref="DhcpClientAction.Text"/>.</summary>
        Event = 3,

        /// <summary>A renewal changed options 120, 125, 66, 67, 150 or 43: provisioning must start again.</summary>
        ProvisioningOptionsChanged = 4,
    }

    /// <summary>What an <see cref="DhcpClientActionKind.Event"/> action reports.</summary>
    public enum DhcpClientEventKind
    {
        /// <summary>Not an event action.</summary>
        None = 0,

        /// <summary>The state changed; the text says from and to.</summary>
        StateChanged = 1,

        /// <summary>A message was sent (first transmission or retransmission).</summary>
        Sent = 2,

        /// <summary>A well-formed message was ignored: wrong xid, chaddr, server, op, type or state.</summary>
        Ignored = 3,

        /// <summary>A malformed message was dropped; the text is the codec's diagnosis.</summary>
        Malformed = 4,

        /// <summary>The server refused the request (DHCPNAK).</summary>
        Nak = 5,

        /// <summary>The lease ran out without renewal or rebinding.</summary>
        LeaseExpired = 6,

        /// <summary>An authenticated FORCERENEW was accepted: renewing now.</summary>
        ForceRenewAccepted = 7,

        /// <summary>A FORCERENEW was dropped: unauthenticated, bad digest or replayed.</summary>
        ForceRenewRejected = 8,

        /// <summary>A request went unanswered through the whole retransmission schedule.</summary>
        GaveUp = 9,

        /// <summary>A lease was granted or renewed.</summary>
        Bound = 10,
    }

    /// <summary>
    /// One thing the sans-I/O <see cref="DhcpClient"/> asks its host to do. Instances are owned and reused by the
    /// client: read them before the next call into the client.
    /// </summary>
    public sealed class DhcpClientAction
    {
        /// <summary>What to do.</summary>
        public DhcpClientActionKind Kind { get; internal set; }

        /// <summary>For Send: the message, <see cref="Count"/> bytes from index 0.</summary>
        public byte[] Buffer { get; internal set; }

        /// <summary>For Send: the message length.</summary>
        public int Count { get; internal set; }

        /// <summary>For Send: <see cref="DhcpAddress.Broadcast"/> or the server's unicast address.</summary>
        public uint Destination { get; internal set; }

        /// <summary>For Send: the destination UDP port, 67.</summary>
        public int Port { get; internal set; }

        /// <summary>For ApplyLease and ProvisioningOptionsChanged: the lease; for LeaseLost: the lease lost.</summary>
        public DhcpLease Lease { get; internal set; }

        /// <summary>For Event: what happened.</summary>
        public DhcpClientEventKind EventKind { get; internal set; }

        /// <summary>For Event (and Send, as a summary): human-readable text.</summary>
        public string Text { get; internal set; }

        internal void Set(DhcpClientActionKind kind)
        {
            Kind = kind;
            Buffer = null;
            Count = 0;
            Destination = 0;
            Port = 0;
            Lease = null;
            EventKind = DhcpClientEventKind.None;
            Text = null;
        }
    }
}
