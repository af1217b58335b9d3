using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeviceAgent.Tests.RealPeers
{
    /// <summary>Kea kea-dhcp4 with a memfile lease file in its temp directory; see peer-quirks.md for what it does.</summary>
    public sealed class KeaPeer : DhcpPeer
    {
        private static readonly string Binary = NetworkNamespaces.FindExecutable("kea-dhcp4");
        private static readonly Lazy<string> version = new Lazy<string>(() =>
            "Kea DHCPv4 " + FirstLine(NetworkNamespaces.Run(Binary, "-v").StandardOutput));

        internal KeaPeer(NetworkNamespaces network, SipServerEncoding sipEncoding)
            : base(network, sipEncoding)
        {
        }

        /// <summary>Null when kea-dhcp4 is installed, else why its tests skip.</summary>
        public static string MissingReason => Binary == null
            ? "kea-dhcp4 is not installed (package kea-dhcp4-server; scripts/test installs it when run as root)"
            : null;

        public override DhcpPeerKind Kind => DhcpPeerKind.Kea;

        public override string Version => version.Value;

        public override IReadOnlyList<string> Quirks => new[]
        {
            "options in ascending code order",
            "option 61 (client identifier) is echoed back (RFC 6842)",
            "58/59 only because renew-timer/rebind-timer are configured; no option 28",
            "options 120 and 150 have no definition in Kea 2.2; the configuration defines them",
            SipEncoding == SipServerEncoding.DomainNames
                ? "option 120: encoding byte 0, then RFC 1035 names without compression"
                : "option 120: encoding byte 1, then the addresses",
            "option 125: sub-options in ascending code order; they are sent only with always-send (else 125 is 00 00 7e d9 00: enterprise number and data length 0)",
            "option 125 is sent only when the client lists 125 in option 55",
            "siaddr is 0.0.0.0; yiaddr is the first free address of the pool",
        };

        protected override string ReadyText => "DHCP4_STARTED";

        private static string VendorSpace => "vendor-" + PeerOptions.EnterpriseNumber;

        protected override NamespaceProcess Launch()
        {
            WriteConfig("kea-dhcp4.json", BuildConfig().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

            // Kea puts its pid file and logger lock file under /run/kea unless told otherwise.
            var environment = new Dictionary<string, string>
            {
                ["KEA_PIDFILE_DIR"] = WorkDirectory,
                ["KEA_LOCKFILE_DIR"] = WorkDirectory,
            };
            return Network.StartInServer(Binary, environment, "-c", ConfigPath);
        }

        private JsonObject BuildConfig()
        {
            // Kea 2.2 has no definition for options 120 and 150 in the dhcp4 space, so both are defined here.
            var sipServer = SipEncoding == SipServerEncoding.DomainNames
                ? (types: "uint8, fqdn", data: "0, " + string.Join(", ", PeerOptions.SipServerNames))
                : (types: "uint8, ipv4-address", data: "1, " + string.Join(", ", SipServerAddresses()));

            var definitions = new JsonArray
            {
                new JsonObject { ["name"] = "tftp-server-address", ["code"] = 150, ["space"] = "dhcp4", ["type"] = "ipv4-address", ["array"] = true },
                new JsonObject { ["name"] = "sip-server", ["code"] = 120, ["space"] = "dhcp4", ["type"] = "record", ["record-types"] = sipServer.types, ["array"] = true },
            };
            var data = new JsonArray
            {
                Option("routers", Host(PeerOptions.RouterHost)),
                Option("domain-name-servers", Host(PeerOptions.DnsHost)),
                Option("domain-name", PeerOptions.DomainName),
                Option("ntp-servers", Host(PeerOptions.NtpHost)),
                Option("tftp-server-name", PeerOptions.TftpServerName),
                Option("tftp-server-address", Host(PeerOptions.TftpHost)),
                Option("sip-server", sipServer.data),
                Option("vivso-suboptions", PeerOptions.EnterpriseNumber.ToString(CultureInfo.InvariantCulture)),
            };
            foreach (var sub in PeerOptions.VendorSubOptions)
            {
                var name = "sub-" + sub.Key;
                definitions.Add(new JsonObject { ["name"] = name, ["code"] = sub.Key, ["space"] = VendorSpace, ["type"] = "string" });

                // Without always-send Kea 2.2 sends option 125 with the enterprise number and no sub-options at all.
                var option = Option(name, sub.Value);
                option["space"] = VendorSpace;
                option["always-send"] = true;
                data.Add(option);
            }

            var dhcp4 = new JsonObject
            {
                ["interfaces-config"] = new JsonObject
                {
                    ["interfaces"] = new JsonArray(Network.ServerInterface),
                    ["dhcp-socket-type"] = "raw",
                },
                ["lease-database"] = new JsonObject
                {
                    ["type"] = "memfile",
                    ["persist"] = true,
                    ["name"] = LeaseFile,
                    ["lfc-interval"] = 0,
                },
                ["authoritative"] = true,
                ["valid-lifetime"] = PeerOptions.LeaseSeconds,
                ["renew-timer"] = RenewSeconds,
                ["rebind-timer"] = RebindSeconds,
                ["option-def"] = definitions,
                ["option-data"] = data,
                ["subnet4"] = new JsonArray(new JsonObject
                {
                    ["id"] = 1,
                    ["subnet"] = Network.Address(0) + "/24",
                    ["pools"] = new JsonArray(new JsonObject { ["pool"] = Host(PeerOptions.RangeFirstHost) + " - " + Host(PeerOptions.RangeLastHost) }),
                }),
                ["loggers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "kea-dhcp4",
                    ["severity"] = "INFO",
                    ["output_options"] = new JsonArray(new JsonObject { ["output"] = "stdout" }),
                }),
            };
            return new JsonObject { ["Dhcp4"] = dhcp4 };
        }

        private static JsonObject Option(string name, string data) => new JsonObject { ["name"] = name, ["data"] = data };
    }
}
