using System;
using DeviceAgent.Crypto;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Crypto
{
    /// <summary>MD5 against RFC 1321; the behaviour shared with SHA-256 is in <see cref="BlockHashTests"/>.</summary>
    [TestClass]
    public class Md5Tests
    {
        private static string Digest(string message)
        {
            byte[] data = HashTestData.Ascii(message);
            return HashTestData.Hex(Md5.Compute(data, 0, data.Length));
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
        public void Compute_BadArguments_Throws()
        {
            Assert.ThrowsException(typeof(ArgumentNullException), () => Md5.Compute(null, 0, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => Md5.Compute(new byte[2], 1, 2));
        }
    }
}
