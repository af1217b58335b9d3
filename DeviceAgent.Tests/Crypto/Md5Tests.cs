using System;
using DeviceAgent.Crypto;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Crypto
{
    [TestClass]
    public class Md5Tests
    {
        private static string Digest(string message)
        {
            byte[] data = HashTestData.Ascii(message);
            return HashTestData.Hex(Md5.Compute(data, 0, data.Length));
        }

        private static string DigestInChunks(byte[] data, int chunk)
        {
            var md5 = new Md5();
            for (int offset = 0; offset < data.Length; offset += chunk)
            {
                md5.Append(data, offset, chunk < data.Length - offset ? chunk : data.Length - offset);
            }

            var digest = new byte[Md5.HashSize];
            md5.Finish(digest, 0);
            return HashTestData.Hex(digest);
        }

        // RFC 1321 appendix A.5, the whole test suite.
        [TestMethod]
        public void Compute_Rfc1321TestSuite_MatchesAppendixA5()
        {
            Assert.AreEqual("d41d8cd98f00b204e9800998ecf8427e", Digest(""));
            Assert.AreEqual("0cc175b9c0f1b6a831c399e269772661", Digest("a"));
            Assert.AreEqual("900150983cd24fb0d6963f7d28e17f72", Digest("abc"));
            Assert.AreEqual("f96b697d7cb7938d525a2f31aaf161d0", Digest("message digest"));
            Assert.AreEqual("c3fcd3d76192e4007dfb496cca67e13b", Digest("abcdefghijklmnopqrstuvwxyz"));
            Assert.AreEqual("d174ab98d277d9f5a5611c2c9f419d9f", Digest("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"));
            Assert.AreEqual("57edf4a22be3c955ac49da2e2107b67a", Digest("12345678901234567890123456789012345678901234567890123456789012345678901234567890"));
        }

        [TestMethod]
        public void Append_AnyChunking_SameDigest()
        {
            byte[] data = HashTestData.Pattern(1000);
            string whole = HashTestData.Hex(Md5.Compute(data, 0, data.Length));
            Assert.AreEqual(whole, DigestInChunks(data, 1), "chunks of 1");
            Assert.AreEqual(whole, DigestInChunks(data, 3), "chunks of 3");
            Assert.AreEqual(whole, DigestInChunks(data, 63), "chunks of 63");
            Assert.AreEqual(whole, DigestInChunks(data, 64), "chunks of 64");
            Assert.AreEqual(whole, DigestInChunks(data, 65), "chunks of 65");
        }

        [TestMethod]
        public void Append_EmptyChunks_Ignored()
        {
            byte[] abc = HashTestData.Ascii("abc");
            var md5 = new Md5();
            md5.Append(abc, 0, 0);
            md5.Append(abc, 0, 2);
            md5.Append(abc, 3, 0);
            md5.Append(abc, 2, 1);
            var digest = new byte[Md5.HashSize];
            md5.Finish(digest, 0);
            Assert.AreEqual("900150983cd24fb0d6963f7d28e17f72", HashTestData.Hex(digest));
        }

        [TestMethod]
        public void Reset_AfterPartialMessage_StartsOver()
        {
            byte[] junk = HashTestData.Pattern(100);
            byte[] abc = HashTestData.Ascii("abc");
            var md5 = new Md5();
            md5.Append(junk, 0, junk.Length);
            md5.Reset();
            md5.Append(abc, 0, abc.Length);
            var digest = new byte[Md5.HashSize];
            md5.Finish(digest, 0);
            Assert.AreEqual("900150983cd24fb0d6963f7d28e17f72", HashTestData.Hex(digest));
        }

        [TestMethod]
        public void Finish_ThenNewMessage_HashesIndependently()
        {
            byte[] abc = HashTestData.Ascii("abc");
            var md5 = new Md5();
            var digest = new byte[Md5.HashSize + 4];
            md5.Append(abc, 0, 1);
            md5.Finish(digest, 4);
            Assert.AreEqual("0cc175b9c0f1b6a831c399e269772661", HashTestData.Hex(digest, 4, Md5.HashSize));
            md5.Append(abc, 0, abc.Length);
            md5.Finish(digest, 0);
            Assert.AreEqual("900150983cd24fb0d6963f7d28e17f72", HashTestData.Hex(digest, 0, Md5.HashSize));
        }

        [TestMethod]
        public void Append_BadArguments_ThrowsAndKeepsState()
        {
            byte[] abc = HashTestData.Ascii("abc");
            var md5 = new Md5();
            md5.Append(abc, 0, 1);
            Assert.ThrowsException(typeof(ArgumentNullException), () => md5.Append(null, 0, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => md5.Append(abc, -1, 1));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => md5.Append(abc, 4, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => md5.Append(abc, 0, -1));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => md5.Append(abc, 1, 3));
            md5.Append(abc, 1, 2);
            var digest = new byte[Md5.HashSize];
            md5.Finish(digest, 0);
            Assert.AreEqual("900150983cd24fb0d6963f7d28e17f72", HashTestData.Hex(digest));
        }

        [TestMethod]
        public void Finish_BadOutput_ThrowsAndKeepsState()
        {
            byte[] abc = HashTestData.Ascii("abc");
            var md5 = new Md5();
            md5.Append(abc, 0, abc.Length);
            Assert.ThrowsException(typeof(ArgumentNullException), () => md5.Finish(null, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => md5.Finish(new byte[Md5.HashSize - 1], 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => md5.Finish(new byte[Md5.HashSize], 1));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => md5.Finish(new byte[Md5.HashSize], -1));
            var digest = new byte[Md5.HashSize];
            md5.Finish(digest, 0);
            Assert.AreEqual("900150983cd24fb0d6963f7d28e17f72", HashTestData.Hex(digest));
        }

        [TestMethod]
        public void Compute_BadArguments_Throws()
        {
            Assert.ThrowsException(typeof(ArgumentNullException), () => Md5.Compute(null, 0, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => Md5.Compute(new byte[2], 1, 2));
        }
    }
}
