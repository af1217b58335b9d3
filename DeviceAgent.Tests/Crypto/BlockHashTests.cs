using System;
using DeviceAgent.Crypto;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Crypto
{
    /// <summary>The buffering, padding and argument checks shared by MD5 and SHA-256, checked through both.</summary>
    [TestClass]
    public class BlockHashTests
    {
        private const string Md5Abc = "900150983cd24fb0d6963f7d28e17f72";
        private const string Sha256Abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

        [TestMethod]
        public void Append_AnyChunking_SameDigest()
        {
            AnyChunking(new Md5(), Md5.HashSize);
            AnyChunking(new Sha256(), Sha256.HashSize);
        }

        [TestMethod]
        public void Append_EmptyChunks_Ignored()
        {
            EmptyChunks(new Md5(), Md5.HashSize, Md5Abc);
            EmptyChunks(new Sha256(), Sha256.HashSize, Sha256Abc);
        }

        [TestMethod]
        public void Reset_AfterPartialMessage_StartsOver()
        {
            ResetStartsOver(new Md5(), Md5.HashSize, Md5Abc);
            ResetStartsOver(new Sha256(), Sha256.HashSize, Sha256Abc);
        }

        [TestMethod]
        public void Finish_ThenNewMessage_HashesIndependently()
        {
            // "a" from RFC 1321 A.5; the two-block message from FIPS 180-4.
            FinishThenNewMessage(new Md5(), Md5.HashSize, "a", "0cc175b9c0f1b6a831c399e269772661", Md5Abc);
            FinishThenNewMessage(new Sha256(), Sha256.HashSize, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", Sha256Abc);
        }

        [TestMethod]
        public void Append_BadArguments_ThrowsAndKeepsState()
        {
            BadAppend(new Md5(), Md5.HashSize, Md5Abc);
            BadAppend(new Sha256(), Sha256.HashSize, Sha256Abc);
        }

        [TestMethod]
        public void Finish_BadOutput_ThrowsAndKeepsState()
        {
            BadFinish(new Md5(), Md5.HashSize, Md5Abc);
            BadFinish(new Sha256(), Sha256.HashSize, Sha256Abc);
        }

        private static void AnyChunking(BlockHash hash, int size)
        {
            byte[] data = HashTestData.Pattern(1000);
            string whole = HashTestData.DigestInChunks(hash, size, data, data.Length);
            Assert.AreEqual(whole, HashTestData.DigestInChunks(hash, size, data, 1), "chunks of 1");
            Assert.AreEqual(whole, HashTestData.DigestInChunks(hash, size, data, 3), "chunks of 3");
            Assert.AreEqual(whole, HashTestData.DigestInChunks(hash, size, data, 63), "chunks of 63");
            Assert.AreEqual(whole, HashTestData.DigestInChunks(hash, size, data, 64), "chunks of 64");
            Assert.AreEqual(whole, HashTestData.DigestInChunks(hash, size, data, 65), "chunks of 65");
        }

        private static void EmptyChunks(BlockHash hash, int size, string abcDigest)
        {
            byte[] abc = HashTestData.Ascii("abc");
            hash.Append(abc, 0, 0);
            hash.Append(abc, 0, 2);
            hash.Append(abc, 3, 0);
            Assert.AreEqual(abcDigest, HashTestData.DigestInChunks(hash, size, new byte[] { (byte)'c' }, 1));
        }

        private static void ResetStartsOver(BlockHash hash, int size, string abcDigest)
        {
            byte[] junk = HashTestData.Pattern(100);
            hash.Append(junk, 0, junk.Length);
            hash.Reset();
            Assert.AreEqual(abcDigest, HashTestData.DigestInChunks(hash, size, HashTestData.Ascii("abc"), 3));
        }

        private static void FinishThenNewMessage(BlockHash hash, int size, string first, string firstDigest, string abcDigest)
        {
            byte[] data = HashTestData.Ascii(first);
            var digest = new byte[size + 4];
            hash.Append(data, 0, data.Length);
            hash.Finish(digest, 4);
            Assert.AreEqual(firstDigest, HashTestData.Hex(digest, 4, size));
            Assert.AreEqual(abcDigest, HashTestData.DigestInChunks(hash, size, HashTestData.Ascii("abc"), 3));
        }

        private static void BadAppend(BlockHash hash, int size, string abcDigest)
        {
            byte[] abc = HashTestData.Ascii("abc");
            hash.Append(abc, 0, 1);
            Assert.ThrowsException(typeof(ArgumentNullException), () => hash.Append(null, 0, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => hash.Append(abc, -1, 1));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => hash.Append(abc, 4, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => hash.Append(abc, 0, -1));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => hash.Append(abc, 1, 3));
            Assert.AreEqual(abcDigest, HashTestData.DigestInChunks(hash, size, HashTestData.Ascii("bc"), 2));
        }

        private static void BadFinish(BlockHash hash, int size, string abcDigest)
        {
            byte[] abc = HashTestData.Ascii("abc");
            hash.Append(abc, 0, 1);
            Assert.ThrowsException(typeof(ArgumentNullException), () => hash.Finish(null, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => hash.Finish(new byte[size - 1], 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => hash.Finish(new byte[size], 1));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => hash.Finish(new byte[size], -1));
            Assert.AreEqual(abcDigest, HashTestData.DigestInChunks(hash, size, HashTestData.Ascii("bc"), 2));
        }
    }
}
