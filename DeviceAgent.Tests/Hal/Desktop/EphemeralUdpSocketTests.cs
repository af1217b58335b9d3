using System.Net;
using DeviceAgent.Hal.Desktop;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceAgent.Tests.Hal.Desktop
{
    [TestClass]
    public class EphemeralUdpSocketTests
    {
        [TestMethod]
        public void SendReceive_Loopback_DeliversWithSenderAddressAndPort()
        {
            using var a = new EphemeralUdpSocket(IPAddress.Loopback);
            using var b = new EphemeralUdpSocket(IPAddress.Loopback);
            a.Send(new byte[] { 1, 2, 3, 4 }, 1, 3, 0x7F000001, b.LocalPort);
            var buffer = new byte[10];
            int n = b.Receive(buffer, 2, 8, 2000, out uint address, out int port);
            Assert.AreEqual(3, n);
            CollectionAssert.AreEqual(new byte[] { 2, 3, 4 }, buffer[2..5]);
            Assert.AreEqual(0x7F000001u, address);
            Assert.AreEqual(a.LocalPort, port);
        }

        [TestMethod]
        public void Receive_NothingSent_TimesOutWithMinusOne()
        {
            using var a = new EphemeralUdpSocket(IPAddress.Loopback);
            Assert.AreEqual(-1, a.Receive(new byte[4], 0, 4, 50, out _, out _));
        }

        [TestMethod]
        public void Receive_DatagramLongerThanBuffer_Truncated()
        {
            using var a = new EphemeralUdpSocket(IPAddress.Loopback);
            using var b = new EphemeralUdpSocket(IPAddress.Loopback);
            a.Send(new byte[] { 1, 2, 3, 4, 5 }, 0, 5, 0x7F000001, b.LocalPort);
            var buffer = new byte[3];
            Assert.AreEqual(3, b.Receive(buffer, 0, 3, 2000, out _, out _));
            CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, buffer);
        }

        [TestMethod]
        public void AddressConversion_RoundTrips()
        {
            Assert.AreEqual(0xC0A80A01u, EphemeralUdpSocket.ToUInt32(IPAddress.Parse("192.168.10.1")));
            Assert.AreEqual(IPAddress.Parse("10.0.0.5"), EphemeralUdpSocket.ToIPAddress(0x0A000005));
        }
    }
}
