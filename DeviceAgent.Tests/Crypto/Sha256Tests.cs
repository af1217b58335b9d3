using System;
using DeviceAgent.Crypto;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Crypto
{
    [TestClass]
    public class Sha256Tests
    {
        private const string AbcDigest = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

        private static string Digest(string message)
        {
            byte[] data = HashTestData.Ascii(message);
            return HashTestData.Hex(Sha256.Compute(data, 0, data.Length));
        }

        private static string DigestInChunks(byte[] data, int chunk)
        {
            var sha = new Sha256();
            for (int offset = 0; offset < data.Length; offset += chunk)
            {
                sha.Append(data, offset, chunk < data.Length - offset ? chunk : data.Length - offset);
            }

            var digest = new byte[Sha256.HashSize];
            sha.Finish(digest, 0);
            return HashTestData.Hex(digest);
        }

        // FIPS 180-4 examples (NIST CSRC "SHA256.pdf" and "SHA2_Additional.pdf"): one block, two blocks, empty message.
        [TestMethod]
        public void Compute_NistExamples_MatchPublishedDigests()
        {
            Assert.AreEqual("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Digest(""));
            Assert.AreEqual(AbcDigest, Digest("abc"));
            Assert.AreEqual("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
                Digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"));
            Assert.AreEqual("cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
                Digest("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"));
        }

        [TestMethod]
        public void Append_AnyChunking_SameDigest()
        {
            byte[] data = HashTestData.Pattern(1000);
            string whole = HashTestData.Hex(Sha256.Compute(data, 0, data.Length));
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
            var sha = new Sha256();
            sha.Append(abc, 0, 0);
            sha.Append(abc, 0, 2);
            sha.Append(abc, 3, 0);
            sha.Append(abc, 2, 1);
            var digest = new byte[Sha256.HashSize];
            sha.Finish(digest, 0);
            Assert.AreEqual(AbcDigest, HashTestData.Hex(digest));
        }

        [TestMethod]
        public void Reset_AfterPartialMessage_StartsOver()
        {
            byte[] junk = HashTestData.Pattern(100);
            byte[] abc = HashTestData.Ascii("abc");
            var sha = new Sha256();
            sha.Append(junk, 0, junk.Length);
            sha.Reset();
            sha.Append(abc, 0, abc.Length);
            var digest = new byte[Sha256.HashSize];
            sha.Finish(digest, 0);
            Assert.AreEqual(AbcDigest, HashTestData.Hex(digest));
        }

        [TestMethod]
        public void Finish_ThenNewMessage_HashesIndependently()
        {
            byte[] data = HashTestData.Ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
            var sha = new Sha256();
            var digest = new byte[Sha256.HashSize + 4];
            sha.Append(data, 0, data.Length);
            sha.Finish(digest, 4);
            Assert.AreEqual("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", HashTestData.Hex(digest, 4, Sha256.HashSize));
            sha.Append(data, 0, 3);
            sha.Finish(digest, 0);
            Assert.AreEqual(AbcDigest, HashTestData.Hex(digest, 0, Sha256.HashSize));
        }

        [TestMethod]
        public void Append_BadArguments_ThrowsAndKeepsState()
        {
            byte[] abc = HashTestData.Ascii("abc");
            var sha = new Sha256();
            sha.Append(abc, 0, 1);
            Assert.ThrowsException(typeof(ArgumentNullException), () => sha.Append(null, 0, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => sha.Append(abc, -1, 1));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => sha.Append(abc, 4, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => sha.Append(abc, 0, -1));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => sha.Append(abc, 1, 3));
            sha.Append(abc, 1, 2);
            var digest = new byte[Sha256.HashSize];
            sha.Finish(digest, 0);
            Assert.AreEqual(AbcDigest, HashTestData.Hex(digest));
        }

        [TestMethod]
        public void Finish_BadOutput_ThrowsAndKeepsState()
        {
            byte[] abc = HashTestData.Ascii("abc");
            var sha = new Sha256();
            sha.Append(abc, 0, abc.Length);
            Assert.ThrowsException(typeof(ArgumentNullException), () => sha.Finish(null, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => sha.Finish(new byte[Sha256.HashSize - 1], 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => sha.Finish(new byte[Sha256.HashSize], 1));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => sha.Finish(new byte[Sha256.HashSize], -1));
            var digest = new byte[Sha256.HashSize];
            sha.Finish(digest, 0);
            Assert.AreEqual(AbcDigest, HashTestData.Hex(digest));
        }

        [TestMethod]
        public void Compute_BadArguments_Throws()
        {
            Assert.ThrowsException(typeof(ArgumentNullException), () => Sha256.Compute(null, 0, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => Sha256.Compute(new byte[2], 1, 2));
        }
    }
}
