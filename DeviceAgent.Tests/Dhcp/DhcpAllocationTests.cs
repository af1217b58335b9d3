using System;
using DeviceAgent.Dhcp;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceAgent.Tests.Dhcp
{
    /// <summary>Desktop only (not in the .nfproj): the option scan must not allocate, whatever the heap.</summary>
    [TestClass]
    public class DhcpAllocationTests
    {
        [TestMethod]
        public void Scanner_TypicalAck_AllocatesNothing()
        {
            var ack = DhcpFixtures.TypicalAck();
            var message = DhcpMessage.Read(ack, 0, ack.Length);
            Scan(ack, message);

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1000; i++)
            {
                Scan(ack, message);
            }

            Assert.AreEqual(0L, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        private static void Scan(byte[] ack, DhcpMessage message)
        {
            var scanner = new DhcpOptionScanner(ack, 0, ack.Length);
            while (scanner.MoveNext())
            {
            }

            message.TryGetOption(DhcpOptionCode.SipServers, out _, out _, out _);
            message.TryGetUInt32(DhcpOptionCode.LeaseTime, out _);
        }
    }
}
