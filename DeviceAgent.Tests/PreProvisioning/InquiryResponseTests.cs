using System;
using DeviceAgent.Identity;
using DeviceAgent.PreProvisioning;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.PreProvisioning
{
    [TestClass]
    public class InquiryResponseTests
    {
        [TestMethod]
        public void Encode_IPv4Contact_AnnotatedBytes()
        {
            byte[] expected = new byte[]
            {
                0x01,                   // version
                0x00, 0x01, 0x51, 0x80, // valid for 86400 s
                0x02, 0x1F, 0x90,       // IPv4, port 8080
                192, 0, 2, 10,
            };
            byte[] actual = new byte[InquiryResponse.MaxLength];
            int length = InquiryResponse.Encode(ProvisioningContact.Parse("192.0.2.10:8080"), 86400, actual, 0);
            Assert.AreEqual(expected.Length, length);
            Assert.AreEqual(expected.Length, InquiryResponse.EncodedLength(ProvisioningContact.Parse("192.0.2.10:8080")));
            for (int i = 0; i < length; i++)
            {
                Assert.AreEqual(expected[i], actual[i], "byte " + i.ToString());
            }
        }

        [TestMethod]
        public void Parse_EncodedDomainContact_RoundTrips()
        {
            ProvisioningContact contact = ProvisioningContact.Parse("prov.example.com:8443");
            byte[] body = new byte[3 + InquiryResponse.MaxLength];
            int length = InquiryResponse.Encode(contact, 0xFFFFFFFF, body, 3);
            InquiryAnswer answer = InquiryResponse.Parse(200, body, 3, length);
            Assert.AreEqual((int)InquiryOutcome.Contact, (int)answer.Outcome);
            Assert.AreEqual(200, answer.StatusCode);
            Assert.AreEqual(contact, answer.Contact);
            Assert.AreEqual(0xFFFFFFFF, answer.ValidForSeconds);
        }

        [TestMethod]
        public void Parse_LongestContact_FitsMaxLength()
        {
            string label = new string('a', 63);
            ProvisioningContact contact = ProvisioningContact.Parse(label + "." + label + "." + label + "." + new string('b', 61));
            byte[] body = new byte[InquiryResponse.MaxLength];
            Assert.AreEqual(262, InquiryResponse.Encode(contact, 1, body, 0));
            Assert.AreEqual(contact, InquiryResponse.Parse(200, body, 0, body.Length).Contact);
        }

        [TestMethod]
        public void Parse_OtherStatuses_OutcomeWithoutReadingBody()
        {
            Assert.AreEqual((int)InquiryOutcome.UnknownDevice, (int)InquiryResponse.Parse(404, null, 0, 0).Outcome);
            Assert.AreEqual((int)InquiryOutcome.AuthenticationFailed, (int)InquiryResponse.Parse(401, new byte[3], 0, 3).Outcome);
            InquiryAnswer busy = InquiryResponse.Parse(503, null, 0, 0);
            Assert.AreEqual((int)InquiryOutcome.Unexpected, (int)busy.Outcome);
            Assert.AreEqual(503, busy.StatusCode);
            Assert.IsNull(busy.Contact);
        }

        [TestMethod]
        public void Parse_EveryTruncation_ThrowsFormatException()
        {
            byte[] body = new byte[InquiryResponse.MaxLength];
            int length = InquiryResponse.Encode(ProvisioningContact.Parse("prov.example.com"), 60, body, 0);
            for (int count = 0; count < length; count++)
            {
                Assert.ThrowsException(typeof(PreProvisioningFormatException), () => InquiryResponse.Parse(200, body, 0, count), "count " + count.ToString());
            }
        }

        [TestMethod]
        public void Parse_Malformed_NamesFieldAndOffset()
        {
            AssertParseError(new byte[0], "version", 0);
            AssertParseError(new byte[] { 0x02, 0, 0, 0, 1, 0x02, 0, 0, 1, 2, 3, 4 }, "version", 0);                    // wrong version
            AssertParseError(new byte[] { (byte)'<', (byte)'h', (byte)'t', (byte)'m', (byte)'l', (byte)'>' }, "version", 0); // a captive portal
            AssertParseError(new byte[] { 0x01, 0, 0, 0 }, "validFor", 4);                                               // truncated header
            AssertParseError(new byte[] { 0x01, 0, 0, 0, 1 }, "contact", 5);                                             // no contact
            AssertParseError(new byte[] { 0x01, 0, 0, 0, 1, 0x09, 0, 0, 1, 2, 3, 4 }, "contact", 5);                     // unknown kind
            AssertParseError(new byte[] { 0x01, 0, 0, 0, 1, 0x02, 0, 0, 1, 2, 3, 4, 0 }, "contact", 5);                  // trailing byte
            AssertParseError(new byte[] { 0x01, 0, 0, 0, 1, 0x01, 0, 0, 2, (byte)'a', (byte)'_' }, "contact", 10);       // bad host byte
        }

        [TestMethod]
        public void Parse_BadRange_ThrowsArgumentException()
        {
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => InquiryResponse.Parse(200, new byte[4], 2, 3));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => InquiryResponse.Parse(200, null, 0, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => InquiryResponse.Encode(ProvisioningContact.Parse("h.example"), 1, new byte[10], 0));
        }

        private static void AssertParseError(byte[] body, string field, int offset)
        {
            try
            {
                InquiryResponse.Parse(200, body, 0, body.Length);
            }
            catch (PreProvisioningFormatException e)
            {
                Assert.AreEqual(field, e.Field, e.Message);
                Assert.AreEqual(offset, e.Offset, e.Message);
                return;
            }

            Assert.IsTrue(false, "parsed a malformed body");
        }
    }
}
