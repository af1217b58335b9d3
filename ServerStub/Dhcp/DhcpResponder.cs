using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using DeviceAgent.Dhcp;
using Microsoft.Extensions.Logging;

namespace ServerStub.Dhcp;

/// <summary>Where a reply goes under RFC 2131 §4.1 (the socket side decides what that means on its listener).</summary>
public enum DhcpReplyRoute
{
    /// <summary>To the relay agent at giaddr, server port 67.</summary>
    Relay,

    /// <summary>Unicast to ciaddr, client port 68.</summary>
    ClientAddress,

    /// <summary>To 255.255.255.255:68: broadcast bit set, every NAK without relay, and the fallback for unicast to yiaddr.</summary>
    Broadcast,
}

/// <summary>A reply to send: the bytes, their message type and where RFC 2131 §4.1 says they go.</summary>
public sealed record DhcpReply(byte[] Message, DhcpMessageType Type, DhcpReplyRoute Route, uint Destination);

/// <summary>
/// The DHCP server's protocol logic, without sockets: one request in, at most one reply out, the lease table updated.
/// Requests are served one at a time (a lock), so two listeners never hand out the same address.
/// </summary>
/// <remarks>
/// Address choice for DISCOVER: the phone's fixed address when it lies in the pool's subnet, else the client's current
/// lease in the pool, else the requested address (option 50) when free and in range, else the lowest free address of
/// the range. Addresses fixed for other phones are never handed out dynamically. The pool is the one whose subnet
/// holds giaddr for relayed requests, otherwise the one holding the server identifier, otherwise the first pool.
/// REQUEST follows RFC 2131 §4.3.2: SELECTING (option 54) ACKs the offered address or is ignored when another server
/// was chosen; INIT-REBOOT (option 50, no ciaddr) NAKs an address of another network or of another client and stays
/// silent for a client without any record; RENEWING/REBINDING (ciaddr) ACKs when the address is the client's or free,
/// NAKs otherwise. Both cannot be told apart on the loopback listener, and need not be: the answer is the same.
/// </remarks>
public sealed class DhcpResponder
{
    /// <summary>How long an offered address is held for the client's REQUEST.</summary>
    public static readonly TimeSpan OfferHold = TimeSpan.FromSeconds(60);

    /// <summary>How long a declined address is kept out of use (RFC 2131 §4.3.3 leaves it to the server).</summary>
    public static readonly TimeSpan DeclineHold = TimeSpan.FromMinutes(10);

    private readonly DhcpStore _store;
    private readonly DhcpServerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DhcpReconfigureKeys _keys;
    private readonly object _gate = new();

    public DhcpResponder(DhcpStore store, DhcpServerOptions options, TimeProvider time, ILogger<DhcpResponder> logger, DhcpReconfigureKeys keys)
    {
        _store = store;
        _options = options;
        _time = time;
        _logger = logger;
        _keys = keys;
    }

    /// <summary>
    /// Serves one request. <paramref name="replyEndpoint"/> is the sender's ip:port on the loopback listener (kept
    /// with the lease so a FORCERENEW can find the client), null on an interface.
    /// </summary>
    /// <returns>The reply, or null when the request gets none.</returns>
    /// <exception cref="DhcpFormatException">An option the server reads is malformed.</exception>
    public DhcpReply Handle(DhcpMessage request, uint serverIdentifier, string replyEndpoint)
    {
        if (request.Op != DhcpMessage.BootRequest)
        {
            return Ignore(request, "not a BOOTREQUEST");
        }

        var clientKey = ClientKey(request);
        if (clientKey == null)
        {
            return Ignore(request, "neither option 61 nor chaddr identifies the client");
        }

        lock (_gate)
        {
            var pools = _store.ListPools();
            var pool = request.RelayAgentAddress != DhcpAddress.None
                ? pools.FirstOrDefault(p => p.Contains(request.RelayAgentAddress))
                : pools.FirstOrDefault(p => p.Contains(serverIdentifier)) ?? pools.FirstOrDefault();
            if (pool == null)
            {
                return Ignore(request, "no pool for giaddr " + DhcpAddress.Format(request.RelayAgentAddress));
            }

            var mac = MacText.Format(request.GetClientHardwareAddress());
            var context = new Context(request, pool, _store.FindPhone(clientKey, mac), clientKey, mac, serverIdentifier, replyEndpoint, _time.GetUtcNow());
            return request.MessageType switch
            {
                DhcpMessageType.Discover => Discover(context),
                DhcpMessageType.Request => Request(context),
                DhcpMessageType.Decline => Decline(context),
                DhcpMessageType.Release => Release(context),
                DhcpMessageType.Inform => Inform(context),
                _ => Ignore(request, "message type " + request.MessageType + " is not for a server"),
            };
        }
    }

    /// <summary>Option 61 as hex, or 01 + chaddr as an Ethernet client would send it; null when both are empty.</summary>
    public static string ClientKey(DhcpMessage request)
    {
        var id = request.GetBytes(DhcpOptionCode.ClientId);
        if (id is { Length: > 0 })
        {
            return Convert.ToHexStringLower(id);
        }

        var chaddr = request.GetClientHardwareAddress();
        return chaddr.Length == 0 ? null : Convert.ToHexStringLower(new[] { request.HardwareType }.Concat(chaddr).ToArray());
    }

    private DhcpReply Discover(Context c)
    {
        var address = ChooseAddress(c);
        if (address == DhcpAddress.None)
        {
            return Ignore(c.Request, "pool " + c.Pool.Subnet + " has no free address");
        }

        var current = _store.GetLease(address);
        if (current is not { State: DhcpLeaseState.Bound } || current.ClientKey != c.ClientKey || current.Expires <= c.Now)
        {
            _store.SaveLease(new DhcpLease(address, c.ClientKey, c.Mac, DhcpLeaseState.Offered, c.Now + OfferHold, current?.ReconfigureKey, c.ReplyEndpoint));
        }

        var writer = DhcpMessageWriter.Offer(c.Request, address, c.ServerIdentifier);
        return Reply(c, writer, lease: true, reconfigureKey: null);
    }

    private DhcpReply Request(Context c)
    {
        var request = c.Request;
        var hasServerId = request.TryGetAddress(DhcpOptionCode.ServerIdentifier, out var serverId);
        var hasRequested = request.TryGetAddress(DhcpOptionCode.RequestedAddress, out var requested);
        if (hasServerId)
        {
            // SELECTING: the client broadcast its choice; a choice of another server releases our offer.
            if (serverId != c.ServerIdentifier)
            {
                foreach (var offered in _store.LeasesOfClient(c.ClientKey).Where(l => l.State == DhcpLeaseState.Offered))
                {
                    _store.SaveLease(offered with { Expires = c.Now });
                }

                return Ignore(request, "client selected server " + DhcpAddress.Format(serverId));
            }

            if (!hasRequested || request.ClientAddress != DhcpAddress.None)
            {
                return Ignore(request, "SELECTING REQUEST needs option 50 and ciaddr 0 (RFC 2131 §4.3.2)");
            }

            var lease = _store.GetLease(requested);
            return lease != null && lease.ClientKey == c.ClientKey && Usable(c, requested)
                ? Ack(c, requested)
                : Nak(c, "address " + DhcpAddress.Format(requested) + " was not offered to this client");
        }

        if (hasRequested && request.ClientAddress == DhcpAddress.None)
        {
            // INIT-REBOOT: the client checks an address it remembers.
            if (!c.Pool.Contains(requested))
            {
                return Nak(c, "address " + DhcpAddress.Format(requested) + " is not on network " + c.Pool.Subnet);
            }

            var leases = _store.LeasesOfClient(c.ClientKey);
            var held = _store.GetLease(requested);
            if (held != null && held.ClientKey != c.ClientKey && held.Expires > c.Now)
            {
                return Nak(c, "address " + DhcpAddress.Format(requested) + " belongs to another client");
            }

            if (leases.Count == 0)
            {
                return Ignore(request, "INIT-REBOOT from a client without a record (RFC 2131 §4.3.2: remain silent)");
            }

            return Usable(c, requested) && (held?.ClientKey == c.ClientKey || IsFixedFor(c, requested))
                ? Ack(c, requested)
                : Nak(c, "address " + DhcpAddress.Format(requested) + " is not this client's lease");
        }

        if (request.ClientAddress != DhcpAddress.None)
        {
            // RENEWING (unicast) or REBINDING (broadcast).
            var address = request.ClientAddress;
            return c.Pool.Contains(address) && Usable(c, address)
                ? Ack(c, address)
                : Nak(c, "address " + DhcpAddress.Format(address) + " is not this client's to renew");
        }

        return Ignore(request, "REQUEST with neither option 50 nor ciaddr");
    }

    private DhcpReply Decline(Context c)
    {
        if (!c.Request.TryGetAddress(DhcpOptionCode.RequestedAddress, out var address)
            || !c.Request.TryGetAddress(DhcpOptionCode.ServerIdentifier, out var serverId) || serverId != c.ServerIdentifier)
        {
            return Ignore(c.Request, "DECLINE without option 50 or for another server");
        }

        var lease = _store.GetLease(address);
        if (lease?.ClientKey != c.ClientKey)
        {
            return Ignore(c.Request, "DECLINE of an address the client does not hold");
        }

        _logger.LogWarning("DHCP: {Mac} declined {Address}: in use by another host, held back for {Hold}", c.Mac, DhcpAddress.Format(address), DeclineHold);
        _store.SaveLease(lease with { ClientKey = null, State = DhcpLeaseState.Declined, Expires = c.Now + DeclineHold, ReconfigureKey = null });
        return null;
    }

    private DhcpReply Release(Context c)
    {
        var lease = _store.GetLease(c.Request.ClientAddress);
        if (lease?.ClientKey != c.ClientKey)
        {
            return Ignore(c.Request, "RELEASE of an address the client does not hold");
        }

        _store.SaveLease(lease with { State = DhcpLeaseState.Released, Expires = c.Now, ReconfigureKey = null });
        return null;
    }

    private DhcpReply Inform(Context c)
    {
        // RFC 2131 §4.3.5: no yiaddr, no lease time; unicast to ciaddr.
        var writer = DhcpMessageWriter.Ack(c.Request, DhcpAddress.None, c.ServerIdentifier);
        return Reply(c, writer, lease: false, reconfigureKey: null);
    }

    private DhcpReply Ack(Context c, uint address)
    {
        var current = _store.GetLease(address);
        var key = current?.ClientKey == c.ClientKey && current.ReconfigureKey != null ? current.ReconfigureKey : RandomNumberGenerator.GetBytes(DhcpReconfigureKeys.KeyLength);
        foreach (var other in _store.LeasesOfClient(c.ClientKey).Where(l => l.Address != address && l.Expires > c.Now))
        {
            _store.SaveLease(other with { State = DhcpLeaseState.Released, Expires = c.Now, ReconfigureKey = null });
        }

        _store.SaveLease(new DhcpLease(address, c.ClientKey, c.Mac, DhcpLeaseState.Bound, c.Now + TimeSpan.FromSeconds(c.Pool.LeaseSeconds), key, c.ReplyEndpoint));
        var writer = DhcpMessageWriter.Ack(c.Request, address, c.ServerIdentifier);
        return Reply(c, writer, lease: true, reconfigureKey: key);
    }

    private DhcpReply Nak(Context c, string reason)
    {
        _logger.LogInformation("DHCP: NAK to {Mac}: {Reason}", c.Mac, reason);
        var writer = DhcpMessageWriter.Nak(c.Request, c.ServerIdentifier);
        writer.AddText(DhcpOptionCode.Message, reason);
        DhcpOptionsBuilder.EchoClientId(writer, c.Request);
        DhcpOptionsBuilder.EchoRelayInformation(writer, c.Request);
        if (c.Request.RelayAgentAddress != DhcpAddress.None)
        {
            // RFC 2131 §4.1: the relay must broadcast the NAK to the client.
            writer.Flags |= DhcpMessage.BroadcastFlag;
            return new DhcpReply(writer.ToArray(), DhcpMessageType.Nak, DhcpReplyRoute.Relay, c.Request.RelayAgentAddress);
        }

        return new DhcpReply(writer.ToArray(), DhcpMessageType.Nak, DhcpReplyRoute.Broadcast, DhcpAddress.Broadcast);
    }

    private DhcpReply Reply(Context c, DhcpMessageWriter writer, bool lease, byte[] reconfigureKey)
    {
        DhcpOptionsBuilder.AddOptions(writer, c.Request, c.Pool, c.Phone, _options.EnterpriseNumber, lease);
        DhcpOptionsBuilder.EchoClientId(writer, c.Request);
        if (reconfigureKey != null)
        {
            _keys.AddToAck(writer, reconfigureKey);
        }

        DhcpOptionsBuilder.EchoRelayInformation(writer, c.Request);
        var type = c.Request.MessageType == DhcpMessageType.Discover ? DhcpMessageType.Offer : DhcpMessageType.Ack;
        var request = c.Request;
        if (request.RelayAgentAddress != DhcpAddress.None)
        {
            return new DhcpReply(writer.ToArray(), type, DhcpReplyRoute.Relay, request.RelayAgentAddress);
        }

        if (request.ClientAddress != DhcpAddress.None)
        {
            return new DhcpReply(writer.ToArray(), type, DhcpReplyRoute.ClientAddress, request.ClientAddress);
        }

        // Without the broadcast bit RFC 2131 §4.1 wants unicast to chaddr/yiaddr, which needs an ARP entry a plain
        // socket cannot add; broadcasting reaches the client as well.
        return new DhcpReply(writer.ToArray(), type, DhcpReplyRoute.Broadcast, DhcpAddress.Broadcast);
    }

    /// <summary>The address to offer, or 0 when the pool is exhausted.</summary>
    private uint ChooseAddress(Context c)
    {
        if (c.Phone?.FixedAddress != null && DhcpAddress.TryParse(c.Phone.FixedAddress, out var fixedAddress)
            && c.Pool.Contains(fixedAddress) && Usable(c, fixedAddress))
        {
            return fixedAddress;
        }

        var own = _store.LeasesOfClient(c.ClientKey)
            .Where(l => c.Pool.InRange(l.Address) && Usable(c, l.Address))
            .OrderByDescending(l => l.Expires)
            .FirstOrDefault();
        if (own != null)
        {
            return own.Address;
        }

        if (c.Request.TryGetAddress(DhcpOptionCode.RequestedAddress, out var requested) && c.Pool.InRange(requested) && Usable(c, requested))
        {
            return requested;
        }

        var leases = _store.ListLeases().ToDictionary(l => l.Address);
        var reserved = ReservedAddresses(c);
        for (var address = c.Pool.First; address <= c.Pool.Last && address != 0; address++)
        {
            if (!reserved.Contains(address) && (!leases.TryGetValue(address, out var lease) || lease.ClientKey == c.ClientKey || lease.Expires <= c.Now))
            {
                return address;
            }
        }

        return DhcpAddress.None;
    }

    /// <summary>True when the client may have the address: in range or fixed for it, not held by another client, not fixed for another phone.</summary>
    private bool Usable(Context c, uint address)
    {
        if (!c.Pool.InRange(address) && !IsFixedFor(c, address))
        {
            return false;
        }

        if (ReservedAddresses(c).Contains(address))
        {
            return false;
        }

        var lease = _store.GetLease(address);
        return lease == null || lease.ClientKey == c.ClientKey || lease.Expires <= c.Now;
    }

    private static bool IsFixedFor(Context c, uint address) =>
        c.Phone?.FixedAddress != null && DhcpAddress.TryParse(c.Phone.FixedAddress, out var fixedAddress) && fixedAddress == address;

    private HashSet<uint> ReservedAddresses(Context c) => _store.ListPhones()
        .Where(p => p.Mac != c.Phone?.Mac && p.FixedAddress != null)
        .Select(p => DhcpAddress.TryParse(p.FixedAddress, out var a) ? a : 0)
        .ToHashSet();

    private DhcpReply Ignore(DhcpMessage request, string reason)
    {
        _logger.LogDebug("DHCP: no reply to xid {Xid:x8}: {Reason}", request.TransactionId, reason);
        return null;
    }

    private sealed record Context(
        DhcpMessage Request, DhcpPool Pool, DhcpPhone Phone, string ClientKey, string Mac, uint ServerIdentifier, string ReplyEndpoint, DateTimeOffset Now);
}
