using DeviceAgent.Dhcp;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Dhcp
{
    /// <summary>Reading DHCP messages: RFC 2131 §2 header, RFC 2132 options, §9.3 overload, RFC 3396 concatenation.</summary>
    [TestClass]
    public class DhcpMessageTests
    {
        [TestMethod]
        public void Read_TypicalAck_HeaderFields()
        {
            var message = DhcpMessage.Read(DhcpFixtures.TypicalAck(), 0, DhcpFixtures.TypicalAck().Length);

            Assert.AreEqual(DhcpMessage.BootReply, message.Op);
            Assert.AreEqual((byte)1, message.HardwareType);
            Assert.AreEqual((byte)6, message.HardwareAddressLength);
            Assert.AreEqual(0x3903F326u, message.TransactionId);
            Assert.IsTrue(message.IsBroadcast);
            Assert.AreEqual(0u, message.ClientAddress);
            Assert.AreEqual(DhcpAddress.FromOctets(192, 0, 2, 50), message.YourAddress);
            Assert.AreEqual(DhcpAddress.FromOctets(192, 0, 2, 1), message.ServerAddress);
            Assert.AreEqual(0u, message.RelayAgentAddress);
            Assert.IsTrue(message.ClientHardwareAddressEquals(DhcpFixtures.Mac));
            CollectionAssert.AreEqual(DhcpFixtures.Mac, message.GetClientHardwareAddress());
            Assert.AreEqual((int)DhcpMessageType.Ack, (int)message.MessageType);
            Assert.AreEqual(0, message.Overload);
            Assert.IsNull(message.GetServerHostName());
            Assert.IsNull(message.GetBootFileName());
        }

        [TestMethod]
        public void TypedAccessors_TypicalAck_DecodeEveryOption()
        {
            var bytes = DhcpFixtures.TypicalAck();
            var message = DhcpMessage.Read(bytes, 0, bytes.Length);

            Assert.IsTrue(message.TryGetAddress(DhcpOptionCode.ServerIdentifier, out var server));
            Assert.AreEqual("192.0.2.1", DhcpAddress.Format(server));
            Assert.IsTrue(message.TryGetUInt32(DhcpOptionCode.LeaseTime, out var lease));
            Assert.AreEqual(86400u, lease);
            Assert.IsTrue(message.TryGetUInt32(DhcpOptionCode.RenewalTime, out var t1));
            Assert.AreEqual(43200u, t1);
            Assert.IsTrue(message.TryGetUInt32(DhcpOptionCode.RebindingTime, out var t2));
            Assert.AreEqual(75600u, t2);
            Assert.IsTrue(message.TryGetAddress(DhcpOptionCode.SubnetMask, out var mask));
            Assert.AreEqual(0xFFFFFF00u, mask);
            var dns = message.GetAddresses(DhcpOptionCode.DomainNameServer);
            Assert.AreEqual(2, dns.Length);
            Assert.AreEqual("198.51.100.53", DhcpAddress.Format(dns[1]));
            Assert.AreEqual("example.com", message.GetText(DhcpOptionCode.DomainName));
            Assert.AreEqual("prov.example.com", message.GetText(DhcpOptionCode.TftpServerName));
            CollectionAssert.AreEqual(new byte[] { 1, 2, 0xAA, 0xBB }, message.GetBytes(DhcpOptionCode.VendorSpecific));
            Assert.IsNull(message.GetText(DhcpOptionCode.HostName));
            Assert.IsFalse(message.TryGetUInt32(DhcpOptionCode.MaxMessageSize, out _));
            Assert.IsFalse(message.HasOption(DhcpOptionCode.Pad));
            Assert.IsTrue(message.HasOption(DhcpOptionCode.SipServers));
        }

        [TestMethod]
        public void TryGetOption_SingleInstance_PointsIntoBuffer()
        {
            var bytes = DhcpFixtures.TypicalAck();
            var message = DhcpMessage.Read(bytes, 0, bytes.Length);

            Assert.IsTrue(message.TryGetOption(DhcpOptionCode.MessageType, out var data, out var offset, out var length));
            Assert.IsTrue(object.ReferenceEquals(bytes, data));
            Assert.AreEqual(DhcpFixtures.Options + 2, offset);
            Assert.AreEqual(1, length);
        }

        [TestMethod]
        public void FromMessage_TypicalAck_AllVoipOptions()
        {
            var bytes = DhcpFixtures.TypicalAck();
            var voip = DhcpVoipOptions.FromMessage(DhcpMessage.Read(bytes, 0, bytes.Length), DhcpFixtures.Enterprise);

            Assert.AreEqual(2, voip.SipServerNames.Length);
            Assert.AreEqual("sip1.example.com", voip.SipServerNames[0]);
            Assert.AreEqual("sip2.example.com", voip.SipServerNames[1]);
            Assert.IsNull(voip.SipServerAddresses);
            Assert.AreEqual("example.com", voip.SipDomain);
            CollectionAssert.AreEqual(DhcpFixtures.Mac, voip.MacAddress);
            Assert.AreEqual("+15551234567", voip.PhoneNumber);
            Assert.AreEqual("1234", voip.AdditionalPhoneNumber);
            Assert.AreEqual("prov.example.com", voip.ManagementServer);
            Assert.AreEqual("gk.example.com", voip.Gatekeeper);
            Assert.AreEqual("prov.example.com", voip.ConfigServerName);
            Assert.AreEqual("phone.cfg", voip.BootFile);
            Assert.AreEqual(1, voip.ConfigServerAddresses.Length);
            Assert.AreEqual("192.0.2.10", DhcpAddress.Format(voip.ConfigServerAddresses[0]));
            Assert.AreEqual("192.0.2.123", DhcpAddress.Format(voip.NtpServers[0]));
            CollectionAssert.AreEqual(new byte[] { 1, 2, 0xAA, 0xBB }, voip.VendorSpecific);
            Assert.AreEqual(2, voip.VendorBlocks.Length);
        }

        [TestMethod]
        public void FromMessage_OtherEnterprise_NoSubOptions()
        {
            var bytes = DhcpFixtures.TypicalAck();
            var voip = DhcpVoipOptions.FromMessage(DhcpMessage.Read(bytes, 0, bytes.Length), 9);

            Assert.IsNull(voip.PhoneNumber);
            Assert.IsNull(voip.MacAddress);
            Assert.AreEqual(2, voip.VendorBlocks.Length);
        }

        [TestMethod]
        public void Read_WithOffset_ReadsMessageInsideLargerBuffer()
        {
            var ack = DhcpFixtures.TypicalAck();
            var buffer = new byte[ack.Length + 20];
            System.Array.Copy(ack, 0, buffer, 7, ack.Length);

            var message = DhcpMessage.Read(buffer, 7, ack.Length);

            Assert.AreEqual(0x3903F326u, message.TransactionId);
            Assert.AreEqual("sip2.example.com", message.GetSipServerNames()[1]);
            Assert.AreEqual("example.com", message.GetText(DhcpOptionCode.DomainName));
        }

        [TestMethod]
        public void Read_EveryTruncation_OnlyFormatErrorsOrValidPrefix()
        {
            // Cutting a valid ACK anywhere must never crash the reader (RFC 2131 §2 header, options of RFC 2132).
            var ack = DhcpFixtures.TypicalAck();
            for (var length = 0; length < ack.Length; length++)
            {
                try
                {
                    var message = DhcpMessage.Read(ack, 0, length);
                    DhcpVoipOptions.FromMessage(message, DhcpFixtures.Enterprise);
                    Assert.IsTrue(length >= DhcpFixtures.Options, "a message shorter than header and cookie was accepted at " + length.ToString());
                }
                catch (DhcpFormatException e)
                {
                    Assert.IsTrue(e.Offset >= 0 && e.Offset <= length, "offset " + e.Offset.ToString() + " outside the message at " + length.ToString());
                }
            }
        }

        [TestMethod]
        public void Read_ShortHeader_NamesHeader()
        {
            DhcpFixtures.AssertFormatError("header", 100, () => DhcpMessage.Read(new byte[100], 0, 100));
        }

        [TestMethod]
        public void Read_NoCookie_NamesMagicCookie()
        {
            DhcpFixtures.AssertFormatError("magic cookie", 238, () => DhcpMessage.Read(new byte[238], 0, 238));
        }

        [TestMethod]
        public void Read_BadCookie_NamesMagicCookieAtItsOffset()
        {
            var bytes = DhcpFixtures.TypicalAck();
            bytes[239] = 98;
            DhcpFixtures.AssertFormatError("magic cookie", 236, () => DhcpMessage.Read(bytes, 0, bytes.Length));
        }

        [TestMethod]
        public void Read_HardwareLengthOver16_NamesChaddr()
        {
            var bytes = DhcpFixtures.TypicalAck();
            bytes[2] = 17;
            DhcpFixtures.AssertFormatError("chaddr", 2, () => DhcpMessage.Read(bytes, 0, bytes.Length));
        }

        [TestMethod]
        public void Read_OptionLengthPastEnd_NamesOptionAndLengthByte()
        {
            var bytes = DhcpFixtures.Message(DhcpFixtures.ReplyHeader(), DhcpFixtures.Mac, null, null, DhcpFixtures.Build(
                53, 1, 5,        // message type ACK
                12, 10, "abc")); // host name claiming 10 bytes, 3 present
            DhcpFixtures.AssertFormatError("option 12", 244, () => DhcpMessage.Read(bytes, 0, bytes.Length));
        }

        [TestMethod]
        public void Read_OptionCodeWithoutLength_NamesOption()
        {
            var bytes = DhcpFixtures.Message(DhcpFixtures.ReplyHeader(), DhcpFixtures.Mac, null, null, DhcpFixtures.Build(
                53, 1, 5,  // message type ACK
                12));      // host name code, then the packet ends
            DhcpFixtures.AssertFormatError("option 12", 244, () => DhcpMessage.Read(bytes, 0, bytes.Length));
        }

        [TestMethod]
        public void Read_MissingEndOption_Tolerated()
        {
            // RFC 2131 §4.1 wants the end option; complete options without it are accepted (RFC 1122 §1.2.2).
            var bytes = DhcpFixtures.Message(DhcpFixtures.ReplyHeader(), DhcpFixtures.Mac, null, null, DhcpFixtures.Build(
                53, 1, 2,            // message type OFFER
                0, 0,                // pads
                51, 4, 0, 0, 1, 0)); // lease time 256 s, no end option
            var message = DhcpMessage.Read(bytes, 0, bytes.Length);

            Assert.AreEqual((int)DhcpMessageType.Offer, (int)message.MessageType);
            Assert.IsTrue(message.TryGetUInt32(DhcpOptionCode.LeaseTime, out var lease));
            Assert.AreEqual(256u, lease);
        }

        [TestMethod]
        public void Read_BytesAfterEnd_Ignored()
        {
            var bytes = DhcpFixtures.Message(DhcpFixtures.ReplyHeader(), DhcpFixtures.Mac, null, null, DhcpFixtures.Build(
                53, 1, 5,        // message type ACK
                255,             // end
                12, 200, "x"));  // garbage after end: must not be read
            var message = DhcpMessage.Read(bytes, 0, bytes.Length);

            Assert.IsNull(message.GetText(DhcpOptionCode.HostName));
        }

        [TestMethod]
        public void TypedAccessor_WrongFixedLength_NamesOption()
        {
            var bytes = DhcpFixtures.Message(DhcpFixtures.ReplyHeader(), DhcpFixtures.Mac, null, null, DhcpFixtures.Build(
                53, 1, 5,            // message type ACK
                51, 3, 0, 1, 0,      // lease time with 3 bytes: must be 4 (RFC 2132 §9.2)
                3, 5, 1, 2, 3, 4, 5, // router list of 5 bytes: must be a multiple of 4 (§3.5)
                255));
            var message = DhcpMessage.Read(bytes, 0, bytes.Length);

            DhcpFixtures.AssertFormatError("option 51", 245, () => message.TryGetUInt32(DhcpOptionCode.LeaseTime, out _));
            DhcpFixtures.AssertFormatError("option 3", 250, () => message.GetAddresses(DhcpOptionCode.Router));
        }

        [TestMethod]
        public void Read_MessageTypeTwoBytes_NamesOption53()
        {
            var bytes = DhcpFixtures.Message(DhcpFixtures.ReplyHeader(), DhcpFixtures.Mac, null, null, DhcpFixtures.Build(53, 2, 5, 5, 255));
            DhcpFixtures.AssertFormatError("option 53", 242, () => DhcpMessage.Read(bytes, 0, bytes.Length));
        }

        [TestMethod]
        public void Read_OverloadFile_OptionsInFileField()
        {
            // RFC 2132 §9.3: value 1, the 'file' field holds options; read after the options field (RFC 2131 §4.1).
            var file = DhcpFixtures.Build(
                66, 4, "tftp",  // TFTP server name
                67, 3, "a.b",   // boot file name
                255);           // end of the file field's options
            var bytes = DhcpFixtures.Message(DhcpFixtures.ReplyHeader(), DhcpFixtures.Mac, DhcpFixtures.Build("srv"), file, DhcpFixtures.Build(
                53, 1, 5,       // ACK
                52, 1, 1,       // overload: file
                255));
            var message = DhcpMessage.Read(bytes, 0, bytes.Length);
            var voip = DhcpVoipOptions.FromMessage(message, DhcpFixtures.Enterprise);

            Assert.AreEqual(1, message.Overload);
            Assert.AreEqual("a.b", voip.BootFile);
            Assert.AreEqual("tftp", voip.ConfigServerName);
            Assert.IsNull(message.GetBootFileName());
            Assert.AreEqual("srv", message.GetServerHostName());
        }

        [TestMethod]
        public void Read_OverloadSname_OptionsInSnameField()
        {
            var sname = DhcpFixtures.Build(
                42, 4, 192, 0, 2, 9); // NTP server, no end: the field's end closes it
            var bytes = DhcpFixtures.Message(DhcpFixtures.ReplyHeader(), DhcpFixtures.Mac, sname, DhcpFixtures.Build("boot.bin"), DhcpFixtures.Build(
                53, 1, 5,  // ACK
                52, 1, 2,  // overload: sname
                255));
            var message = DhcpMessage.Read(bytes, 0, bytes.Length);
            var voip = DhcpVoipOptions.FromMessage(message, DhcpFixtures.Enterprise);

            Assert.AreEqual("192.0.2.9", DhcpAddress.Format(voip.NtpServers[0]));
            Assert.IsNull(message.GetServerHostName());
            Assert.AreEqual("boot.bin", voip.BootFile);
            Assert.IsNull(voip.ConfigServerName);
        }

        [TestMethod]
        public void Read_OverloadBoth_ConcatenatesOptionsFileSnameInOrder()
        {
            // RFC 3396 §5: a split option is the concatenation in the order options field, file, sname.
            var bytes = DhcpFixtures.Message(DhcpFixtures.ReplyHeader(), DhcpFixtures.Mac,
                DhcpFixtures.Build(15, 4, ".com", 255),       // sname: third part of the domain name
                DhcpFixtures.Build(0, 15, 4, "mple", 255),    // file: pad, then the second part
                DhcpFixtures.Build(
                    53, 1, 5,              // ACK
                    15, 3, "exa",          // domain name, first part
                    52, 1, 3,              // overload: file and sname
                    255));
            var message = DhcpMessage.Read(bytes, 0, bytes.Length);

            Assert.AreEqual(3, message.Overload);
            Assert.AreEqual("example.com", message.GetText(DhcpOptionCode.DomainName));
            Assert.IsNull(message.GetServerHostName());
            Assert.IsNull(message.GetBootFileName());
        }

        [TestMethod]
        public void Read_OverloadBadValue_NamesOption52()
        {
            var bytes = DhcpFixtures.Message(DhcpFixtures.ReplyHeader(), DhcpFixtures.Mac, null, null, DhcpFixtures.Build(53, 1, 5, 52, 1, 4, 255));
            DhcpFixtures.AssertFormatError("option 52", 245, () => DhcpMessage.Read(bytes, 0, bytes.Length));
        }

        [TestMethod]
        public void Read_OptionPastEndOfFileField_NamesOption()
        {
            var file = new byte[128];
            file[126] = 66;  // TFTP server name at the last two bytes of 'file'
            file[127] = 5;   // its length runs into 'sname'... which it may not (RFC 3396 §5: no spanning)
            var bytes = DhcpFixtures.Message(DhcpFixtures.ReplyHeader(), DhcpFixtures.Mac, null, file, DhcpFixtures.Build(53, 1, 5, 52, 1, 1, 255));
            DhcpFixtures.AssertFormatError("option 66", 108 + 127, () => DhcpMessage.Read(bytes, 0, bytes.Length));
        }

        [TestMethod]
        public void TryGetOption_SplitOption_ConcatenatesIntoCopy()
        {
            // RFC 3396 §7: instances of one option are concatenated in order, even with other options between.
            var bytes = DhcpFixtures.Message(DhcpFixtures.ReplyHeader(), DhcpFixtures.Mac, null, null, DhcpFixtures.Build(
                6, 4, 192, 0, 2, 53,      // DNS, first instance
                53, 1, 5,                 // ACK
                6, 4, 198, 51, 100, 53,   // DNS, second instance
                255));
            var message = DhcpMessage.Read(bytes, 0, bytes.Length);

            Assert.IsTrue(message.TryGetOption(DhcpOptionCode.DomainNameServer, out var data, out var offset, out var length));
            Assert.IsFalse(object.ReferenceEquals(bytes, data));
            Assert.AreEqual(0, offset);
            Assert.AreEqual(8, length);
            Assert.AreEqual(2, message.GetAddresses(DhcpOptionCode.DomainNameServer).Length);
        }

        [TestMethod]
        public void TypedAccessor_SplitOptionBadLength_OffsetInBuffer()
        {
            var bytes = DhcpFixtures.Message(DhcpFixtures.ReplyHeader(), DhcpFixtures.Mac, null, null, DhcpFixtures.Build(
                53, 1, 5,          // ACK
                3, 2, 192, 0,      // router, first part (value at 245)
                3, 1, 2,           // router, second part: 3 bytes in all, not a multiple of 4
                255));
            var message = DhcpMessage.Read(bytes, 0, bytes.Length);

            DhcpFixtures.AssertFormatError("option 3", 245, () => message.GetAddresses(DhcpOptionCode.Router));
        }

        [TestMethod]
        public void Scanner_TypicalAck_GivesEveryOptionInOrder()
        {
            var bytes = DhcpFixtures.TypicalAck();
            var scanner = new DhcpOptionScanner(bytes, 0, bytes.Length);
            var codes = new byte[20];
            var count = 0;
            while (scanner.MoveNext())
            {
                codes[count++] = scanner.Code;
            }

            Assert.AreEqual(16, count);
            Assert.AreEqual((byte)53, codes[0]);
            Assert.AreEqual((byte)120, codes[13]);
            Assert.AreEqual((byte)43, codes[15]);
            Assert.IsTrue(scanner.IsDone);
            Assert.IsFalse(scanner.MoveNext());
        }
    }
}
