using System;
using DeviceAgent.Identity;
using DeviceAgent.Tests.Crypto;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Identity
{
    [TestClass]
    public class IdentityRecordTests
    {
        internal static readonly DateTime LearnedAt = new DateTime(2025, 3, 1, 12, 0, 0);

        internal static IdentityRecord NewRecord(string deviceId)
        {
            return new IdentityRecord(deviceId, PreProvisioningContact.Parse("https://preprov.example.com/inquiry"));
        }

        [TestMethod]
        public void Constructor_ValidInputs_NoContactCached()
        {
            IdentityRecord record = NewRecord("PHONE-0001");
            Assert.AreEqual("PHONE-0001", record.DeviceId);
            Assert.AreEqual("https://preprov.example.com/inquiry", record.PreProvisioning.Url);
            Assert.IsNull(record.ProvisioningContact);
            Assert.IsFalse(record.IsProvisioningContactValidAt(LearnedAt));
        }

        [TestMethod]
        public void ValidateDeviceId_AllowedForms_Accepted()
        {
            IdentityRecord.ValidateDeviceId("a");
            IdentityRecord.ValidateDeviceId("phone-01.lab_2");
            IdentityRecord.ValidateDeviceId(new string('Z', IdentityRecord.MaxDeviceIdLength));
            IdentityRecord.ValidateDeviceId("0123456789");
            Assert.AreEqual(64, IdentityRecord.MaxDeviceIdLength);
        }

        [TestMethod]
        public void ValidateDeviceId_BadIds_ThrowNamingField()
        {
            string[] bad = new string[] { null, "", new string('a', 65), "a b", "a/b", "a:b", "ph\u00f6ne", "a\nb", "a+b", "a@b" };
            for (int i = 0; i < bad.Length; i++)
            {
                try
                {
                    IdentityRecord.ValidateDeviceId(bad[i]);
                    Assert.IsTrue(false, "accepted '" + bad[i] + "'");
                }
                catch (IdentityFormatException e)
                {
                    Assert.AreEqual("deviceId", e.Field);
                }

                Assert.ThrowsException(typeof(IdentityFormatException), () => NewRecord(bad[i]));
            }
        }

        [TestMethod]
        public void Constructor_MissingPreProvisioning_Throws()
        {
            Assert.ThrowsException(typeof(IdentityFormatException), () => new IdentityRecord("a", null));
        }

        [TestMethod]
        public void Encode_NewRecord_AnnotatedBytes()
        {
            IdentityRecord record = new IdentityRecord("P1", PreProvisioningContact.Parse("http://h"));
            byte[] expected = new byte[]
            {
                0x01, 0x00, 0x02, (byte)'P', (byte)'1',                 // device ID, 2 bytes
                0x02, 0x00, 0x08, (byte)'h', (byte)'t', (byte)'t', (byte)'p', (byte)':', (byte)'/', (byte)'/', (byte)'h', // URL, 8 bytes
            };
            byte[] actual = new byte[record.EncodedLength];
            Assert.AreEqual(expected.Length, record.Encode(actual, 0));
            CollectionAssert.AreEqual(expected, actual);
        }

        [TestMethod]
        public void Encode_WithContact_AnnotatedBytes()
        {
            IdentityRecord record = new IdentityRecord("P1", PreProvisioningContact.Parse("http://h"))
                .WithProvisioningContact(ProvisioningContact.Parse("10.0.0.1:80"), new DateTime(0x0102030405060708L), 3600);
            byte[] actual = new byte[record.EncodedLength];
            record.Encode(actual, 0);
            byte[] expectedContactField = new byte[]
            {
                0x03, 0x00, 0x13,                               // provisioning contact, 19 bytes
                0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, // learned at, DateTime ticks
                0x00, 0x00, 0x0E, 0x10,                         // valid for 3600 s
                0x02, 0x00, 0x50, 0x0A, 0x00, 0x00, 0x01,       // IPv4 10.0.0.1 port 80
            };
            Assert.AreEqual(16 + expectedContactField.Length, actual.Length);
            for (int i = 0; i < expectedContactField.Length; i++)
            {
                Assert.AreEqual(expectedContactField[i], actual[16 + i], "byte " + i.ToString());
            }
        }

        [TestMethod]
        public void EncodeDecode_WithAndWithoutContact_RoundTrips()
        {
            IdentityRecord plain = NewRecord("PHONE-0001");
            IdentityRecord cached = plain.WithProvisioningContact(ProvisioningContact.Parse("prov.example.com:8443"), LearnedAt, 86400);
            AssertRoundTrips(plain);
            AssertRoundTrips(cached);
            IdentityRecord decoded = RoundTrip(cached);
            Assert.AreEqual(LearnedAt, decoded.ProvisioningContactLearnedAtUtc);
            Assert.AreEqual(86400u, decoded.ProvisioningContactValidForSeconds);
            Assert.AreEqual("prov.example.com:8443", decoded.ProvisioningContact.ToString());
            Assert.AreEqual(plain, cached.WithoutProvisioningContact());
        }

        [TestMethod]
        public void Decode_FieldsInAnyOrder_Accepted()
        {
            byte[] body = new byte[]
            {
                0x02, 0x00, 0x08, (byte)'h', (byte)'t', (byte)'t', (byte)'p', (byte)':', (byte)'/', (byte)'/', (byte)'h',
                0x01, 0x00, 0x02, (byte)'P', (byte)'1',
            };
            Assert.AreEqual("P1", IdentityRecord.Decode(body, 0, body.Length).DeviceId);
        }

        [TestMethod]
        public void Decode_UnknownFields_PreservedThroughUpdateAndReencode()
        {
            byte[] unknown = new byte[]
            {
                0x40, 0x00, 0x03, 0xAA, 0xBB, 0xCC, // a field of a newer firmware
                0xC8, 0x00, 0x00,                   // another, empty
            };
            IdentityRecord original = NewRecord("PHONE-0001");
            byte[] body = new byte[original.EncodedLength + unknown.Length];
            int known = original.Encode(body, 0);
            Array.Copy(unknown, 0, body, known, unknown.Length);

            IdentityRecord decoded = IdentityRecord.Decode(body, 0, body.Length);
            Assert.AreEqual(body.Length, decoded.EncodedLength);
            Assert.AreNotEqual(original, decoded);

            IdentityRecord updated = decoded.WithProvisioningContact(ProvisioningContact.Parse("prov.example.com"), LearnedAt, 60);
            byte[] reencoded = new byte[updated.EncodedLength];
            int length = updated.Encode(reencoded, 0);
            for (int i = 0; i < unknown.Length; i++)
            {
                Assert.AreEqual(unknown[i], reencoded[length - unknown.Length + i], "unknown byte " + i.ToString());
            }

            Assert.AreEqual(updated, IdentityRecord.Decode(reencoded, 0, length));
        }

        [TestMethod]
        public void Decode_EveryTruncation_Throws()
        {
            IdentityRecord record = NewRecord("PHONE-0001");
            byte[] body = new byte[record.EncodedLength];
            record.Encode(body, 0);
            for (int count = 0; count < body.Length; count++)
            {
                Assert.ThrowsException(typeof(IdentityFormatException), () => IdentityRecord.Decode(body, 0, count), "count " + count.ToString());
            }
        }

        [TestMethod]
        public void Decode_Malformed_ThrowsWithFieldAndOffset()
        {
            byte[] url = new byte[] { 0x02, 0x00, 0x08, (byte)'h', (byte)'t', (byte)'t', (byte)'p', (byte)':', (byte)'/', (byte)'/', (byte)'h' };
            byte[] id = new byte[] { 0x01, 0x00, 0x02, (byte)'P', (byte)'1' };

            AssertDecodeError(url, "deviceId", 11);                                                   // device ID missing
            AssertDecodeError(id, "preProvisioningUrl", 5);                                           // URL missing
            AssertDecodeError(Concat(id, id, url), "deviceId", 5);                                    // device ID twice
            AssertDecodeError(Concat(id, url, new byte[] { 0x00, 0x00, 0x00 }), "record", 16);        // reserved type 0
            AssertDecodeError(Concat(id, url, new byte[] { 0x40, 0x00 }), "record", 16);              // truncated field header
            AssertDecodeError(Concat(id, url, new byte[] { 0x40, 0x00, 0x02, 0x00 }), "record", 17);  // length past the end
            AssertDecodeError(Concat(new byte[] { 0x01, 0x00, 0x02, (byte)'P', (byte)'/' }, url), "deviceId", 4); // bad character
            AssertDecodeError(Concat(new byte[] { 0x01, 0x00, 0x02, (byte)'P', 0x00 }, url), "deviceId", 4);      // control byte
            AssertDecodeError(Concat(new byte[] { 0x01, 0x00, 0x00 }, url), "deviceId", 3);           // empty device ID
            AssertDecodeError(Concat(id, new byte[] { 0x02, 0x00, 0x06, (byte)'f', (byte)'t', (byte)'p', (byte)':', (byte)'/', (byte)'/' }), "preProvisioningUrl", 8);
            AssertDecodeError(Concat(id, url, new byte[] { 0x03, 0x00, 0x02, 0x00, 0x00 }), "provisioningContact", 17); // contact field too short
            AssertDecodeError(
                Concat(id, url, new byte[] { 0x03, 0x00, 0x0F, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x09, 0x00, 0x00 }),
                "provisioningContact",
                31); // unknown contact kind
            AssertDecodeError(
                Concat(id, url, new byte[] { 0x03, 0x00, 0x13, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x00, 0x00, 1, 2, 3, 4 }),
                "provisioningContactLearnedAt",
                19); // negative ticks
        }

        [TestMethod]
        public void Encode_WithDeviceSecret_AnnotatedBytes()
        {
            IdentityRecord record = new IdentityRecord("P1", PreProvisioningContact.Parse("http://h")).WithDeviceSecret(HashTestData.Counting(16));
            byte[] expected = Concat(
                new byte[] { 0x01, 0x00, 0x02, (byte)'P', (byte)'1' },
                new byte[] { 0x02, 0x00, 0x08, (byte)'h', (byte)'t', (byte)'t', (byte)'p', (byte)':', (byte)'/', (byte)'/', (byte)'h' },
                new byte[] { 0x04, 0x00, 0x10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }); // type 4, 16 bytes
            byte[] actual = new byte[record.EncodedLength];
            Assert.AreEqual(expected.Length, record.Encode(actual, 0));
            CollectionAssert.AreEqual(expected, actual);
            Assert.AreEqual(record, IdentityRecord.Decode(actual, 0, actual.Length));
        }

        [TestMethod]
        public void WithDeviceSecret_KeptThroughContactUpdatesAndRoundTrip()
        {
            byte[] secret = HashTestData.Repeat(0x5A, IdentityRecord.MaxDeviceSecretLength);
            IdentityRecord record = NewRecord("PHONE-0001").WithDeviceSecret(secret)
                .WithProvisioningContact(ProvisioningContact.Parse("prov.example.com:8443"), LearnedAt, 60);
            secret[0] = 0; // the record keeps its own copy
            Assert.IsTrue(record.HasDeviceSecret);
            Assert.AreEqual((byte)0x5A, record.DeviceSecret[0]);
            Assert.IsTrue(record.WithoutProvisioningContact().HasDeviceSecret);

            byte[] body = new byte[record.EncodedLength];
            IdentityRecord decoded = IdentityRecord.Decode(body, 0, record.Encode(body, 0));
            Assert.AreEqual(record, decoded);
            CollectionAssert.AreEqual(record.DeviceSecret, decoded.DeviceSecret);
            Assert.AreNotEqual(record, decoded.WithDeviceSecret(HashTestData.Repeat(0x5B, 64)));
            Assert.IsFalse(decoded.WithDeviceSecret(null).HasDeviceSecret);
            Assert.IsNull(NewRecord("a").DeviceSecret);
        }

        [TestMethod]
        public void Decode_RecordOfFirstRelease_HasNoSecret()
        {
            // Written before type 4 existed: device ID and URL only.
            byte[] body = new byte[] { 0x01, 0x00, 0x02, (byte)'P', (byte)'1', 0x02, 0x00, 0x08, (byte)'h', (byte)'t', (byte)'t', (byte)'p', (byte)':', (byte)'/', (byte)'/', (byte)'h' };
            IdentityRecord record = IdentityRecord.Decode(body, 0, body.Length);
            Assert.IsFalse(record.HasDeviceSecret);
            Assert.AreEqual(body.Length, record.EncodedLength);
        }

        [TestMethod]
        public void Decode_SecretBesideUnknownField_BothKept()
        {
            IdentityRecord withSecret = NewRecord("P1").WithDeviceSecret(HashTestData.Counting(20));
            byte[] known = new byte[withSecret.EncodedLength];
            withSecret.Encode(known, 0);
            byte[] body = Concat(new byte[] { 0x40, 0x00, 0x01, 0xEE }, known);
            IdentityRecord decoded = IdentityRecord.Decode(body, 0, body.Length);
            Assert.IsTrue(decoded.HasDeviceSecret);
            Assert.AreEqual(body.Length, decoded.EncodedLength);
        }

        [TestMethod]
        public void DeviceSecret_BadLengths_Rejected()
        {
            IdentityRecord record = NewRecord("P1");
            Assert.ThrowsException(typeof(IdentityFormatException), () => record.WithDeviceSecret(new byte[15]));
            Assert.ThrowsException(typeof(IdentityFormatException), () => record.WithDeviceSecret(new byte[65]));
            Assert.ThrowsException(typeof(IdentityFormatException), () => record.WithDeviceSecret(new byte[0]));

            byte[] id = new byte[] { 0x01, 0x00, 0x02, (byte)'P', (byte)'1' };
            byte[] url = new byte[] { 0x02, 0x00, 0x08, (byte)'h', (byte)'t', (byte)'t', (byte)'p', (byte)':', (byte)'/', (byte)'/', (byte)'h' };
            byte[] shortSecret = new byte[3 + 15];
            shortSecret[0] = 0x04;
            shortSecret[2] = 15;
            AssertDecodeError(Concat(id, url, shortSecret), "deviceSecret", 17);
            byte[] secret = new byte[3 + 16];
            secret[0] = 0x04;
            secret[2] = 16;
            AssertDecodeError(Concat(id, url, Concat(secret, secret)), "deviceSecret", 35); // twice
        }

        [TestMethod]
        public void IsProvisioningContactValidAt_Window_StartInclusiveEndExclusive()
        {
            IdentityRecord record = NewRecord("a").WithProvisioningContact(ProvisioningContact.Parse("prov.example.com"), LearnedAt, 100);
            Assert.IsFalse(record.IsProvisioningContactValidAt(LearnedAt.AddTicks(-1)), "before learned");
            Assert.IsTrue(record.IsProvisioningContactValidAt(LearnedAt), "at learned");
            Assert.IsTrue(record.IsProvisioningContactValidAt(LearnedAt.AddSeconds(99.999)), "just before expiry");
            Assert.IsFalse(record.IsProvisioningContactValidAt(LearnedAt.AddSeconds(100)), "at expiry");
            Assert.IsFalse(record.WithoutProvisioningContact().IsProvisioningContactValidAt(LearnedAt), "no contact");
        }

        [TestMethod]
        public void WithProvisioningContact_Null_Throws()
        {
            Assert.ThrowsException(typeof(IdentityFormatException), () => NewRecord("a").WithProvisioningContact(null, LearnedAt, 1));
        }

        [TestMethod]
        public void Equals_DiffersByEachField()
        {
            IdentityRecord a = NewRecord("a").WithProvisioningContact(ProvisioningContact.Parse("p.example"), LearnedAt, 10);
            Assert.AreEqual(a, NewRecord("a").WithProvisioningContact(ProvisioningContact.Parse("p.example"), LearnedAt, 10));
            Assert.AreNotEqual(a, NewRecord("b").WithProvisioningContact(ProvisioningContact.Parse("p.example"), LearnedAt, 10));
            Assert.AreNotEqual(a, NewRecord("a").WithProvisioningContact(ProvisioningContact.Parse("q.example"), LearnedAt, 10));
            Assert.AreNotEqual(a, NewRecord("a").WithProvisioningContact(ProvisioningContact.Parse("p.example"), LearnedAt.AddTicks(1), 10));
            Assert.AreNotEqual(a, NewRecord("a").WithProvisioningContact(ProvisioningContact.Parse("p.example"), LearnedAt, 11));
            Assert.AreNotEqual(a, NewRecord("a"));
            Assert.AreNotEqual(a, new IdentityRecord("a", PreProvisioningContact.Parse("http://other.example")).WithProvisioningContact(ProvisioningContact.Parse("p.example"), LearnedAt, 10));
        }

        private static IdentityRecord RoundTrip(IdentityRecord record)
        {
            byte[] buffer = new byte[record.EncodedLength + 3];
            int length = record.Encode(buffer, 3);
            Assert.AreEqual(record.EncodedLength, length);
            return IdentityRecord.Decode(buffer, 3, length);
        }

        private static void AssertRoundTrips(IdentityRecord record)
        {
            Assert.AreEqual(record, RoundTrip(record));
        }

        private static byte[] Concat(byte[] a, byte[] b)
        {
            return Concat(a, b, new byte[0]);
        }

        private static byte[] Concat(byte[] a, byte[] b, byte[] c)
        {
            byte[] all = new byte[a.Length + b.Length + c.Length];
            Array.Copy(a, 0, all, 0, a.Length);
            Array.Copy(b, 0, all, a.Length, b.Length);
            Array.Copy(c, 0, all, a.Length + b.Length, c.Length);
            return all;
        }

        private static void AssertDecodeError(byte[] body, string field, int offset)
        {
            try
            {
                IdentityRecord.Decode(body, 0, body.Length);
            }
            catch (IdentityFormatException e)
            {
                Assert.AreEqual(field, e.Field, e.Message);
                Assert.AreEqual(offset, e.Offset, e.Message);
                return;
            }

            Assert.IsTrue(false, "decoded a malformed body");
        }
    }
}
