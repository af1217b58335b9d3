using System;
using DeviceAgent.Crypto;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Crypto
{
    /// <summary>CRC-32 of IEEE 802.3 (the "CRC-32" of the Rocksoft catalogue: check value 0xCBF43926).</summary>
    [TestClass]
    public class Crc32Tests
    {
        [TestMethod]
        public void Compute_CheckString_ReturnsCatalogueCheckValue()
        {
            byte[] data = Ascii("123456789");
            Assert.AreEqual(0xCBF43926u, Crc32.Compute(data, 0, data.Length));
        }

        [TestMethod]
        public void Compute_QuickBrownFox_ReturnsKnownValue()
        {
            byte[] data = Ascii("The quick brown fox jumps over the lazy dog");
            Assert.AreEqual(0x414FA339u, Crc32.Compute(data, 0, data.Length));
        }

        [TestMethod]
        public void Compute_Empty_ReturnsZero()
        {
            Assert.AreEqual(0u, Crc32.Compute(new byte[0], 0, 0));
        }

        [TestMethod]
        public void Compute_OffsetAndCount_CoversOnlyThatRange()
        {
            byte[] data = Ascii("xx123456789yy");
            Assert.AreEqual(0xCBF43926u, Crc32.Compute(data, 2, 9));
        }

        [TestMethod]
        public void Compute_SingleBitFlip_ChangesValue()
        {
            byte[] data = Ascii("123456789");
            data[4] ^= 0x08;
            Assert.AreNotEqual(0xCBF43926u, Crc32.Compute(data, 0, data.Length));
        }

        [TestMethod]
        public void Compute_RangePastEnd_Throws()
        {
            byte[] data = new byte[4];
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => Crc32.Compute(data, 2, 3));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => Crc32.Compute(data, -1, 1));
            Assert.ThrowsException(typeof(ArgumentNullException), () => Crc32.Compute(null, 0, 0));
        }

        private static byte[] Ascii(string text)
        {
            byte[] bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                bytes[i] = (byte)text[i];
            }

            return bytes;
        }
    }
}
