using System;
using DeviceAgent.Crypto;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Crypto
{
    [TestClass]
    public class HmacMd5Tests
    {
        private const string JefeMac = "750c783e6ab0b503eaa86e310a5db738";

        private static string Mac(byte[] key, byte[] data)
        {
            return HashTestData.Hex(HmacMd5.Compute(key, data, 0, data.Length));
        }

        private static string MacInChunks(HmacMd5 hmac, byte[] data, int chunk)
        {
            for (int offset = 0; offset < data.Length; offset += chunk)
            {
                hmac.Append(data, offset, chunk < data.Length - offset ? chunk : data.Length - offset);
            }

            var mac = new byte[HmacMd5.HashSize];
            hmac.Finish(mac, 0);
            return HashTestData.Hex(mac);
        }

        // RFC 2202 section 2, test cases 1-4.
        [TestMethod]
        public void Compute_Rfc2202Cases1To4_MatchPublishedMacs()
        {
            Assert.AreEqual("9294727a3638bb1c13f48ef8158bfc9d", Mac(HashTestData.Repeat(0x0b, 16), HashTestData.Ascii("Hi There")));
            Assert.AreEqual(JefeMac, Mac(HashTestData.Ascii("Jefe"), HashTestData.Ascii("what do ya want for nothing?")));
            Assert.AreEqual("56be34521d144c88dbb8c733f0e8b3f6", Mac(HashTestData.Repeat(0xaa, 16), HashTestData.Repeat(0xdd, 50)));
            Assert.AreEqual("697eaf0aca3a3aea3a75164746ffaa79", Mac(HashTestData.Counting(25), HashTestData.Repeat(0xcd, 50)));
        }

        // RFC 2202 section 2, test case 5: the full MAC and its 96-bit truncation.
        [TestMethod]
        public void Compute_Rfc2202Case5_TruncatedPrefixMatches()
        {
            byte[] mac = HmacMd5.Compute(HashTestData.Repeat(0x0c, 16), HashTestData.Ascii("Test With Truncation"), 0, 20);
            Assert.AreEqual("56461ef2342edc00f9bab995690efd4c", HashTestData.Hex(mac));
            Assert.AreEqual("56461ef2342edc00f9bab995", HashTestData.Hex(mac, 0, 12));
        }

        // RFC 2202 section 2, test cases 6-7: an 80-byte key, longer than the block, is hashed first.
        [TestMethod]
        public void Compute_Rfc2202KeysLongerThanBlock_MatchPublishedMacs()
        {
            byte[] key = HashTestData.Repeat(0xaa, 80);
            Assert.AreEqual("6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd",
                Mac(key, HashTestData.Ascii("Test Using Larger Than Block-Size Key - Hash Key First")));
            Assert.AreEqual("6f630fad67cda0ee1fb1f562db3aa53e",
                Mac(key, HashTestData.Ascii("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data")));
        }

        [TestMethod]
        public void Constructor_KeySlice_SameAsWholeKey()
        {
            byte[] framed = HashTestData.Ascii("xxJefeyy");
            var hmac = new HmacMd5(framed, 2, 4);
            Assert.AreEqual(JefeMac, MacInChunks(hmac, HashTestData.Ascii("what do ya want for nothing?"), 5));
        }

        [TestMethod]
        public void Append_AnyChunking_SameMac()
        {
            byte[] key = HashTestData.Repeat(0xaa, 80);
            byte[] data = HashTestData.Pattern(1000);
            string whole = Mac(key, data);
            var hmac = new HmacMd5(key);
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
            var hmac = new HmacMd5(HashTestData.Ascii("Jefe"));
            hmac.Append(HashTestData.Pattern(100), 0, 100);
            hmac.Reset();
            Assert.AreEqual(JefeMac, MacInChunks(hmac, data, data.Length));
            Assert.AreEqual(JefeMac, MacInChunks(hmac, data, data.Length), "after Finish");
        }

        [TestMethod]
        public void Constructor_BadKey_Throws()
        {
            Assert.ThrowsException(typeof(ArgumentNullException), () => new HmacMd5(null));
            Assert.ThrowsException(typeof(ArgumentNullException), () => new HmacMd5(null, 0, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new HmacMd5(new byte[4], -1, 2));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new HmacMd5(new byte[4], 2, 3));
            Assert.ThrowsException(typeof(ArgumentNullException), () => HmacMd5.Compute(null, new byte[1], 0, 1));
        }

        [TestMethod]
        public void AppendAndFinish_BadArguments_ThrowAndKeepState()
        {
            byte[] data = HashTestData.Ascii("what do ya want for nothing?");
            var hmac = new HmacMd5(HashTestData.Ascii("Jefe"));
            hmac.Append(data, 0, 10);
            Assert.ThrowsException(typeof(ArgumentNullException), () => hmac.Append(null, 0, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => hmac.Append(data, -1, 1));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => hmac.Append(data, 10, data.Length));
            Assert.ThrowsException(typeof(ArgumentNullException), () => hmac.Finish(null, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => hmac.Finish(new byte[HmacMd5.HashSize], 1));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => hmac.Finish(new byte[HmacMd5.HashSize], -1));
            hmac.Append(data, 10, data.Length - 10);
            var mac = new byte[HmacMd5.HashSize];
            hmac.Finish(mac, 0);
            Assert.AreEqual(JefeMac, HashTestData.Hex(mac));
        }
    }
}
