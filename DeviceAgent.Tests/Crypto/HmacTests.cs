using System;
using DeviceAgent.Crypto;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Crypto
{
    /// <summary>The keying, reuse and argument checks shared by HMAC-MD5 and HMAC-SHA-256, checked through both.</summary>
    [TestClass]
    public class HmacTests
    {
        // RFC 2202 and RFC 4231 test case 2 (key "Jefe").
        private const string JefeMd5 = "750c783e6ab0b503eaa86e310a5db738";
        private const string JefeSha256 = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        private const string JefeData = "what do ya want for nothing?";

        [TestMethod]
        public void Constructor_KeySlice_SameAsWholeKey()
        {
            byte[] framed = HashTestData.Ascii("xxJefeyy");
            byte[] data = HashTestData.Ascii(JefeData);
            Assert.AreEqual(JefeMd5, HashTestData.MacInChunks(new HmacMd5(framed, 2, 4), HmacMd5.HashSize, data, 5));
            Assert.AreEqual(JefeSha256, HashTestData.MacInChunks(new HmacSha256(framed, 2, 4), HmacSha256.HashSize, data, 5));
        }

        [TestMethod]
        public void Append_AnyChunking_SameMac()
        {
            // A key longer than the block, so the hashed-key path is chunk-tested too.
            byte[] key = HashTestData.Repeat(0xaa, 131);
            AnyChunking(new HmacMd5(key), HmacMd5.HashSize);
            AnyChunking(new HmacSha256(key), HmacSha256.HashSize);
        }

        [TestMethod]
        public void Reset_AfterPartialMessage_KeepsKey()
        {
            byte[] key = HashTestData.Ascii("Jefe");
            ResetKeepsKey(new HmacMd5(key), HmacMd5.HashSize, JefeMd5);
            ResetKeepsKey(new HmacSha256(key), HmacSha256.HashSize, JefeSha256);
        }

        [TestMethod]
        public void Constructor_BadKey_Throws()
        {
            Assert.ThrowsException(typeof(ArgumentNullException), () => new HmacMd5(null));
            Assert.ThrowsException(typeof(ArgumentNullException), () => new HmacMd5(null, 0, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new HmacMd5(new byte[4], -1, 2));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new HmacMd5(new byte[4], 2, 3));
            Assert.ThrowsException(typeof(ArgumentNullException), () => HmacMd5.Compute(null, new byte[1], 0, 1));
            Assert.ThrowsException(typeof(ArgumentNullException), () => new HmacSha256(null));
            Assert.ThrowsException(typeof(ArgumentNullException), () => new HmacSha256(null, 0, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new HmacSha256(new byte[4], -1, 2));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new HmacSha256(new byte[4], 2, 3));
            Assert.ThrowsException(typeof(ArgumentNullException), () => HmacSha256.Compute(null, new byte[1], 0, 1));
        }

        [TestMethod]
        public void AppendAndFinish_BadArguments_ThrowAndKeepState()
        {
            byte[] key = HashTestData.Ascii("Jefe");
            BadArguments(new HmacMd5(key), HmacMd5.HashSize, JefeMd5);
            BadArguments(new HmacSha256(key), HmacSha256.HashSize, JefeSha256);
        }

        private static void AnyChunking(Hmac hmac, int size)
        {
            byte[] data = HashTestData.Pattern(1000);
            string whole = HashTestData.MacInChunks(hmac, size, data, data.Length);
            Assert.AreEqual(whole, HashTestData.MacInChunks(hmac, size, data, 1), "chunks of 1");
            Assert.AreEqual(whole, HashTestData.MacInChunks(hmac, size, data, 3), "chunks of 3");
            Assert.AreEqual(whole, HashTestData.MacInChunks(hmac, size, data, 63), "chunks of 63");
            Assert.AreEqual(whole, HashTestData.MacInChunks(hmac, size, data, 64), "chunks of 64");
            Assert.AreEqual(whole, HashTestData.MacInChunks(hmac, size, data, 65), "chunks of 65");
        }

        private static void ResetKeepsKey(Hmac hmac, int size, string jefeMac)
        {
            byte[] data = HashTestData.Ascii(JefeData);
            hmac.Append(HashTestData.Pattern(100), 0, 100);
            hmac.Reset();
            Assert.AreEqual(jefeMac, HashTestData.MacInChunks(hmac, size, data, data.Length));
            Assert.AreEqual(jefeMac, HashTestData.MacInChunks(hmac, size, data, data.Length), "after Finish");
        }

        private static void BadArguments(Hmac hmac, int size, string jefeMac)
        {
            byte[] data = HashTestData.Ascii(JefeData);
            hmac.Append(data, 0, 10);
            Assert.ThrowsException(typeof(ArgumentNullException), () => hmac.Append(null, 0, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => hmac.Append(data, -1, 1));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => hmac.Append(data, 10, data.Length));
            Assert.ThrowsException(typeof(ArgumentNullException), () => hmac.Finish(null, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => hmac.Finish(new byte[size], 1));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => hmac.Finish(new byte[size], -1));
            byte[] rest = HashTestData.Ascii(JefeData.Substring(10));
            Assert.AreEqual(jefeMac, HashTestData.MacInChunks(hmac, size, rest, rest.Length));
        }
    }
}
