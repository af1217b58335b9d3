using System.Collections.Generic;
using DeviceAgent.Dhcp;

namespace DeviceAgent.Tests.RealPeers
{
    /// <summary>How option 120 (RFC 3361) lists the SIP servers; one message carries exactly one encoding.</summary>
    public enum SipServerEncoding
    {
        /// <summary>Encoding byte 0, then RFC 1035 domain names.</summary>
        DomainNames = 0,

        /// <summary>Encoding byte 1, then IPv4 addresses.</summary>
        Addresses = 1,
    }

    /// <summary>
    /// What every real DHCP peer is configured to hand out, kept in one place so the servers' configurations, the
    /// assertions and the fixtures agree. Addresses are host numbers in the harness subnet 10.77.n.0/24.
    /// </summary>
    public static class PeerOptions
    {
        /// <summary>Enterprise number of option 125 (RFC 3925): the codec's, so the client reads what the peers send.</summary>
        public const uint EnterpriseNumber = DhcpVoipOptions.DefaultEnterpriseNumber;

        /// <summary>Short, so renewal tests are feasible (dnsmasq refuses less than 120 s).</summary>
        public const int LeaseSeconds = 120;

        /// <summary>T1 and T2 are configured explicitly because Kea sends no option 58/59 otherwise.</summary>
        public const int RenewSeconds = 60;

        public const int RebindSeconds = 105;

        public const int RangeFirstHost = 100;
        public const int RangeLastHost = 150;
        public const int RouterHost = 1;
        public const int DnsHost = 53;
        public const int NtpHost = 123;
        public const int TftpHost = 69;

        public const string DomainName = "voip.example";
        public const string TftpServerName = "tftp.voip.example";

        /// <summary>Option 120 contents when encoded as domain names.</summary>
        public static readonly string[] SipServerNames = { "sip1.voip.example", "sip2.voip.example" };

        /// <summary>Option 120 contents when encoded as addresses (host numbers).</summary>
        public static readonly int[] SipServerHosts = { 60, 61 };

        /// <summary>Option 125 sub-options for EnterpriseNumber, all text, in the order they are configured.</summary>
        public static readonly IReadOnlyList<KeyValuePair<byte, string>> VendorSubOptions = new[]
        {
            new KeyValuePair<byte, string>(201, "02:00:00:00:00:01"),  // MAC
            new KeyValuePair<byte, string>(202, "4930123456"),         // phone number, all digits on purpose
            new KeyValuePair<byte, string>(203, "4930654321"),         // additional phone number
            new KeyValuePair<byte, string>(204, "voip.example"),       // SIP domain
            new KeyValuePair<byte, string>(210, "mgmt.voip.example"),  // management server FQDN
            new KeyValuePair<byte, string>(211, "gk.voip.example"),    // gatekeeper
        };
    }
}
