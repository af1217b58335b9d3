using DeviceAgent.Crypto;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Crypto
{
    /// <summary>HMAC-MD5 against RFC 2202; the behaviour shared with HMAC-SHA-256 is in <see cref="HmacTests"/>.</summary>
    [TestClass]
    public class HmacMd5Tests
    {
        private static string Mac(byte[] key, byte[] data)
        {
            return HashTestData.Hex(HmacMd5.Compute(key, data, 0, data.Length));
        }

        // RFC 2202 section 2, test cases 1-4.
        [TestMethod]
        public void Compute_Rfc2202Cases1To4_MatchPublishedMacs()
        {
            Assert.AreEqual("9294727a3638bb1c13f48ef8158bfc9d", Mac(HashTestData.Repeat(0x0b, 16), HashTestData.Ascii("Hi There")));
            Assert.AreEqual("750c783e6ab0b503eaa86e310a5db738", Mac(HashTestData.Ascii("Jefe"), HashTestData.Ascii("what do ya want for nothing?")));
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
    }
}
