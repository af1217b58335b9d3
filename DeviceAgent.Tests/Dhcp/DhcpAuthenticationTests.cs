using System;
using DeviceAgent.Crypto;
using DeviceAgent.Dhcp;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Dhcp
{
    /// <summary>
    /// Option 90 (RFC 3118 §2) with the Reconfigure Key Authentication Protocol (RFC 6704 §3): key in DHCPACK,
    /// HMAC-MD5 digest in DHCPFORCERENEW, hops/giaddr/digest zeroed for the MAC (RFC 3118 §5.3), strictly increasing
    /// replay counter (RDM 0).
    /// </summary>
    [TestClass]
    public class DhcpAuthenticationTests
    {
        private static readonly uint Server = DhcpAddress.FromOctets(10, 77, 10, 1);
        private static readonly uint Client = DhcpAddress.FromOctets(10, 77, 10, 100);
        private static readonly byte[] Key = new byte[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };

        // Computed outside the codec (Python hmac over the 300-byte FORCERENEW below with the digest zeroed):
        // op 2, htype 1, hlen 6, xid 01020304, ciaddr 10.77.10.100, chaddr 00:11:22:33:44:55, options 53=9,
        // 54=10.77.10.1, 90 = 03 01 00 | 00..05 | 02 | 16 x 00, end, zero padding to 300 bytes; key 00..0f.
        private static readonly byte[] KnownDigest = new byte[]
        {
            0x5a, 0x95, 0xe0, 0xf2, 0x33, 0x17, 0xa4, 0xa3, 0x72, 0x36, 0x03, 0xf8, 0x04, 0x2a, 0xb4, 0x55,
        };

        // Where the digest lands in that message: options at 240, 53 (3 bytes), 54 (6 bytes), 90 header 2 + 11 + type 1.
        private const int KnownDigestOffset = 263;

        [TestMethod]
        public void AddReconfigureKey_RoundTrip_ReadsProtocol3Key()
        {
            var writer = new DhcpMessageWriter(DhcpMessageType.Ack, 1, DhcpFixtures.Mac);
            DhcpAuthentication.AddReconfigureKey(writer, 0x0102030405060708UL, Key);
            var auth = DhcpAuthentication.Read(Read(writer.ToArray()));

            Assert.IsNotNull(auth);
            Assert.AreEqual(DhcpAuthentication.ProtocolReconfigureKey, auth.Protocol);
            Assert.AreEqual(DhcpAuthentication.AlgorithmHmacMd5, auth.Algorithm);
            Assert.AreEqual(DhcpAuthentication.RdmMonotonicCounter, auth.ReplayDetectionMethod);
            Assert.AreEqual(0x0102030405060708UL, auth.ReplayDetection);
            Assert.AreEqual(DhcpAuthentication.TypeReconfigureKey, auth.InformationType);
            Assert.AreEqual(17, auth.InformationLength);
            Assert.IsTrue(auth.IsReconfigureKeyProtocol);
            CollectionAssert.AreEqual(Key, auth.GetReconfigureKey());
        }

        [TestMethod]
        public void Read_HandBuiltOption_FieldsInNetworkOrder()
        {
            // RFC 3118 §2 layout: code 90, len, protocol, algorithm, RDM, replay detection (8), information.
            var bytes = Message(DhcpFixtures.Build(53, 1, 5, 90, 12, 7, 8, 9, 0x80, 0, 0, 0, 0, 0, 0, 1, 0xAB, 255));
            var auth = DhcpAuthentication.Read(Read(bytes));

            Assert.AreEqual((byte)7, auth.Protocol);
            Assert.AreEqual((byte)8, auth.Algorithm);
            Assert.AreEqual((byte)9, auth.ReplayDetectionMethod);
            Assert.AreEqual(0x8000000000000001UL, auth.ReplayDetection);
            Assert.AreEqual(DhcpFixtures.Options + 5, auth.ValueOffset);
            CollectionAssert.AreEqual(new byte[] { 0xAB }, auth.GetInformation());
            Assert.IsFalse(auth.IsReconfigureKeyProtocol);
            Assert.IsNull(auth.GetReconfigureKey());
        }

        [TestMethod]
        public void Read_NoOption_ReturnsNull()
        {
            Assert.IsNull(DhcpAuthentication.Read(Read(DhcpMessageWriter.Discover(1, DhcpFixtures.Mac).ToArray())));
        }

        [TestMethod]
        public void Read_TruncatedOption_ThrowsWithOffset()
        {
            var bytes = Message(DhcpFixtures.Build(53, 1, 5, 90, 5, 3, 1, 0, 0, 0, 255));
            try
            {
                DhcpAuthentication.Read(Read(bytes));
                Assert.IsTrue(false, "a 5-byte option 90 must be rejected");
            }
            catch (DhcpFormatException e)
            {
                Assert.AreEqual("option 90", e.Field);
                Assert.AreEqual(DhcpFixtures.Options + 10, e.Offset);
            }
        }

        [TestMethod]
        public void Read_TwoInstances_Throws()
        {
            var writer = new DhcpMessageWriter(DhcpMessageType.Ack, 1, DhcpFixtures.Mac);
            DhcpAuthentication.AddReconfigureKey(writer, 1, Key);
            DhcpAuthentication.AddReconfigureKey(writer, 2, Key);
            var message = Read(writer.ToArray());

            Assert.ThrowsException(typeof(DhcpFormatException), () => DhcpAuthentication.Read(message));
        }

        [TestMethod]
        public void AddReconfigureKey_WrongKeyLength_Throws()
        {
            var writer = new DhcpMessageWriter(DhcpMessageType.Ack, 1, DhcpFixtures.Mac);
            Assert.ThrowsException(typeof(ArgumentException), () => DhcpAuthentication.AddReconfigureKey(writer, 1, new byte[15]));
        }

        [TestMethod]
        public void SignInPlace_KnownAnswer_MatchesIndependentDigest()
        {
            var bytes = SignedForceRenew(5, Key);

            Assert.AreEqual(300, bytes.Length);
            for (var i = 0; i < 16; i++)
            {
                Assert.AreEqual(KnownDigest[i], bytes[KnownDigestOffset + i], "digest byte " + i.ToString());
            }
        }

        [TestMethod]
        public void SignInPlace_ByHand_EqualsHmacMd5OfZeroedCopy()
        {
            var writer = DhcpMessageWriter.ForceRenew(0x01020304, DhcpFixtures.Mac, Client, Server);
            writer.Hops = 2;
            writer.RelayAgentAddress = DhcpAddress.FromOctets(10, 1, 1, 1);
            DhcpAuthentication.AddDigestPlaceholder(writer, 9);
            var bytes = writer.ToArray();
            DhcpAuthentication.SignInPlace(bytes, 0, bytes.Length, Key);

            // RFC 3118 §5.3: hops, giaddr and the MAC field are zero for the computation.
            var copy = (byte[])bytes.Clone();
            copy[3] = 0;
            Array.Clear(copy, 24, 4);
            Array.Clear(copy, KnownDigestOffset, 16);
            var expected = HmacMd5.Compute(Key, copy, 0, copy.Length);
            for (var i = 0; i < 16; i++)
            {
                Assert.AreEqual(expected[i], bytes[KnownDigestOffset + i]);
            }

            Assert.AreEqual((byte)2, bytes[3]);
        }

        [TestMethod]
        public void SignInPlace_AtOffset_SameDigest()
        {
            var plain = UnsignedForceRenew(5);
            var shifted = new byte[plain.Length + 7];
            Array.Copy(plain, 0, shifted, 7, plain.Length);
            DhcpAuthentication.SignInPlace(shifted, 7, plain.Length, Key);

            for (var i = 0; i < 16; i++)
            {
                Assert.AreEqual(KnownDigest[i], shifted[7 + KnownDigestOffset + i]);
            }
        }

        [TestMethod]
        public void SignInPlace_NoDigestOption_Throws()
        {
            var writer = new DhcpMessageWriter(DhcpMessageType.Ack, 1, DhcpFixtures.Mac);
            DhcpAuthentication.AddReconfigureKey(writer, 1, Key);
            var bytes = writer.ToArray();

            Assert.ThrowsException(typeof(ArgumentException), () => DhcpAuthentication.SignInPlace(bytes, 0, bytes.Length, Key));
        }

        [TestMethod]
        public void Verify_Signed_Valid()
        {
            var bytes = SignedForceRenew(5, Key);

            Assert.AreEqual((int)DhcpAuthenticationResult.Valid, (int)DhcpAuthentication.Verify(Read(bytes), Key, 4, out var counter));
            Assert.AreEqual(5UL, counter);
        }

        [TestMethod]
        public void Verify_RelayChangedHopsAndGiaddr_StillValid()
        {
            var bytes = SignedForceRenew(5, Key);
            bytes[3] = 1;
            bytes[27] = 9;

            Assert.AreEqual((int)DhcpAuthenticationResult.Valid, (int)DhcpAuthentication.Verify(Read(bytes), Key, 0, out _));
        }

        [TestMethod]
        public void Verify_TamperedByte_BadDigest()
        {
            var bytes = SignedForceRenew(5, Key);
            bytes[15] ^= 1; // last byte of ciaddr

            Assert.AreEqual((int)DhcpAuthenticationResult.BadDigest, (int)DhcpAuthentication.Verify(Read(bytes), Key, 0, out _));
        }

        [TestMethod]
        public void Verify_TamperedPadding_BadDigest()
        {
            var bytes = SignedForceRenew(5, Key);
            bytes[bytes.Length - 1] = 1;

            Assert.AreEqual((int)DhcpAuthenticationResult.BadDigest, (int)DhcpAuthentication.Verify(Read(bytes), Key, 0, out _));
        }

        [TestMethod]
        public void Verify_TamperedDigest_BadDigest()
        {
            var bytes = SignedForceRenew(5, Key);
            bytes[KnownDigestOffset + 15] ^= 0x80;

            Assert.AreEqual((int)DhcpAuthenticationResult.BadDigest, (int)DhcpAuthentication.Verify(Read(bytes), Key, 0, out _));
        }

        [TestMethod]
        public void Verify_WrongKey_BadDigest()
        {
            var bytes = SignedForceRenew(5, Key);
            var other = (byte[])Key.Clone();
            other[0] = 0xFF;

            Assert.AreEqual((int)DhcpAuthenticationResult.BadDigest, (int)DhcpAuthentication.Verify(Read(bytes), other, 0, out _));
        }

        [TestMethod]
        public void Verify_SameCounter_Replayed()
        {
            var bytes = SignedForceRenew(5, Key);

            Assert.AreEqual((int)DhcpAuthenticationResult.Replayed, (int)DhcpAuthentication.Verify(Read(bytes), Key, 5, out _));
        }

        [TestMethod]
        public void Verify_OlderCounter_Replayed()
        {
            var bytes = SignedForceRenew(5, Key);

            Assert.AreEqual((int)DhcpAuthenticationResult.Replayed, (int)DhcpAuthentication.Verify(Read(bytes), Key, 6, out _));
        }

        [TestMethod]
        public void Verify_CounterAboveSignedRange_ComparedUnsigned()
        {
            var bytes = SignedForceRenew(0x8000000000000000UL, Key);

            Assert.AreEqual((int)DhcpAuthenticationResult.Valid, (int)DhcpAuthentication.Verify(Read(bytes), Key, 0x7FFFFFFFFFFFFFFFUL, out _));
        }

        [TestMethod]
        public void Verify_Unauthenticated_Missing()
        {
            var bytes = DhcpMessageWriter.ForceRenew(1, DhcpFixtures.Mac, Client, Server).ToArray();

            Assert.AreEqual((int)DhcpAuthenticationResult.Missing, (int)DhcpAuthentication.Verify(Read(bytes), Key, 0, out _));
        }

        [TestMethod]
        public void Verify_KeyTypeInForceRenew_Unsupported()
        {
            // A FORCERENEW that carries a key (type 1) instead of a digest authenticates nothing.
            var writer = DhcpMessageWriter.ForceRenew(1, DhcpFixtures.Mac, Client, Server);
            DhcpAuthentication.AddReconfigureKey(writer, 7, Key);

            Assert.AreEqual((int)DhcpAuthenticationResult.Unsupported, (int)DhcpAuthentication.Verify(Read(writer.ToArray()), Key, 0, out _));
        }

        [TestMethod]
        public void Verify_NoStoredKey_Unsupported()
        {
            var bytes = SignedForceRenew(5, Key);

            Assert.AreEqual((int)DhcpAuthenticationResult.Unsupported, (int)DhcpAuthentication.Verify(Read(bytes), null, 0, out _));
        }

        [TestMethod]
        public void Verify_OtherProtocol_Unsupported()
        {
            var bytes = SignedForceRenew(5, Key);
            bytes[KnownDigestOffset - 12] = 2; // protocol byte: delayed authentication, not ours

            Assert.AreEqual((int)DhcpAuthenticationResult.Unsupported, (int)DhcpAuthentication.Verify(Read(bytes), Key, 0, out _));
        }

        [TestMethod]
        public void Verify_TruncatedOption_Malformed()
        {
            var bytes = Message(DhcpFixtures.Build(53, 1, 9, 90, 10, 3, 1, 0, 0, 0, 0, 0, 0, 0, 6, 255));

            Assert.AreEqual((int)DhcpAuthenticationResult.Malformed, (int)DhcpAuthentication.Verify(Read(bytes), Key, 0, out _));
        }

        [TestMethod]
        public void Verify_DigestCutShort_NotValid()
        {
            // Option 90 shortened to 20 bytes: protocol 3 but only 9 bytes of information, so not checkable.
            var bytes = Message(DhcpFixtures.Build(53, 1, 9, 90, 20, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 6, 2, new byte[8], 255));

            Assert.AreEqual((int)DhcpAuthenticationResult.Unsupported, (int)DhcpAuthentication.Verify(Read(bytes), Key, 0, out _));
        }

        private static byte[] UnsignedForceRenew(ulong counter)
        {
            var writer = DhcpMessageWriter.ForceRenew(0x01020304, DhcpFixtures.Mac, Client, Server);
            DhcpAuthentication.AddDigestPlaceholder(writer, counter);
            return writer.ToArray();
        }

        private static byte[] SignedForceRenew(ulong counter, byte[] key)
        {
            var bytes = UnsignedForceRenew(counter);
            DhcpAuthentication.SignInPlace(bytes, 0, bytes.Length, key);
            return bytes;
        }

        /// <summary>A BOOTREPLY header with the magic cookie, followed by the given option bytes.</summary>
        private static byte[] Message(byte[] options)
        {
            var bytes = new byte[DhcpFixtures.Options + options.Length];
            bytes[0] = DhcpMessage.BootReply;
            bytes[1] = 1;
            bytes[2] = 6;
            DhcpAddress.Write(DhcpMessage.MagicCookie, bytes, 236);
            Array.Copy(options, 0, bytes, DhcpFixtures.Options, options.Length);
            return bytes;
        }

        private static DhcpMessage Read(byte[] bytes)
        {
            return DhcpMessage.Read(bytes, 0, bytes.Length);
        }
    }
}
