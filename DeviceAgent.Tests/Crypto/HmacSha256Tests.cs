using DeviceAgent.Crypto;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Crypto
{
    /// <summary>HMAC-SHA-256 against RFC 4231; the behaviour shared with HMAC-MD5 is in <see cref="HmacTests"/>.</summary>
    [TestClass]
    public class HmacSha256Tests
    {
        private static string Mac(byte[] key, byte[] data)
        {
            return HashTestData.Hex(HmacSha256.Compute(key, data, 0, data.Length));
        }

        // RFC 4231 sections 4.2-4.5, test cases 1-4.
        [TestMethod]
        public void Compute_Rfc4231Cases1To4_MatchPublishedMacs()
        {
            Assert.AreEqual("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                Mac(HashTestData.Repeat(0x0b, 20), HashTestData.Ascii("Hi There")));
            Assert.AreEqual("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                Mac(HashTestData.Ascii("Jefe"), HashTestData.Ascii("what do ya want for nothing?")));
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
    }
}
