using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Serialization;
using DeviceAgent.Dhcp;

namespace ServerStub.Dhcp;

/// <summary>
/// One phone's row of dhcp_phones: what its OFFER/ACK carries besides the pool's lease parameters. Identified by MAC
/// (chaddr) and, when the phone sends option 61, optionally by that client identifier (hex).
/// </summary>
public sealed record DhcpPhone
{
    /// <summary>aa:bb:cc:dd:ee:ff, lower case (normalised by <see cref="Validate"/>).</summary>
    public string Mac { get; init; } = "";

    /// <summary>Option 61 as hex (type byte first), or null: then 01 + MAC is assumed, as Ethernet clients send.</summary>
    public string ClientId { get; init; }

    public string FixedAddress { get; init; }

    /// <summary>Option 125 sub-option 202.</summary>
    public string PhoneNumber { get; init; }

    /// <summary>Option 125 sub-option 203.</summary>
    public string AdditionalNumber { get; init; }

    /// <summary>Option 125 sub-option 204.</summary>
    public string SipDomain { get; init; }

    /// <summary>Option 120: all dotted addresses (enc 1) or all domain names (enc 0), never mixed.</summary>
    public string[] SipServers { get; init; }

    /// <summary>Option 125 sub-option 210.</summary>
    public string ManagementServer { get; init; }

    /// <summary>Option 125 sub-option 211.</summary>
    public string Gatekeeper { get; init; }

    /// <summary>A name goes into option 66; an address into option 150 and, as text, option 66.</summary>
    public string ConfigServer { get; init; }

    /// <summary>Option 67 and the 'file' header field.</summary>
    public string BootFile { get; init; }

    /// <summary>Option 42, dotted addresses.</summary>
    public string[] NtpServers { get; init; }

    /// <summary>
    /// Checks every field by encoding it with DeviceAgent's codec, so whatever is stored can be served. Returns the
    /// normalised phone, or null with the reason in <paramref name="error"/>.
    /// </summary>
    public DhcpPhone Validate(out string error)
    {
        error = null;
        if (!MacText.TryParse(Mac, out var mac))
        {
            error = "mac must be six hex pairs separated by ':' or '-'";
            return null;
        }

        string clientId = null;
        if (!string.IsNullOrEmpty(ClientId))
        {
            var hex = ClientId.Replace(":", "", StringComparison.Ordinal).ToLowerInvariant();
            if (hex.Length < 4 || hex.Length > 510 || hex.Length % 2 != 0 || !hex.All(Uri.IsHexDigit))
            {
                error = "clientId must be 2 to 255 bytes of hex (option 61: type byte, then the identifier)";
                return null;
            }

            clientId = hex;
        }

        if (FixedAddress != null && !DhcpAddress.TryParse(FixedAddress, out _))
        {
            error = "fixedAddress must be a dotted IPv4 address";
            return null;
        }

        foreach (var (name, value) in new[] { ("phoneNumber", PhoneNumber), ("additionalNumber", AdditionalNumber) })
        {
            if (value != null && (value.Length == 0 || !value.All(c => char.IsAsciiDigit(c) || c == '+' || c == '*' || c == '#')))
            {
                error = name + " must be digits (optionally + * #)";
                return null;
            }
        }

        if (SipServers != null && SipServers.Length > 0)
        {
            try
            {
                DhcpOptionsBuilder.EncodeSipServers(SipServers);
            }
            catch (ArgumentException e)
            {
                error = "sipServers: " + e.Message;
                return null;
            }
        }

        if (NtpServers != null && NtpServers.Any(a => !DhcpAddress.TryParse(a, out _)))
        {
            error = "ntpServers must be dotted IPv4 addresses";
            return null;
        }

        var normalised = this with { Mac = MacText.Format(mac), ClientId = clientId };
        try
        {
            DhcpOptionsBuilder.VendorBlock(normalised, DhcpVoipOptions.DefaultEnterpriseNumber);
            var writer = new DhcpMessageWriter(DhcpMessageType.Ack, 0, mac);
            if (ConfigServer != null)
            {
                writer.AddText(DhcpOptionCode.TftpServerName, ConfigServer);
            }

            writer.BootFileName = BootFile;
            writer.ToArray();
        }
        catch (ArgumentException e)
        {
            error = e.Message;
            return null;
        }

        return normalised;
    }
}

/// <summary>One row of dhcp_pools: a subnet served directly or through a relay whose giaddr lies in it.</summary>
public sealed record DhcpPool
{
    /// <summary>CIDR, e.g. 10.77.10.0/24.</summary>
    public string Subnet { get; init; } = "";

    public string RangeStart { get; init; } = "";

    public string RangeEnd { get; init; } = "";

    /// <summary>Option 3.</summary>
    public string[] Routers { get; init; }

    /// <summary>Option 6.</summary>
    public string[] DnsServers { get; init; }

    /// <summary>Option 51.</summary>
    public uint LeaseSeconds { get; init; } = 3600;

    /// <summary>Option 58 (T1); 0 means lease/2 (RFC 2131 §4.4.5).</summary>
    public uint RenewalSeconds { get; init; }

    /// <summary>Option 59 (T2); 0 means lease*7/8.</summary>
    public uint RebindingSeconds { get; init; }

    [JsonIgnore]
    public uint Network { get; private init; }

    [JsonIgnore]
    public uint Mask { get; private init; }

    [JsonIgnore]
    public int PrefixLength { get; private init; }

    [JsonIgnore]
    public uint First { get; private init; }

    [JsonIgnore]
    public uint Last { get; private init; }

    [JsonIgnore]
    public uint T1 => RenewalSeconds != 0 ? RenewalSeconds : LeaseSeconds / 2;

    [JsonIgnore]
    public uint T2 => RebindingSeconds != 0 ? RebindingSeconds : (uint)(LeaseSeconds * 7UL / 8);

    public bool Contains(uint address) => (address & Mask) == Network;

    public bool InRange(uint address) => address >= First && address <= Last;

    /// <summary>Parses and checks the text fields; returns the pool with its numeric fields set, or null and the reason.</summary>
    public DhcpPool Validate(out string error)
    {
        error = null;
        var slash = Subnet?.IndexOf('/') ?? -1;
        if (slash < 0 || !DhcpAddress.TryParse(Subnet[..slash], out var network)
            || !int.TryParse(Subnet[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix < 8 || prefix > 30)
        {
            error = "subnet must be CIDR a.b.c.d/n with n from 8 to 30";
            return null;
        }

        var mask = uint.MaxValue << (32 - prefix);
        if ((network & ~mask) != 0)
        {
            error = "subnet has host bits set";
            return null;
        }

        if (!DhcpAddress.TryParse(RangeStart, out var first) || !DhcpAddress.TryParse(RangeEnd, out var last) || first > last
            || (first & mask) != network || (last & mask) != network || first == network || last == (network | ~mask))
        {
            error = "rangeStart..rangeEnd must be host addresses of the subnet, in order";
            return null;
        }

        foreach (var (name, list) in new[] { ("routers", Routers), ("dnsServers", DnsServers) })
        {
            if (list != null && list.Any(a => !DhcpAddress.TryParse(a, out _)))
            {
                error = name + " must be dotted IPv4 addresses";
                return null;
            }
        }

        if (LeaseSeconds < 60 || (RenewalSeconds != 0 && RenewalSeconds >= LeaseSeconds)
            || (RebindingSeconds != 0 && (RebindingSeconds >= LeaseSeconds || RebindingSeconds <= (RenewalSeconds != 0 ? RenewalSeconds : LeaseSeconds / 2))))
        {
            error = "need leaseSeconds >= 60 and T1 < T2 < lease (RFC 2131 §4.4.5)";
            return null;
        }

        return this with
        {
            Subnet = DhcpAddress.Format(network) + "/" + prefix.ToString(CultureInfo.InvariantCulture),
            Network = network,
            Mask = mask,
            PrefixLength = prefix,
            First = first,
            Last = last,
        };
    }
}

/// <summary>One row of dhcp_leases. <see cref="ClientKey"/> is option 61 as hex, or 01 + chaddr when the client sends none.</summary>
public sealed record DhcpLease(
    uint Address,
    string ClientKey,
    string Mac,
    DhcpLeaseState State,
    DateTimeOffset Expires,
    byte[] ReconfigureKey,
    string ReplyEndpoint);

/// <summary>Life of an address: offered (held briefly), bound, released by the client, declined (held for a while).</summary>
public enum DhcpLeaseState
{
    Offered,
    Bound,
    Released,
    Declined,
}

/// <summary>MAC text helpers shared by the API and the CLI.</summary>
public static class MacText
{
    public static bool TryParse(string text, out byte[] mac)
    {
        mac = null;
        if (text == null || text.Length != 17)
        {
            return false;
        }

        var bytes = new byte[6];
        for (var i = 0; i < 6; i++)
        {
            if ((i < 5 && text[3 * i + 2] != ':' && text[3 * i + 2] != '-')
                || !byte.TryParse(text.AsSpan(3 * i, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return false;
            }
        }

        mac = bytes;
        return true;
    }

    public static string Format(IEnumerable<byte> mac) => string.Join(':', mac.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
}
