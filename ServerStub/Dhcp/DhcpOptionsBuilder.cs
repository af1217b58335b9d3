using System;
using System.Linq;
using DeviceAgent.Dhcp;

namespace ServerStub.Dhcp;

/// <summary>
/// Puts a pool's lease parameters and a phone's VoIP options into a reply, with DeviceAgent's writer and encoders.
/// </summary>
/// <remarks>
/// Which options are sent: 1, 3, 6 (and 51, 58, 59 for a lease) always, because a phone cannot work without them;
/// 42, 66, 67, 120 and 150 when the client lists them in option 55 or sends no option 55 at all; 125 ONLY when listed
/// in option 55. That is what dnsmasq and Kea do for 125 (peer-quirks.md), and RFC 3925 §4 data is meaningless to a
/// client that did not ask for it. The boot file also goes into the 'file' header field for BOOTP-style readers.
/// </remarks>
public static class DhcpOptionsBuilder
{
    /// <summary>Option 82, relay agent information (RFC 3046).</summary>
    public const byte RelayAgentInformation = 82;

    /// <summary>Option 120 value: enc 1 when every entry is a dotted address, else enc 0 names.</summary>
    /// <exception cref="ArgumentException">Addresses and names mixed, or a name the encoder rejects.</exception>
    public static byte[] EncodeSipServers(string[] servers)
    {
        var addresses = servers.Select(s => DhcpAddress.TryParse(s, out var a) ? a : (uint?)null).ToArray();
        if (addresses.All(a => a.HasValue))
        {
            return DhcpSipServers.EncodeAddresses(addresses.Select(a => a.Value).ToArray());
        }

        if (addresses.Any(a => a.HasValue))
        {
            throw new ArgumentException("option 120 carries either addresses or names (RFC 3361 §3), not both");
        }

        return DhcpSipServers.EncodeNames(servers);
    }

    /// <summary>The phone's option 125 block (sub-options 201-204, 210, 211), or null when it has none of them.</summary>
    /// <exception cref="ArgumentException">The sub-options exceed the 255 bytes of one block.</exception>
    public static DhcpVendorBlock VendorBlock(DhcpPhone phone, uint enterpriseNumber)
    {
        // The MAC goes first and as text, the way the peers send it (DhcpVoipOptions accepts text or 6 bytes).
        var block = new DhcpVendorBlock(enterpriseNumber);
        block.AddText(DhcpVoipOptions.SubOptionMacAddress, phone.Mac);
        foreach (var (code, value) in new[]
        {
            (DhcpVoipOptions.SubOptionPhoneNumber, phone.PhoneNumber),
            (DhcpVoipOptions.SubOptionAdditionalPhoneNumber, phone.AdditionalNumber),
            (DhcpVoipOptions.SubOptionSipDomain, phone.SipDomain),
            (DhcpVoipOptions.SubOptionManagementServer, phone.ManagementServer),
            (DhcpVoipOptions.SubOptionGatekeeper, phone.Gatekeeper),
        })
        {
            if (!string.IsNullOrEmpty(value))
            {
                block.AddText(code, value);
            }
        }

        return block.SubOptionCount > 1 ? block : null;
    }

    /// <summary>
    /// Adds the pool's and the phone's options to a reply. <paramref name="lease"/> false for the ACK of an INFORM,
    /// which must not carry lease times (RFC 2131 §4.3.5).
    /// </summary>
    public static void AddOptions(DhcpMessageWriter writer, DhcpMessage request, DhcpPool pool, DhcpPhone phone, uint enterpriseNumber, bool lease)
    {
        var requested = request.GetBytes(DhcpOptionCode.ParameterRequestList);
        bool Wanted(byte code) => requested == null || Array.IndexOf(requested, code) >= 0;

        if (lease)
        {
            writer.AddUInt32(DhcpOptionCode.LeaseTime, pool.LeaseSeconds);
            writer.AddUInt32(DhcpOptionCode.RenewalTime, pool.T1);
            writer.AddUInt32(DhcpOptionCode.RebindingTime, pool.T2);
        }

        writer.AddAddress(DhcpOptionCode.SubnetMask, pool.Mask);
        if (pool.Routers is { Length: > 0 })
        {
            writer.AddAddresses(DhcpOptionCode.Router, Parse(pool.Routers));
        }

        if (pool.DnsServers is { Length: > 0 })
        {
            writer.AddAddresses(DhcpOptionCode.DomainNameServer, Parse(pool.DnsServers));
        }

        if (phone == null)
        {
            return;
        }

        if (phone.NtpServers is { Length: > 0 } && Wanted(DhcpOptionCode.NtpServers))
        {
            writer.AddAddresses(DhcpOptionCode.NtpServers, Parse(phone.NtpServers));
        }

        if (!string.IsNullOrEmpty(phone.ConfigServer))
        {
            if (Wanted(DhcpOptionCode.TftpServerName))
            {
                writer.AddText(DhcpOptionCode.TftpServerName, phone.ConfigServer);
            }

            if (DhcpAddress.TryParse(phone.ConfigServer, out var address))
            {
                writer.ServerAddress = address;
                if (Wanted(DhcpOptionCode.TftpServerAddress))
                {
                    writer.AddAddresses(DhcpOptionCode.TftpServerAddress, new[] { address });
                }
            }
        }

        if (!string.IsNullOrEmpty(phone.BootFile))
        {
            writer.BootFileName = phone.BootFile;
            if (Wanted(DhcpOptionCode.BootFileName))
            {
                writer.AddText(DhcpOptionCode.BootFileName, phone.BootFile);
            }
        }

        if (phone.SipServers is { Length: > 0 } && Wanted(DhcpOptionCode.SipServers))
        {
            writer.AddBytes(DhcpOptionCode.SipServers, EncodeSipServers(phone.SipServers));
        }

        if (requested != null && Array.IndexOf(requested, DhcpOptionCode.VendorIdentifyingVendorSpecific) >= 0)
        {
            var block = VendorBlock(phone, enterpriseNumber);
            if (block != null)
            {
                writer.AddVendorBlocks(new[] { block });
            }
        }
    }

    /// <summary>Echoes option 61 (RFC 6842 §3); call after the other options and before <see cref="EchoRelayInformation"/>.</summary>
    public static void EchoClientId(DhcpMessageWriter writer, DhcpMessage request)
    {
        var clientId = request.GetBytes(DhcpOptionCode.ClientId);
        if (clientId != null)
        {
            writer.AddBytes(DhcpOptionCode.ClientId, clientId);
        }
    }

    /// <summary>Copies option 82 unchanged as the last option of the reply (RFC 3046 §2.2).</summary>
    public static void EchoRelayInformation(DhcpMessageWriter writer, DhcpMessage request)
    {
        var relay = request.GetBytes(RelayAgentInformation);
        if (relay != null)
        {
            writer.AddBytes(RelayAgentInformation, relay);
        }
    }

    private static uint[] Parse(string[] addresses) => addresses.Select(a => DhcpAddress.TryParse(a, out var v) ? v : throw new ArgumentException("not an address: " + a)).ToArray();
}
