using DeviceAgent.Dhcp;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Dhcp
{
    /// <summary>Option 125, vendor-identifying vendor-specific information (RFC 3925 §4), and our sub-options.</summary>
    [TestClass]
    public class DhcpVendorBlockTests
    {
        [TestMethod]
        public void Decode_SeveralEnterprises_KeepsEveryBlockAndSubOption()
        {
            var value = DhcpFixtures.VendorValue();
            var blocks = DhcpVendorBlock.Decode(value, 0, value.Length);

            Assert.AreEqual(2, blocks.Length);
            Assert.AreEqual(DhcpFixtures.Enterprise, blocks[0].EnterpriseNumber);
            Assert.AreEqual(6, blocks[0].SubOptionCount);
            Assert.AreEqual("+15551234567", blocks[0].GetText(DhcpVoipOptions.SubOptionPhoneNumber));
            Assert.AreEqual(4491u, blocks[1].EnterpriseNumber);
            Assert.AreEqual(1, blocks[1].SubOptionCount);
            blocks[1].GetSubOption(0, out var code, out var offset, out var length);
            Assert.AreEqual((byte)2, code);
            Assert.AreEqual("abc", blocks[1].GetText(2));
            Assert.AreEqual(2, offset);
            Assert.AreEqual(3, length);
            Assert.IsNull(blocks[1].GetBytes(9));
        }

        [TestMethod]
        public void Decode_HeaderTruncated_NamesOption125()
        {
            var value = DhcpFixtures.Build(0, 0, 0x7E, 0xD9); // enterprise-number without data-len
            DhcpFixtures.AssertFormatError("option 125", 0, () => DhcpVendorBlock.Decode(value, 0, value.Length));
        }

        [TestMethod]
        public void Decode_DataLenPastEnd_NamesEnterprise()
        {
            var value = DhcpFixtures.Build(0, 0, 0x11, 0x8B, 9, 2, 1, 0); // data-len 9, 3 bytes present
            DhcpFixtures.AssertFormatError("option 125 enterprise 4491", 4, () => DhcpVendorBlock.Decode(value, 0, value.Length));
        }

        [TestMethod]
        public void Decode_SubOptionPastBlock_NamesSubOption()
        {
            var value = DhcpFixtures.Build(
                0, 0, 0x11, 0x8B, 4,   // enterprise 4491, data-len 4
                204, 5, "ab",          // sub-option 204 claims 5 bytes, 2 left in the block
                0, 0, 0, 9, 0);        // a following empty block of enterprise 9
            DhcpFixtures.AssertFormatError("option 125 enterprise 4491 sub-option 204", 6, () => DhcpVendorBlock.Decode(value, 0, value.Length));
        }

        [TestMethod]
        public void Decode_SubOptionWithoutLength_NamesSubOption()
        {
            var value = DhcpFixtures.Build(0, 0, 0x11, 0x8B, 1, 204);
            DhcpFixtures.AssertFormatError("option 125 enterprise 4491 sub-option 204", 6, () => DhcpVendorBlock.Decode(value, 0, value.Length));
        }

        [TestMethod]
        public void EncodeDecode_BuiltBlocks_RoundTrip()
        {
            var ours = new DhcpVendorBlock(DhcpFixtures.Enterprise);
            ours.AddText(DhcpVoipOptions.SubOptionSipDomain, "example.com");
            ours.AddSubOption(DhcpVoipOptions.SubOptionMacAddress, DhcpFixtures.Mac);
            var other = new DhcpVendorBlock(3561);

            var value = DhcpVendorBlock.Encode(new DhcpVendorBlock[] { ours, other });
            var blocks = DhcpVendorBlock.Decode(value, 0, value.Length);

            Assert.AreEqual(2, blocks.Length);
            Assert.AreEqual("example.com", blocks[0].GetText(DhcpVoipOptions.SubOptionSipDomain));
            CollectionAssert.AreEqual(DhcpFixtures.Mac, blocks[0].GetBytes(DhcpVoipOptions.SubOptionMacAddress));
            Assert.AreEqual(3561u, blocks[1].EnterpriseNumber);
            Assert.AreEqual(0, blocks[1].SubOptionCount);
        }

        [TestMethod]
        public void AddSubOption_BlockOver255_ArgumentException()
        {
            var block = new DhcpVendorBlock(1);
            block.AddSubOption(1, new byte[200]);
            Assert.ThrowsException(typeof(System.ArgumentException), () => block.AddSubOption(2, new byte[60]));
        }

        [TestMethod]
        public void FromMessage_MacForms_AllGiveSixBytes()
        {
            Assert.AreEqual("00:11:22:33:44:55", MacText(DhcpFixtures.Build("00-11-22-33-44-55")));
            Assert.AreEqual("00:11:22:33:44:55", MacText(DhcpFixtures.Build("001122334455")));
            Assert.AreEqual("aa:bb:cc:dd:ee:ff", MacText(DhcpFixtures.Build("AA:bb:CC:dd:EE:ff")));
            Assert.AreEqual("00:11:22:33:44:55", MacText(DhcpFixtures.Mac));
        }

        [TestMethod]
        public void FromMessage_MacMalformed_NamesSubOption201AtBufferOffset()
        {
            // Option 125 value at 245; block data at 250; sub-option 201 length byte at 251, value at 252.
            DhcpFixtures.AssertFormatError("option 125 enterprise 32473 sub-option 201", 251, () => MacText(DhcpFixtures.Build("00:11")));
            DhcpFixtures.AssertFormatError("option 125 enterprise 32473 sub-option 201", 252 + 3, () => MacText(DhcpFixtures.Build("00:x1:22:33:44:55")));
            DhcpFixtures.AssertFormatError("option 125 enterprise 32473 sub-option 201", 252 + 5, () => MacText(DhcpFixtures.Build("00:11-22:33:44:55")));
        }

        [TestMethod]
        public void FromMessage_SplitOption125_Concatenated()
        {
            // RFC 3925 §4 with RFC 3396: a block may be split anywhere, even inside a sub-option.
            var value = DhcpFixtures.VendorValue();
            var bytes = DhcpFixtures.Message(DhcpFixtures.ReplyHeader(), DhcpFixtures.Mac, null, null, DhcpFixtures.Build(
                53, 1, 5,                                    // ACK
                125, 30, Slice(value, 0, 30),                // first 30 bytes of option 125
                51, 4, 0, 0, 1, 0,                           // lease time between the parts
                125, value.Length - 30, Slice(value, 30, value.Length - 30), // the rest
                255));
            var voip = DhcpVoipOptions.FromMessage(DhcpMessage.Read(bytes, 0, bytes.Length), DhcpFixtures.Enterprise);

            Assert.AreEqual("+15551234567", voip.PhoneNumber);
            Assert.AreEqual("gk.example.com", voip.Gatekeeper);
            Assert.AreEqual(2, voip.VendorBlocks.Length);
            Assert.AreEqual("abc", voip.VendorBlocks[1].GetText(2));
        }

        [TestMethod]
        public void FromMessage_SplitOption125Malformed_OffsetInBuffer()
        {
            var bytes = DhcpFixtures.Message(DhcpFixtures.ReplyHeader(), DhcpFixtures.Mac, null, null, DhcpFixtures.Build(
                125, 6, 0, 0, 0x11, 0x8B, 3, 204,  // enterprise 4491, data-len 3, sub-option 204 (value at 242)
                125, 2, 9, 1,                      // second part at 250: length 9 runs past the 3-byte block
                255));
            var message = DhcpMessage.Read(bytes, 0, bytes.Length);

            DhcpFixtures.AssertFormatError("option 125 enterprise 4491 sub-option 204", 250, () => message.GetVendorBlocks());
        }

        private static string MacText(byte[] macValue)
        {
            var block = new DhcpVendorBlock(DhcpFixtures.Enterprise);
            block.AddSubOption(DhcpVoipOptions.SubOptionMacAddress, macValue);
            var value = DhcpVendorBlock.Encode(new DhcpVendorBlock[] { block });
            var bytes = DhcpFixtures.Message(DhcpFixtures.ReplyHeader(), DhcpFixtures.Mac, null, null, DhcpFixtures.Build(
                53, 1, 5,                    // ACK
                125, value.Length, value,    // value at 245, block data at 250
                255));
            var mac = DhcpVoipOptions.FromMessage(DhcpMessage.Read(bytes, 0, bytes.Length), DhcpFixtures.Enterprise).MacAddress;
            var text = string.Empty;
            for (var i = 0; i < mac.Length; i++)
            {
                text += (i > 0 ? ":" : string.Empty) + mac[i].ToString("x2");
            }

            return text;
        }

        private static byte[] Slice(byte[] bytes, int offset, int length)
        {
            var slice = new byte[length];
            System.Array.Copy(bytes, offset, slice, 0, length);
            return slice;
        }
    }
}
