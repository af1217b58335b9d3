using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using DeviceAgent.Dhcp;
using Microsoft.Extensions.Configuration;

namespace ServerStub.Dhcp;

/// <summary>
/// Configuration of the DHCP server role, section ServerStub:Dhcp. The role is off unless Interface or Listen is set.
/// <list type="bullet">
/// <item>Interface: serve on this network interface: 0.0.0.0:Port bound to it with SO_BINDTODEVICE, replies by
/// RFC 2131 §4.1 (relay giaddr:67, ciaddr:68, else broadcast). Needs root (port 67, SO_BINDTODEVICE).</item>
/// <item>Port: listening port on the interface, default 67.</item>
/// <item>Listen: ip:port of a socket whose replies go back to the sender's address and port, for tests and the
/// desktop demo (e.g. 127.0.0.1:6767; port 0 picks a free one, see <see cref="DhcpServer.ListenEndPoint"/>).</item>
/// <item>ServerIdentifier: option 54; default the interface's first IPv4 address, or the Listen address.</item>
/// <item>EnterpriseNumber: of the option 125 block, default DhcpVoipOptions.DefaultEnterpriseNumber.</item>
/// <item>Pools:N:Subnet, RangeStart, RangeEnd, Routers, DnsServers (comma lists), LeaseSeconds, RenewalSeconds,
/// RebindingSeconds: written into dhcp_pools at start (replacing the row of the same subnet).</item>
/// </list>
/// </summary>
public sealed class DhcpServerOptions
{
    public const string Section = "ServerStub:Dhcp";

    public string Interface { get; init; }

    public int Port { get; init; } = 67;

    public IPEndPoint Listen { get; init; }

    public uint ServerIdentifier { get; init; }

    public uint EnterpriseNumber { get; init; } = DhcpVoipOptions.DefaultEnterpriseNumber;

    public IReadOnlyList<DhcpPool> Pools { get; init; } = Array.Empty<DhcpPool>();

    public bool Enabled => Interface != null || Listen != null;

    /// <exception cref="InvalidOperationException">A value is malformed; the message names the key.</exception>
    public static DhcpServerOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var pools = new List<DhcpPool>();
        foreach (var child in section.GetSection("Pools").GetChildren())
        {
            var prefix = "Pools:" + child.Key + ":";
            string[] List(string name) => child[name]?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var pool = new DhcpPool
            {
                Subnet = child["Subnet"],
                RangeStart = child["RangeStart"],
                RangeEnd = child["RangeEnd"],
                Routers = List("Routers"),
                DnsServers = List("DnsServers"),
                LeaseSeconds = Number(section, prefix + "LeaseSeconds", 3600, uint.MaxValue),
                RenewalSeconds = Number(section, prefix + "RenewalSeconds", 0, uint.MaxValue),
                RebindingSeconds = Number(section, prefix + "RebindingSeconds", 0, uint.MaxValue),
            }.Validate(out var error);
            pools.Add(pool ?? throw new InvalidOperationException(Section + ":Pools:" + child.Key + ": " + error));
        }

        var listen = section["Listen"];
        var identifier = section["ServerIdentifier"];
        return new DhcpServerOptions
        {
            Interface = string.IsNullOrEmpty(section["Interface"]) ? null : section["Interface"],
            Port = (int)Number(section, "Port", 67, 65535),
            Listen = string.IsNullOrEmpty(listen) ? null : IPEndPoint.TryParse(listen, out var endPoint) ? endPoint : throw Invalid("Listen", listen),
            ServerIdentifier = string.IsNullOrEmpty(identifier) ? 0 : DhcpAddress.TryParse(identifier, out var id) ? id : throw Invalid("ServerIdentifier", identifier),
            EnterpriseNumber = Number(section, "EnterpriseNumber", DhcpVoipOptions.DefaultEnterpriseNumber, uint.MaxValue),
            Pools = pools,
        };
    }

    private static uint Number(IConfiguration section, string key, uint fallback, uint max)
    {
        var text = section[key];
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= max ? value : throw Invalid(key, text);
    }

    private static InvalidOperationException Invalid(string key, string text) => new(Section + ":" + key + ": cannot use '" + text + "'");
}
