using DeviceAgent.Dhcp;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Dhcp
{
    [TestClass]
    public class DhcpAddressTests
    {
        [TestMethod]
        public void Format_Values_DottedQuad()
        {
            Assert.AreEqual("0.0.0.0", DhcpAddress.Format(0));
            Assert.AreEqual("255.255.255.255", DhcpAddress.Format(DhcpAddress.Broadcast));
            Assert.AreEqual("192.0.2.10", DhcpAddress.Format(0xC000020A));
        }

        [TestMethod]
        public void TryParse_Valid_FirstOctetMostSignificant()
        {
            Assert.IsTrue(DhcpAddress.TryParse("192.0.2.10", out var address));
            Assert.AreEqual(0xC000020Au, address);
        }

        [TestMethod]
        public void TryParse_Invalid_False()
        {
            Assert.IsFalse(DhcpAddress.TryParse("192.0.2", out _));
            Assert.IsFalse(DhcpAddress.TryParse("192.0.2.256", out _));
            Assert.IsFalse(DhcpAddress.TryParse("192.0.2.1.5", out _));
            Assert.IsFalse(DhcpAddress.TryParse("192.0..1", out _));
            Assert.IsFalse(DhcpAddress.TryParse("192.0.2.1 ", out _));
            Assert.IsFalse(DhcpAddress.TryParse("1234.0.2.1", out _));
            Assert.IsFalse(DhcpAddress.TryParse(null, out _));
        }

        [TestMethod]
        public void ReadWrite_RoundTrip()
        {
            var buffer = new byte[6];
            DhcpAddress.Write(0xC0000201, buffer, 1);
            CollectionAssert.AreEqual(new byte[] { 0, 192, 0, 2, 1, 0 }, buffer);
            Assert.AreEqual(0xC0000201u, DhcpAddress.Read(buffer, 1));
        }
    }
}
