using System;
using System.Security.Cryptography;
using DeviceAgent.Dhcp;

namespace ServerStub.Dhcp;

/// <summary>How a FORCERENEW is to be spoiled on purpose, to test that the phone rejects it.</summary>
public enum DhcpForceRenewFault
{
    None,

    /// <summary>Signed with a random key instead of the lease's reconfigure key: the phone must see a bad digest.</summary>
    BadKey,

    /// <summary>Carries the replay counter of the previous message instead of a greater one: the phone must see a replay.</summary>
    Replay,
}

/// <summary>A FORCERENEW ready to send, and the lease it is for.</summary>
public sealed record DhcpForceRenewMessage(DhcpLease Lease, byte[] Message, ulong ReplayDetection);

/// <summary>
/// RFC 6704 reconfigure keys with option 90 from DeviceAgent's <see cref="DhcpAuthentication"/>: each lease's random
/// key goes to the phone in the ACK, and a FORCERENEW (RFC 3203) is signed with it. All of these messages share one
/// replay counter persisted in dhcp_counters, so every value is greater than any sent before, across restarts.
/// </summary>
/// <remarks>
/// RFC 6704 §3.3 lets a server send the key only to clients that advertise option 145; our phones are the only
/// clients, so every lease ACK carries it.
/// </remarks>
public sealed class DhcpReconfigureKeys
{
    public const int KeyLength = DhcpAuthentication.KeyLength;

    private const string Counter = "replay_detection";

    private readonly DhcpStore _store;

    public DhcpReconfigureKeys(DhcpStore store)
    {
        _store = store;
    }

    /// <summary>The counter value carried by the last option 90 sent (0 before the first).</summary>
    public ulong LastReplayDetection => (ulong)_store.LastCounter(Counter);

    /// <summary>Adds option 90 with the key to an ACK; call after every option but 82.</summary>
    public void AddToAck(DhcpMessageWriter writer, byte[] key) =>
        DhcpAuthentication.AddReconfigureKey(writer, (ulong)_store.NextCounter(Counter), key);

    /// <summary>Builds the signed FORCERENEW for the phone's bound lease, or null when it has none with a key.</summary>
    public DhcpForceRenewMessage BuildForceRenew(string mac, uint serverIdentifier, DhcpForceRenewFault fault)
    {
        var lease = _store.FindBoundLease(mac);
        if (lease?.ReconfigureKey == null || !MacText.TryParse(mac, out var chaddr))
        {
            return null;
        }

        var counter = fault == DhcpForceRenewFault.Replay ? LastReplayDetection : (ulong)_store.NextCounter(Counter);
        var writer = DhcpMessageWriter.ForceRenew(BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4)), chaddr, lease.Address, serverIdentifier);
        DhcpAuthentication.AddDigestPlaceholder(writer, counter);
        var message = writer.ToArray();
        var key = fault == DhcpForceRenewFault.BadKey ? RandomNumberGenerator.GetBytes(KeyLength) : lease.ReconfigureKey;
        DhcpAuthentication.SignInPlace(message, 0, message.Length, key);
        return new DhcpForceRenewMessage(lease, message, counter);
    }
}
