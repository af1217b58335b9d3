using System;
using System.Collections.Generic;
using System.Text;

namespace DeviceAgent.Tests.RealPeers
{
    /// <summary>dnsmasq as a DHCP-only server (DNS off) in the server namespace; see peer-quirks.md for what it does.</summary>
    public sealed class DnsmasqPeer : DhcpPeer
    {
        private static readonly string Binary = NetworkNamespaces.FindExecutable("dnsmasq");
        private static readonly Lazy<string> version = new Lazy<string>(() =>
        {
            // "Dnsmasq version 2.90  Copyright (c) ...": keep the part before the copyright.
            var line = FirstLine(NetworkNamespaces.Run(Binary, "--version").StandardOutput);
            var copyright = line.IndexOf("  ", StringComparison.Ordinal);
            return copyright < 0 ? line : line.Substring(0, copyright);
        });

        internal DnsmasqPeer(NetworkNamespaces network, SipServerEncoding sipEncoding)
            : base(network, sipEncoding)
        {
        }

        /// <summary>Null when dnsmasq is installed, else why its tests skip.</summary>
        public static string MissingReason => Binary == null
            ? "dnsmasq is not installed (package dnsmasq-base; scripts/test installs it when run as root)"
            : null;

        public override DhcpPeerKind Kind => DhcpPeerKind.Dnsmasq;

        public override string Version => version.Value;

        public override IReadOnlyList<string> Quirks => new[]
        {
            "option order: 53, 54, 51, 58, 59, 1, 28, then the configured options in REVERSE configuration order, 125 last",
            "58/59 (T1 = lease/2, T2 = lease*7/8) and 28 (broadcast address) are sent although not configured",
            "every configured option is sent only when the client lists it in option 55 (125 included)",
            "option 66 ends with a NUL byte (length = name + 1)",
            SipEncoding == SipServerEncoding.DomainNames
                ? "option 120: encoding byte 0, then RFC 1035 names WITH compression: the 2nd name ends in a pointer c0 05 whose offset counts from the byte after the encoding byte"
                : "option 120: encoding byte 1, then the addresses",
            "option 125: sub-options in REVERSE configuration order (211 first, 201 last)",
            "siaddr (next server) is the server's own address although no boot file is configured",
        };

        protected override string ReadyText => "sockets bound exclusively to interface";

        protected override NamespaceProcess Launch()
        {
            // -C with our own file keeps /etc/dnsmasq.conf and /etc/dnsmasq.d out; --no-daemon writes no pid file.
            WriteConfig("dnsmasq.conf", BuildConfig());
            return Network.StartInServer(Binary, null, "-C", ConfigPath, "--no-daemon");
        }

        private string BuildConfig()
        {
            var text = new StringBuilder();
            void Line(string line) => text.Append(line).Append('\n');

            Line("port=0");                     // no DNS server
            Line("interface=" + Network.ServerInterface);
            Line("bind-interfaces");
            Line("dhcp-authoritative");
            Line("log-dhcp");
            Line("log-facility=-");             // stderr, not syslog
            Line("user=root");                  // the temp directory is 0700; dropping privileges would lose the lease file
            Line("no-hosts");
            Line("no-resolv");
            Line("dhcp-leasefile=" + LeaseFile);
            Line("pid-file=");
            Line("dhcp-range=" + Host(PeerOptions.RangeFirstHost) + "," + Host(PeerOptions.RangeLastHost) + ",255.255.255.0," + PeerOptions.LeaseSeconds);
            if (RenewSeconds != PeerOptions.RenewSeconds || RebindSeconds != PeerOptions.RebindSeconds)
            {
                Line("dhcp-option=option:T1," + RenewSeconds);
                Line("dhcp-option=option:T2," + RebindSeconds);
            }

            Line("dhcp-option=3," + Host(PeerOptions.RouterHost));
            Line("dhcp-option=6," + Host(PeerOptions.DnsHost));
            Line("dhcp-option=15," + PeerOptions.DomainName);
            Line("dhcp-option=42," + Host(PeerOptions.NtpHost));
            Line("dhcp-option=66," + PeerOptions.TftpServerName);
            Line("dhcp-option=150," + Host(PeerOptions.TftpHost));

            // dnsmasq knows option 120 and picks the RFC 3361 encoding byte itself from what the values look like.
            Line("dhcp-option=120," + (SipEncoding == SipServerEncoding.DomainNames
                ? string.Join(',', PeerOptions.SipServerNames)
                : string.Join(',', SipServerAddresses())));

            // Quoted, because dnsmasq turns unquoted digits into integers and a:b:c into raw bytes.
            foreach (var sub in PeerOptions.VendorSubOptions)
            {
                Line("dhcp-option=vi-encap:" + PeerOptions.EnterpriseNumber + "," + sub.Key + ",\"" + sub.Value + "\"");
            }

            return text.ToString();
        }
    }
}
