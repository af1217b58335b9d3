using System;
using DeviceAgent.Dhcp;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Dhcp
{
    /// <summary>
    /// Byte fixtures for the DHCP codec tests, written field by field so each byte can be checked against the RFC.
    /// Parts are ints (one byte each), strings (one byte per char) or byte arrays.
    /// </summary>
    internal static class DhcpFixtures
    {
        /// <summary>Our enterprise number in the fixtures (the RFC 5612 documentation number).</summary>
        internal const uint Enterprise = DhcpVoipOptions.DefaultEnterpriseNumber;

        /// <summary>Offset of the first option byte in a fixture message (RFC 2131 §3: after the magic cookie).</summary>
        internal const int Options = 240;

        internal static readonly byte[] Mac = new byte[] { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 };

        /// <summary>Concatenates parts: int → one byte, string → one byte per char, byte[] → its bytes.</summary>
        internal static byte[] Build(params object[] parts)
        {
            var length = 0;
            foreach (var part in parts)
            {
                length += part is string ? ((string)part).Length : part is byte[] ? ((byte[])part).Length : 1;
            }

            var bytes = new byte[length];
            var n = 0;
            foreach (var part in parts)
            {
                if (part is string)
                {
                    var text = (string)part;
                    for (var i = 0; i < text.Length; i++)
                    {
                        bytes[n++] = (byte)text[i];
                    }
                }
                else if (part is byte[])
                {
                    var array = (byte[])part;
                    Array.Copy(array, 0, bytes, n, array.Length);
                    n += array.Length;
                }
                else
                {
                    bytes[n++] = (byte)(int)part;
                }
            }

            return bytes;
        }

        /// <summary>
        /// A whole message: the first 28 header bytes (op to giaddr), chaddr (padded to 16), sname (padded to 64) and
        /// file (padded to 128) as given or zero, the magic cookie, then the options as given.
        /// </summary>
        internal static byte[] Message(byte[] opToGiaddr, byte[] chaddr, byte[] sname, byte[] file, byte[] options)
        {
            var message = new byte[Options + options.Length];
            Array.Copy(opToGiaddr, message, 28);
            Array.Copy(chaddr, 0, message, 28, chaddr.Length);
            if (sname != null)
            {
                Array.Copy(sname, 0, message, 44, sname.Length);
            }

            if (file != null)
            {
                Array.Copy(file, 0, message, 108, file.Length);
            }

            // Magic cookie 99.130.83.99 (RFC 2131 §3).
            message[236] = 99;
            message[237] = 130;
            message[238] = 83;
            message[239] = 99;
            Array.Copy(options, 0, message, Options, options.Length);
            return message;
        }

        /// <summary>Header of a server reply to client 00:11:22:33:44:55 (RFC 2131 §2, figure 1).</summary>
        internal static byte[] ReplyHeader()
        {
            return Build(
                2,                      // op: BOOTREPLY
                1,                      // htype: Ethernet
                6,                      // hlen: 6-byte MAC
                0,                      // hops
                0x39, 0x03, 0xF3, 0x26, // xid 0x3903F326
                0x00, 0x00,             // secs
                0x80, 0x00,             // flags: broadcast bit
                0, 0, 0, 0,             // ciaddr 0.0.0.0
                192, 0, 2, 50,          // yiaddr 192.0.2.50
                192, 0, 2, 1,           // siaddr 192.0.2.1 (next server)
                0, 0, 0, 0);            // giaddr 0.0.0.0: no relay
        }

        /// <summary>
        /// Option 125 value (RFC 3925 §4) with our block and a CableLabs (4491) block whose sub-option we do not know.
        /// Our block's data starts at value offset 5.
        /// </summary>
        internal static byte[] VendorValue()
        {
            return Build(
                0x00, 0x00, 0x7E, 0xD9,        // enterprise-number 32473 (ours)
                86,                            // data-len
                201, 17, "00:11:22:33:44:55",  // sub-option 201 MAC as text
                202, 12, "+15551234567",       // sub-option 202 phone number
                203, 4, "1234",                // sub-option 203 additional (intra-office) number
                204, 11, "example.com",        // sub-option 204 SIP domain
                210, 16, "prov.example.com",   // sub-option 210 management server FQDN
                211, 14, "gk.example.com",     // sub-option 211 gatekeeper
                0x00, 0x00, 0x11, 0x8B,        // enterprise-number 4491 (CableLabs)
                5,                             // data-len
                2, 3, "abc");                  // sub-option 2, unknown to us: kept
        }

        /// <summary>Option 120 value, enc 0 (RFC 3361 §3.1) with a compression pointer (RFC 1035 §4.1.4).</summary>
        internal static byte[] SipNamesValue()
        {
            return Build(
                0,                                  // enc 0: domain names; pointers count from the next byte
                4, "sip1", 7, "example", 3, "com", 0, // sip1.example.com; "example" label at pointer offset 5
                4, "sip2", 0xC0, 0x05);             // sip2 + pointer to offset 5: sip2.example.com
        }

        /// <summary>A DHCPACK carrying every option the phone asks for (RFC 2132 unless noted).</summary>
        internal static byte[] TypicalAck()
        {
            var sip = SipNamesValue();
            var vendor = VendorValue();
            return Message(ReplyHeader(), Mac, null, null, Build(
                53, 1, 5,                               // message type: DHCPACK (§9.6)
                54, 4, 192, 0, 2, 1,                    // server identifier (§9.7)
                51, 4, 0x00, 0x01, 0x51, 0x80,          // lease time 86400 s (§9.2)
                58, 4, 0x00, 0x00, 0xA8, 0xC0,          // T1 43200 s (§9.11)
                59, 4, 0x00, 0x01, 0x27, 0x50,          // T2 75600 s (§9.12)
                1, 4, 255, 255, 255, 0,                 // subnet mask (§3.3)
                3, 4, 192, 0, 2, 1,                     // router (§3.5)
                6, 8, 192, 0, 2, 53, 198, 51, 100, 53,  // DNS servers (§3.8)
                15, 11, "example.com",                  // domain name (§3.17)
                42, 4, 192, 0, 2, 123,                  // NTP servers (§8.3)
                66, 16, "prov.example.com",             // TFTP server name (§9.4)
                67, 9, "phone.cfg",                     // boot file name (§9.5)
                150, 4, 192, 0, 2, 10,                  // TFTP server address (RFC 5859)
                120, sip.Length, sip,                   // SIP servers (RFC 3361)
                125, vendor.Length, vendor,             // V-I vendor-specific information (RFC 3925)
                43, 4, 1, 2, 0xAA, 0xBB,                // vendor-specific information (§8.4), opaque
                255));                                  // end (§3.2)
        }

        /// <summary>Runs <paramref name="action"/> and returns the DhcpFormatException it throws; fails otherwise.</summary>
        internal static DhcpFormatException Catch(Action action)
        {
            try
            {
                action();
            }
            catch (DhcpFormatException e)
            {
                return e;
            }

            Assert.IsTrue(false, "expected DhcpFormatException, nothing was thrown");
            return null;
        }

        /// <summary>Asserts field and offset of the DhcpFormatException thrown by <paramref name="action"/>.</summary>
        internal static void AssertFormatError(string field, int offset, Action action)
        {
            var e = Catch(action);
            Assert.AreEqual(field, e.Field, e.Message);
            Assert.AreEqual(offset, e.Offset, e.Message);
            Assert.Contains(field, e.Message);
            Assert.Contains(offset.ToString(), e.Message);
        }
    }
}
