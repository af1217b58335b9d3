using DeviceAgent.Dhcp;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Dhcp
{
    /// <summary>Option 120, RFC 3361 §3.1 (names, RFC 1035 §3.1 and §4.1.4 compression) and §3.2 (addresses).</summary>
    [TestClass]
    public class DhcpSipServersTests
    {
        [TestMethod]
        public void DecodeNames_Rfc3361Example_TwoNames()
        {
            // The RFC 3361 §3.1 example: example.com and example.net, uncompressed.
            var value = DhcpFixtures.Build(
                0,                                    // enc 0
                7, "example", 3, "com", 0,            // example.com
                7, "example", 3, "net", 0);           // example.net
            var names = DhcpSipServers.DecodeNames(value, 0, value.Length);

            Assert.AreEqual(2, names.Length);
            Assert.AreEqual("example.com", names[0]);
            Assert.AreEqual("example.net", names[1]);
            Assert.IsNull(DhcpSipServers.DecodeAddresses(value, 0, value.Length));
        }

        [TestMethod]
        public void DecodeNames_CompressionPointers_FollowedRelativeToAfterEnc()
        {
            // RFC 1035 §4.1.4 pointers; offsets count from the first byte after the enc byte.
            var value = DhcpFixtures.Build(
                0,                                // enc 0
                3, "sip", 7, "example", 3, "com", 0, // [0] sip.example.com; "example" at 4
                5, "proxy", 0xC0, 0x04,           // [17] proxy.example.com
                0xC0, 0x11);                      // [25] pointer to 17: proxy.example.com again
            var names = DhcpSipServers.DecodeNames(value, 0, value.Length);

            Assert.AreEqual(3, names.Length);
            Assert.AreEqual("sip.example.com", names[0]);
            Assert.AreEqual("proxy.example.com", names[1]);
            Assert.AreEqual("proxy.example.com", names[2]);
        }

        [TestMethod]
        public void Decode_Addresses_Enc1()
        {
            var value = DhcpFixtures.Build(
                1,               // enc 1: IPv4 addresses (RFC 3361 §3.2)
                192, 0, 2, 5,    // first SIP server
                192, 0, 2, 6);   // second
            DhcpSipServers.Decode(value, 0, value.Length, out var names, out var addresses);

            Assert.IsNull(names);
            Assert.AreEqual(2, addresses.Length);
            Assert.AreEqual("192.0.2.6", DhcpAddress.Format(addresses[1]));
        }

        [TestMethod]
        public void Decode_AddressesNotMultipleOf4_FormatError()
        {
            var value = DhcpFixtures.Build(1, 192, 0, 2, 5, 7);
            DhcpFixtures.AssertFormatError("option 120", 1, () => DhcpSipServers.DecodeAddresses(value, 0, value.Length));
        }

        [TestMethod]
        public void Decode_BadEncodingByte_FormatError()
        {
            var value = DhcpFixtures.Build(2, 192, 0, 2, 5);
            DhcpFixtures.AssertFormatError("option 120", 0, () => DhcpSipServers.DecodeNames(value, 0, value.Length));
        }

        [TestMethod]
        public void Decode_Empty_FormatError()
        {
            DhcpFixtures.AssertFormatError("option 120", 3, () => DhcpSipServers.DecodeNames(new byte[3], 3, 0));
            DhcpFixtures.AssertFormatError("option 120", 1, () => DhcpSipServers.DecodeNames(new byte[1], 0, 1));
        }

        [TestMethod]
        public void DecodeNames_PointerToItself_LoopRejected()
        {
            var value = DhcpFixtures.Build(
                0,                  // enc 0
                3, "sip", 0xC0, 0x00); // pointer back to the start of this same name: a loop
            DhcpFixtures.AssertFormatError("option 120", 5, () => DhcpSipServers.DecodeNames(value, 0, value.Length));
        }

        [TestMethod]
        public void DecodeNames_TwoPointersPingPong_LoopRejected()
        {
            var value = DhcpFixtures.Build(
                0,                   // enc 0
                1, "a", 0, // [0] a
                0xC0, 0x05,          // [3] pointer forward to 5
                0xC0, 0x03);         // [5] pointer back to 3
            DhcpFixtures.AssertFormatError("option 120", 4, () => DhcpSipServers.DecodeNames(value, 0, value.Length));
        }

        [TestMethod]
        public void DecodeNames_PointerOutOfRange_FormatError()
        {
            var value = DhcpFixtures.Build(0, 3, "sip", 0xC0, 0x40); // pointer to offset 64 of an 6-byte list
            var e = DhcpFixtures.Catch(() => DhcpSipServers.DecodeNames(value, 0, value.Length));
            Assert.AreEqual(5, e.Offset);
            Assert.Contains("outside", e.Reason);
        }

        [TestMethod]
        public void DecodeNames_LabelOver63_FormatError()
        {
            var value = DhcpFixtures.Build(0, 3, "sip", 0x40, "x", 0); // 0x40: reserved label type, not a length
            DhcpFixtures.AssertFormatError("option 120", 5, () => DhcpSipServers.DecodeNames(value, 0, value.Length));
        }

        [TestMethod]
        public void DecodeNames_NameOver255_FormatError()
        {
            // Five 63-byte labels make a 321-byte name (RFC 1035 §2.3.4 limits names to 255).
            var value = new byte[1 + 5 * 64 + 1];
            for (var i = 0; i < 5; i++)
            {
                value[1 + 64 * i] = 63;
                for (var j = 1; j < 64; j++)
                {
                    value[1 + 64 * i + j] = (byte)'a';
                }
            }

            DhcpFixtures.AssertFormatError("option 120", 1 + 64 * 3, () => DhcpSipServers.DecodeNames(value, 0, value.Length));
        }

        [TestMethod]
        public void DecodeNames_MissingTerminator_FormatError()
        {
            var value = DhcpFixtures.Build(0, 3, "sip");
            DhcpFixtures.AssertFormatError("option 120", 5, () => DhcpSipServers.DecodeNames(value, 0, value.Length));
        }

        [TestMethod]
        public void DecodeNames_RootName_FormatError()
        {
            var value = DhcpFixtures.Build(0, 0);
            DhcpFixtures.AssertFormatError("option 120", 1, () => DhcpSipServers.DecodeNames(value, 0, value.Length));
        }

        [TestMethod]
        public void EncodeNames_RoundTrip()
        {
            var value = DhcpSipServers.EncodeNames(new string[] { "sip.example.com.", "b.example.org" });

            CollectionAssert.AreEqual(DhcpFixtures.Build(0, 3, "sip", 7, "example", 3, "com", 0, 1, "b", 7, "example", 3, "org", 0), value);
            var names = DhcpSipServers.DecodeNames(value, 0, value.Length);
            Assert.AreEqual("sip.example.com", names[0]);
            Assert.AreEqual("b.example.org", names[1]);
        }

        [TestMethod]
        public void EncodeNames_EmptyLabel_ArgumentException()
        {
            Assert.ThrowsException(typeof(System.ArgumentException), () => DhcpSipServers.EncodeNames(new string[] { "a..b" }));
            Assert.ThrowsException(typeof(System.ArgumentException), () => DhcpSipServers.EncodeNames(new string[0]));
        }

        [TestMethod]
        public void GetSipServerNames_SplitOption_PointersSpanInstances()
        {
            // RFC 3396: option 120 split in two; the pointer in the second part refers to the first part.
            var bytes = DhcpFixtures.Message(DhcpFixtures.ReplyHeader(), DhcpFixtures.Mac, null, null, DhcpFixtures.Build(
                53, 1, 5,                               // ACK
                120, 10, 0, 3, "sip", 7, "exam",        // enc 0, sip.exam... (first part)
                1, 4, 255, 255, 255, 0,                 // subnet mask between the parts
                120, 12, "ple", 3, "com", 0, 1, "b", 0xC0, 0x04, // ...ple.com, then b + pointer to "example"
                255));
            var message = DhcpMessage.Read(bytes, 0, bytes.Length);
            var names = message.GetSipServerNames();

            Assert.AreEqual(2, names.Length);
            Assert.AreEqual("sip.example.com", names[0]);
            Assert.AreEqual("b.example.com", names[1]);
        }

        [TestMethod]
        public void GetSipServerNames_SplitOptionLoop_OffsetInBuffer()
        {
            var bytes = DhcpFixtures.Message(DhcpFixtures.ReplyHeader(), DhcpFixtures.Mac, null, null, DhcpFixtures.Build(
                120, 3, 0, 1, "a",   // enc 0, label "a" (value at 242)
                120, 2, 0xC0, 0x00,  // second part at 247: pointer to the start of this name, a loop
                255));
            var message = DhcpMessage.Read(bytes, 0, bytes.Length);

            DhcpFixtures.AssertFormatError("option 120", 247, () => message.GetSipServerNames());
            DhcpFixtures.AssertFormatError("option 120", 247, () => DhcpVoipOptions.FromMessage(message, DhcpFixtures.Enterprise));
        }
    }
}
