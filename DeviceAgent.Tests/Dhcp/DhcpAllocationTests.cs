using System;
using DeviceAgent.Benchmarks;
using DeviceAgent.Dhcp;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceAgent.Tests.Dhcp
{
    /// <summary>
    /// Desktop only (not in the .nfproj): the option scan must not allocate, whatever the heap, and the full typed
    /// parse of an ACK stays within 1 KB (the goal DeviceAgent.Benchmarks reports).
    /// </summary>
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

        [TestMethod]
        public void FullTypedParse_TypicalAck_AtMost1024Bytes()
        {
            const int Rounds = 1000;
            var ack = DhcpFixtures.TypicalAck();
            DhcpWorkload.Parse(ack);

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < Rounds; i++)
            {
                DhcpWorkload.Parse(ack);
            }

            var perPacket = (GC.GetAllocatedBytesForCurrentThread() - before) / Rounds;
            Console.WriteLine($"full typed parse of the typical ACK: {perPacket} B/packet");
            Assert.IsTrue(perPacket <= 1024, $"{perPacket} B/packet, goal <= 1024 B");
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
