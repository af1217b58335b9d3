using System;
using DeviceAgent.Identity;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Identity
{
    /// <summary>Host syntax per RFC 1123 section 2.1 and RFC 3696 section 2; binary form as in ProvisioningContact's remarks.</summary>
    [TestClass]
    public class ProvisioningContactTests
    {
        [TestMethod]
        public void Parse_DomainName_NoPort()
        {
            ProvisioningContact contact = ProvisioningContact.Parse("prov.example.com");
            Assert.AreEqual("prov.example.com", contact.Host);
            Assert.AreEqual(0, contact.Port);
            Assert.IsFalse(contact.IsIPv4);
            Assert.AreEqual("prov.example.com", contact.ToString());
        }

        [TestMethod]
        public void Parse_DomainNameWithPort_KeepsPort()
        {
            ProvisioningContact contact = ProvisioningContact.Parse("prov.example.com:8443");
            Assert.AreEqual("prov.example.com", contact.Host);
            Assert.AreEqual(8443, contact.Port);
            Assert.AreEqual("prov.example.com:8443", contact.ToString());
        }

        [TestMethod]
        public void Parse_IPv4WithPort_IsIPv4()
        {
            ProvisioningContact contact = ProvisioningContact.Parse("192.0.2.10:8080");
            Assert.IsTrue(contact.IsIPv4);
            Assert.AreEqual("192.0.2.10", contact.Host);
            Assert.AreEqual(8080, contact.Port);
            Assert.AreEqual("192.0.2.10:8080", contact.ToString());
        }

        [TestMethod]
        public void Parse_UpperCaseName_LowerCased()
        {
            Assert.AreEqual("prov.example.com:1", ProvisioningContact.Parse("Prov.EXAMPLE.com:1").ToString());
        }

        [TestMethod]
        public void Parse_Limits_Accepted()
        {
            Assert.AreEqual(65535, ProvisioningContact.Parse("a:65535").Port);
            Assert.AreEqual("0.0.0.0", ProvisioningContact.Parse("0.0.0.0:1").Host);
            Assert.AreEqual("255.255.255.255", ProvisioningContact.Parse("255.255.255.255:1").Host);
            Assert.AreEqual("1a.example", ProvisioningContact.Parse("1a.example").Host);
            Assert.AreEqual(63, ProvisioningContact.Parse(new string('a', 63) + ".com").Host.Length - 4);
            Assert.AreEqual(253, ProvisioningContact.Parse(LongName(253)).Host.Length);
        }

        [TestMethod]
        public void Parse_BadText_ThrowsNamingField()
        {
            string[] bad = new string[]
            {
                null, "", ":80", "host:", "host:0", "host:65536", "host:70000", "host:abc", "host:-1", "host:+80",
                "a b", " host", "host ", "-host.com", "host-.com", "a..b", "host.", ".host", "host_name", "höst",
                "256.1.1.1:80", "1.2.3:80", "01.2.3.4", "1.2.3.4.5", "1.2.3.4:", "[::1]:80", "::1", "a:b:c",
                "example.123", new string('a', 64) + ".com", LongName(254),
            };
            for (int i = 0; i < bad.Length; i++)
            {
                string text = bad[i];
                try
                {
                    ProvisioningContact.Parse(text);
                    Assert.IsTrue(false, "accepted '" + text + "'");
                }
                catch (IdentityFormatException e)
                {
                    Assert.AreEqual("provisioningContact", e.Field, text);
                }
            }
        }

        [TestMethod]
        public void Parse_BadPort_OffsetPointsAtPort()
        {
            IdentityFormatException e = ParseError("prov.example.com:8x");
            Assert.AreEqual(18, e.Offset);
            Assert.Contains("provisioningContact at offset 18", e.Message);
        }

        [TestMethod]
        public void Encode_IPv4_AnnotatedBytes()
        {
            byte[] expected = new byte[]
            {
                0x02,                   // kind: IPv4
                0x1F, 0x90,             // port 8080
                0xC0, 0x00, 0x02, 0x0A, // 192.0.2.10
            };
            AssertEncodes(expected, ProvisioningContact.Parse("192.0.2.10:8080"));
        }

        [TestMethod]
        public void Encode_DomainName_AnnotatedBytes()
        {
            byte[] expected = new byte[]
            {
                0x01,                   // kind: host name
                0x00, 0x00,             // no port
                0x05,                   // name length
                (byte)'p', (byte)'r', (byte)'o', (byte)'v', (byte)'1',
            };
            AssertEncodes(expected, ProvisioningContact.Parse("prov1"));
        }

        [TestMethod]
        public void EncodeDecode_AtOffset_RoundTrips()
        {
            string[] texts = new string[] { "prov.example.com", "prov.example.com:8443", "192.0.2.10:8080", "10.0.0.1", LongName(253) + ":1" };
            for (int i = 0; i < texts.Length; i++)
            {
                ProvisioningContact contact = ProvisioningContact.Parse(texts[i]);
                byte[] buffer = new byte[ProvisioningContact.MaxEncodedLength + 10];
                int length = contact.Encode(buffer, 5);
                Assert.AreEqual(contact.EncodedLength, length);
                ProvisioningContact decoded = ProvisioningContact.Decode(buffer, 5, length);
                Assert.AreEqual(contact, decoded);
                Assert.AreEqual(texts[i], decoded.ToString());
            }
        }

        [TestMethod]
        public void Encode_BufferTooSmall_Throws()
        {
            ProvisioningContact contact = ProvisioningContact.Parse("192.0.2.10:8080");
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => contact.Encode(new byte[7], 1));
        }

        [TestMethod]
        public void Decode_EveryTruncation_Throws()
        {
            ProvisioningContact contact = ProvisioningContact.Parse("prov.example.com:8443");
            byte[] buffer = new byte[contact.EncodedLength];
            contact.Encode(buffer, 0);
            for (int count = 0; count < buffer.Length; count++)
            {
                Assert.ThrowsException(typeof(IdentityFormatException), () => ProvisioningContact.Decode(buffer, 0, count), "count " + count.ToString());
            }
        }

        [TestMethod]
        public void Decode_Malformed_ThrowsWithOffset()
        {
            // Each case: bytes at offset 2 of a buffer, and the offset the error must name.
            AssertDecodeError(new byte[] { 0x03, 0x00, 0x50, 1, 2, 3, 4 }, 2);                // unknown kind
            AssertDecodeError(new byte[] { 0x02, 0x00, 0x50, 1, 2, 3 }, 2);                   // IPv4 one byte short
            AssertDecodeError(new byte[] { 0x02, 0x00, 0x50, 1, 2, 3, 4, 5 }, 2);             // IPv4 one byte long
            AssertDecodeError(new byte[] { 0x01, 0x00, 0x50, 0x00 }, 5);                      // empty name
            AssertDecodeError(new byte[] { 0x01, 0x00, 0x50, 0x03, (byte)'a', (byte)'b' }, 5); // name shorter than its length
            AssertDecodeError(new byte[] { 0x01, 0x00, 0x50, 0x02, (byte)'a', (byte)' ' }, 7); // space in name
            AssertDecodeError(new byte[] { 0x01, 0x00, 0x50, 0x03, (byte)'1', (byte)'.', (byte)'2' }, 6); // numeric name
            AssertDecodeError(new byte[] { 0x01, 0x00, 0x50, 0x02, (byte)'a', (byte)'-' }, 6); // label ends with '-'
        }

        [TestMethod]
        public void Decode_PortZero_MeansNoPort()
        {
            ProvisioningContact contact = ProvisioningContact.Decode(new byte[] { 0x02, 0x00, 0x00, 192, 0, 2, 1 }, 0, 7);
            Assert.AreEqual(0, contact.Port);
            Assert.AreEqual("192.0.2.1", contact.ToString());
        }

        [TestMethod]
        public void FromParts_MatchParse()
        {
            Assert.AreEqual(ProvisioningContact.Parse("192.0.2.10:8080"), ProvisioningContact.FromIPv4(0xC000020A, 8080));
            Assert.AreEqual(ProvisioningContact.Parse("prov.example.com"), ProvisioningContact.FromDomainName("PROV.example.com", 0));
            Assert.ThrowsException(typeof(IdentityFormatException), () => ProvisioningContact.FromDomainName("prov.example.com", 65536));
            Assert.ThrowsException(typeof(IdentityFormatException), () => ProvisioningContact.FromIPv4(1, -1));
            Assert.ThrowsException(typeof(IdentityFormatException), () => ProvisioningContact.FromDomainName("10.0.0.1", 80));
        }

        [TestMethod]
        public void Equals_DiffersByPortOrHost()
        {
            Assert.AreNotEqual(ProvisioningContact.Parse("a.example:1"), ProvisioningContact.Parse("a.example:2"));
            Assert.AreNotEqual(ProvisioningContact.Parse("a.example:1"), ProvisioningContact.Parse("b.example:1"));
            Assert.AreEqual(ProvisioningContact.Parse("a.example:1"), ProvisioningContact.Parse("A.example:1"));
        }

        /// <summary>A valid host name of exactly <paramref name="length"/> characters, in labels of up to 63.</summary>
        internal static string LongName(int length)
        {
            string name = "";
            while (name.Length < length)
            {
                int label = length - name.Length - (name.Length == 0 ? 0 : 1);
                if (label > 63)
                {
                    label = 63;
                }

                name = name.Length == 0 ? new string('x', label) : name + "." + new string('y', label);
                if (length - name.Length == 1)
                {
                    // A lone remaining character cannot form a label after a dot: lengthen the last label instead.
                    name = name.Substring(0, name.Length - 1) + "zz";
                }
            }

            return name;
        }

        private static IdentityFormatException ParseError(string text)
        {
            try
            {
                ProvisioningContact.Parse(text);
            }
            catch (IdentityFormatException e)
            {
                return e;
            }

            Assert.IsTrue(false, "accepted '" + text + "'");
            return null;
        }

        private static void AssertEncodes(byte[] expected, ProvisioningContact contact)
        {
            byte[] actual = new byte[contact.EncodedLength];
            Assert.AreEqual(expected.Length, contact.Encode(actual, 0));
            CollectionAssert.AreEqual(expected, actual);
            Assert.AreEqual(contact, ProvisioningContact.Decode(expected, 0, expected.Length));
        }

        private static void AssertDecodeError(byte[] encoding, int expectedOffset)
        {
            byte[] buffer = new byte[encoding.Length + 4];
            Array.Copy(encoding, 0, buffer, 2, encoding.Length);
            try
            {
                ProvisioningContact.Decode(buffer, 2, encoding.Length);
            }
            catch (IdentityFormatException e)
            {
                Assert.AreEqual("provisioningContact", e.Field);
                Assert.AreEqual(expectedOffset, e.Offset, e.Message);
                return;
            }

            Assert.IsTrue(false, "decoded a malformed contact");
        }
    }
}
