using System;
using DeviceAgent.Crypto;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Crypto
{
    /// <summary>SHA-256 against FIPS 180-4 examples; the behaviour shared with MD5 is in <see cref="BlockHashTests"/>.</summary>
    [TestClass]
    public class Sha256Tests
    {
        private static string Digest(string message)
        {
            byte[] data = HashTestData.Ascii(message);
            return HashTestData.Hex(Sha256.Compute(data, 0, data.Length));
        }

        // FIPS 180-4 examples (NIST CSRC "SHA256.pdf" and "SHA2_Additional.pdf"): empty, one block, two blocks, 896 bits.
        // One million 'a' is in the desktop-only HashReferenceTests.
        [TestMethod]
        public void Compute_NistExamples_MatchPublishedDigests()
        {
            Assert.AreEqual("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Digest(""));
            Assert.AreEqual("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Digest("abc"));
            Assert.AreEqual("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
                Digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"));
            Assert.AreEqual("cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
                Digest("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"));
        }

        [TestMethod]
        public void Compute_BadArguments_Throws()
        {
            Assert.ThrowsException(typeof(ArgumentNullException), () => Sha256.Compute(null, 0, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => Sha256.Compute(new byte[2], 1, 2));
        }
    }
}
