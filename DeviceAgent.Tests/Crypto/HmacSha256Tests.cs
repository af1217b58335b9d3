using System;
using DeviceAgent.Crypto;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Crypto
{
    [TestClass]
    public class HmacSha256Tests
    {
        private const string JefeMac = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

        private static string Mac(byte[] key, byte[] data)
        {
            return HashTestData.Hex(HmacSha256.Compute(key, data, 0, data.Length));
        }

        private static string MacInChunks(HmacSha256 hmac, byte[] data, int chunk)
        {
            for (int offset = 0; offset < data.Length; offset += chunk)
            {
                hmac.Append(data, offset, chunk < data.Length - offset ? chunk : data.Length - offset);
            }

            var mac = new byte[HmacSha256.HashSize];
            hmac.Finish(mac, 0);
            return HashTestData.Hex(mac);
        }

        // RFC 4231 sections 4.2-4.5, test cases 1-4.
        [TestMethod]
        public void Compute_Rfc4231Cases1To4_MatchPublishedMacs()
        {
            Assert.AreEqual("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                Mac(HashTestData.Repeat(0x0b, 20), HashTestData.Ascii("Hi There")));
            Assert.AreEqual(JefeMac, Mac(HashTestData.Ascii("Jefe"), HashTestData.Ascii("what do ya want for nothing?")));
            Assert.AreEqual("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
                Mac(HashTestData.Repeat(0xaa, 20), HashTestData.Repeat(0xdd, 50)));
            Assert.AreEqual("82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
                Mac(HashTestData.Counting(25), HashTestData.Repeat(0xcd, 50)));
        }

        // RFC 4231 section 4.6, test case 5: only the first 128 bits are published.
        [TestMethod]
        public void Compute_Rfc4231Case5_TruncatedPrefixMatches()
        {
            byte[] mac = HmacSha256.Compute(HashTestData.Repeat(0x0c, 20), HashTestData.Ascii("Test With Truncation"), 0, 20);
            Assert.AreEqual("a3b6167473100ee06e0c796c2955552b", HashTestData.Hex(mac, 0, 16));
        }

        // RFC 4231 sections 4.7 and 4.8, test cases 6-7: a 131-byte key, longer than the block, is hashed first.
        [TestMethod]
        public void Compute_Rfc4231KeysLongerThanBlock_MatchPublishedMacs()
        {
            byte[] key = HashTestData.Repeat(0xaa, 131);
            Assert.AreEqual("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
                Mac(key, HashTestData.Ascii("Test Using Larger Than Block-Size Key - Hash Key First")));
            Assert.AreEqual("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
                Mac(key, HashTestData.Ascii("This is a test using a larger than block-size key and a larger than block-size data."
                    + " The key needs to be hashed before being used by the HMAC algorithm.")));
        }

        [TestMethod]
        public void Constructor_KeySlice_SameAsWholeKey()
        {
            byte[] framed = HashTestData.Ascii("xxJefeyy");
            var hmac = new HmacSha256(framed, 2, 4);
            Assert.AreEqual(JefeMac, MacInChunks(hmac, HashTestData.Ascii("what do ya want for nothing?"), 5));
        }

        [TestMethod]
        public void Append_AnyChunking_SameMac()
        {
            byte[] key = HashTestData.Repeat(0xaa, 131);
            byte[] data = HashTestData.Pattern(1000);
            string whole = Mac(key, data);
            var hmac = new HmacSha256(key);
            Assert.AreEqual(whole, MacInChunks(hmac, data, 1), "chunks of 1");
            Assert.AreEqual(whole, MacInChunks(hmac, data, 3), "chunks of 3");
            Assert.AreEqual(whole, MacInChunks(hmac, data, 63), "chunks of 63");
            Assert.AreEqual(whole, MacInChunks(hmac, data, 64), "chunks of 64");
            Assert.AreEqual(whole, MacInChunks(hmac, data, 65), "chunks of 65");
        }

        [TestMethod]
        public void Reset_AfterPartialMessage_KeepsKey()
        {
            byte[] data = HashTestData.Ascii("what do ya want for nothing?");
            var hmac = new HmacSha256(HashTestData.Ascii("Jefe"));
            hmac.Append(HashTestData.Pattern(100), 0, 100);
            hmac.Reset();
            Assert.AreEqual(JefeMac, MacInChunks(hmac, data, data.Length));
            Assert.AreEqual(JefeMac, MacInChunks(hmac, data, data.Length), "after Finish");
        }

        [TestMethod]
        public void Constructor_BadKey_Throws()
        {
            Assert.ThrowsException(typeof(ArgumentNullException), () => new HmacSha256(null));
            Assert.ThrowsException(typeof(ArgumentNullException), () => new HmacSha256(null, 0, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new HmacSha256(new byte[4], -1, 2));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new HmacSha256(new byte[4], 2, 3));
            Assert.ThrowsException(typeof(ArgumentNullException), () => HmacSha256.Compute(null, new byte[1], 0, 1));
        }

        [TestMethod]
        public void AppendAndFinish_BadArguments_ThrowAndKeepState()
        {
            byte[] data = HashTestData.Ascii("what do ya want for nothing?");
            var hmac = new HmacSha256(HashTestData.Ascii("Jefe"));
            hmac.Append(data, 0, 10);
            Assert.ThrowsException(typeof(ArgumentNullException), () => hmac.Append(null, 0, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => hmac.Append(data, -1, 1));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => hmac.Append(data, 10, data.Length));
            Assert.ThrowsException(typeof(ArgumentNullException), () => hmac.Finish(null, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => hmac.Finish(new byte[HmacSha256.HashSize], 1));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => hmac.Finish(new byte[HmacSha256.HashSize], -1));
            hmac.Append(data, 10, data.Length - 10);
            var mac = new byte[HmacSha256.HashSize];
            hmac.Finish(mac, 0);
            Assert.AreEqual(JefeMac, HashTestData.Hex(mac));
        }
    }
}
