using System;
using DeviceAgent.Dhcp;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Dhcp
{
    /// <summary>The lease object: T1/T2 rules of RFC 2131 §4.4.5, infinite leases (RFC 2132 §9.2), storage for INIT-REBOOT.</summary>
    [TestClass]
    public class DhcpLeaseTests
    {
        [TestMethod]
        public void FromMessage_NoT1T2_Defaults()
        {
            var lease = Lease(1000, 0, 0);

            Assert.AreEqual(500u, lease.RenewalSeconds);
            Assert.AreEqual(875u, lease.RebindingSeconds);
            Assert.AreEqual(100000L + 500000L, lease.RenewAt);
            Assert.AreEqual(100000L + 875000L, lease.RebindAt);
            Assert.AreEqual(100000L + 1000000L, lease.ExpiresAt);
        }

        [TestMethod]
        public void FromMessage_T1NotBelowT2_T1Defaulted()
        {
            var lease = Lease(1000, 900, 800);

            Assert.AreEqual(500u, lease.RenewalSeconds);
            Assert.AreEqual(800u, lease.RebindingSeconds);
        }

        [TestMethod]
        public void FromMessage_T2NotBelowLease_T2Defaulted()
        {
            var lease = Lease(1000, 100, 1000);

            Assert.AreEqual(100u, lease.RenewalSeconds);
            Assert.AreEqual(875u, lease.RebindingSeconds);
        }

        [TestMethod]
        public void FromMessage_ShortT2WithoutT1_T1IsHalfOfT2()
        {
            var lease = Lease(1000, 0, 300);

            Assert.AreEqual(150u, lease.RenewalSeconds);
            Assert.AreEqual(300u, lease.RebindingSeconds);
        }

        [TestMethod]
        public void FromMessage_Infinite_NoTimers()
        {
            var lease = Lease(DhcpLease.Infinite, 0, 0);

            Assert.IsTrue(lease.IsInfinite);
            Assert.AreEqual(long.MaxValue, lease.RenewAt);
            Assert.AreEqual(long.MaxValue, lease.ExpiresAt);
        }

        [TestMethod]
        public void FromMessage_NoServerIdentifier_Throws()
        {
            var writer = new DhcpMessageWriter(DhcpMessageType.Ack, 1, DhcpFixtures.Mac);
            writer.YourAddress = DhcpAddress.FromOctets(10, 0, 0, 5);
            writer.AddUInt32(DhcpOptionCode.LeaseTime, 60);
            var bytes = writer.ToArray();

            Assert.ThrowsException(typeof(DhcpFormatException), () => DhcpLease.FromMessage(DhcpMessage.Read(bytes, 0, bytes.Length), 0, DhcpFixtures.Enterprise));
        }

        [TestMethod]
        public void EncodeDecode_RoundTrip_SameLease()
        {
            var server = new DhcpFakeServer(1);
            server.ReconfigureKey = DhcpFakeServer.DefaultKey;
            server.ReplayCounter = 3;
            var client = DhcpClientTests.Bind(server, DhcpClientTests.NewClient(60), 7000);
            var lease = client.Lease;
            DhcpFakeServer.Deliver(client, server.ForceRenew(lease.Address, 42, DhcpFakeServer.DefaultKey), 8000);

            var data = lease.Encode();
            var copy = DhcpLease.Decode(data, 0, data.Length);

            Assert.AreEqual(lease.Address, copy.Address);
            Assert.AreEqual(lease.SubnetMask, copy.SubnetMask);
            Assert.AreEqual(lease.ServerIdentifier, copy.ServerIdentifier);
            Assert.AreEqual(lease.LeaseSeconds, copy.LeaseSeconds);
            Assert.AreEqual(lease.ObtainedAt, copy.ObtainedAt);
            Assert.AreEqual(42UL, copy.ReplayDetection);
            Assert.AreEqual(lease.EnterpriseNumber, copy.EnterpriseNumber);
            CollectionAssert.AreEqual(DhcpFakeServer.DefaultKey, copy.ReconfigureKey);
            Assert.AreEqual("4930123456", copy.VoipOptions.PhoneNumber);
            Assert.IsTrue(copy.ProvisioningEquals(lease));
            Assert.IsTrue(data.Length < 600, "encoded " + data.Length.ToString() + " bytes");
        }

        [TestMethod]
        public void Decode_Corrupt_Throws()
        {
            var lease = DhcpClientTests.Bind(new DhcpFakeServer(1), DhcpClientTests.NewClient(61), 0).Lease;
            var data = lease.Encode();

            Assert.ThrowsException(typeof(DhcpFormatException), () => DhcpLease.Decode(data, 0, data.Length - 1));
            data[0] = (byte)'X';
            Assert.ThrowsException(typeof(DhcpFormatException), () => DhcpLease.Decode(data, 0, data.Length));
            data[0] = (byte)'D';
            data[25 + 236] ^= 0xFF; // magic cookie of the stored ACK
            Assert.ThrowsException(typeof(DhcpFormatException), () => DhcpLease.Decode(data, 0, data.Length));
        }

        private static DhcpLease Lease(uint seconds, uint t1, uint t2)
        {
            var request = DhcpMessage.Read(DhcpMessageWriter.Discover(1, DhcpFixtures.Mac).ToArray(), 0, 300);
            var writer = DhcpMessageWriter.Ack(request, DhcpAddress.FromOctets(10, 0, 0, 5), DhcpAddress.FromOctets(10, 0, 0, 1));
            writer.AddUInt32(DhcpOptionCode.LeaseTime, seconds);
            if (t1 != 0)
            {
                writer.AddUInt32(DhcpOptionCode.RenewalTime, t1);
            }

            if (t2 != 0)
            {
                writer.AddUInt32(DhcpOptionCode.RebindingTime, t2);
            }

            var bytes = writer.ToArray();
            return DhcpLease.FromMessage(DhcpMessage.Read(bytes, 0, bytes.Length), 100000, DhcpFixtures.Enterprise);
        }
    }
}
