using System;
using DeviceAgent.Dhcp;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Dhcp
{
    /// <summary>
    /// Keeping a lease on virtual time: T1 renewal by unicast and T2 rebinding by broadcast (RFC 2131 §4.4.5), expiry,
    /// NAK while renewing, FORCERENEW authenticated with the RFC 6704 reconfigure key (RFC 3203 §6), and the
    /// provisioning-options-changed signal after a renewal.
    /// </summary>
    [TestClass]
    public class DhcpClientRenewalTests
    {
        // Lease 3600 s without 58/59: T1 = 1800 s, T2 = 3150 s (RFC 2131 §4.4.5 defaults).
        private const long T1 = 1800000;
        private const long T2 = 3150000;
        private const long Expiry = 3600000;

        [TestMethod]
        public void Bound_AtT1_RenewsByUnicastToServer()
        {
            var server = new DhcpFakeServer(1);
            var client = DhcpClientTests.Bind(server, DhcpClientTests.NewClient(30), 0);
            Assert.AreEqual(T1, client.NextTimerAt);
            client.ClearActions();
            client.Timer(T1);

            Assert.AreEqual((int)DhcpClientState.Renewing, (int)client.State);
            var action = DhcpFakeServer.SingleSend(client);
            Assert.AreEqual(server.ServerId, action.Destination);
            var request = DhcpFakeServer.Sent(client);
            Assert.AreEqual((int)DhcpMessageType.Request, (int)request.MessageType);
            Assert.AreEqual(server.Address, request.ClientAddress);
            Assert.IsFalse(request.HasOption(DhcpOptionCode.RequestedAddress));
            Assert.IsFalse(request.HasOption(DhcpOptionCode.ServerIdentifier));
            Assert.IsFalse(request.IsBroadcast);

            DhcpFakeServer.Deliver(client, server.Ack(request), T1 + 50);
            Assert.AreEqual((int)DhcpClientState.Bound, (int)client.State);
            Assert.AreEqual(T1 + T1, client.NextTimerAt); // new lease counted from the renewal REQUEST
            Assert.AreEqual(1, DhcpFakeServer.Count(client, DhcpClientActionKind.ApplyLease));
            Assert.AreEqual(0, DhcpFakeServer.Count(client, DhcpClientActionKind.ProvisioningOptionsChanged));
        }

        [TestMethod]
        public void Renewing_NoAnswer_RetransmitsAtHalfRemainingDownTo60Seconds()
        {
            // RFC 2131 §4.4.5: wait half the time left until T2, at least 60 s.
            var client = DhcpClientTests.Bind(new DhcpFakeServer(1), DhcpClientTests.NewClient(31), 0);
            client.Timer(T1);
            Assert.AreEqual(T1 + (T2 - T1) / 2, client.NextTimerAt);
            long now = T1;
            var previous = now;
            while (client.State == DhcpClientState.Renewing)
            {
                now = client.NextTimerAt;
                Assert.IsTrue(now - previous >= 60000 || now == T2, "interval " + (now - previous).ToString());
                previous = now;
                client.ClearActions();
                client.Timer(now);
                Assert.AreEqual(1, DhcpFakeServer.CountSends(client));
            }

            Assert.AreEqual(T2, now);
            Assert.AreEqual((int)DhcpClientState.Rebinding, (int)client.State);
        }

        [TestMethod]
        public void Renewing_AtT2_RebindsByBroadcastAndAcceptsAnyServer()
        {
            var server = new DhcpFakeServer(1);
            var client = DhcpClientTests.Bind(server, DhcpClientTests.NewClient(32), 0);
            client.Timer(T1);
            client.Timer(client.NextTimerAt);
            client.ClearActions();
            client.Timer(T2);

            Assert.AreEqual((int)DhcpClientState.Rebinding, (int)client.State);
            var action = DhcpFakeServer.SingleSend(client);
            Assert.AreEqual(DhcpAddress.Broadcast, action.Destination);
            var request = DhcpFakeServer.Sent(client);
            Assert.AreEqual(server.Address, request.ClientAddress);
            Assert.IsFalse(request.HasOption(DhcpOptionCode.ServerIdentifier));

            var other = new DhcpFakeServer(2);
            DhcpFakeServer.Deliver(client, other.Ack(request), T2 + 10);
            Assert.AreEqual((int)DhcpClientState.Bound, (int)client.State);
            Assert.AreEqual(other.ServerId, client.Lease.ServerIdentifier);
        }

        [TestMethod]
        public void Rebinding_NoAnswer_ExpiresToInitAndDiscovers()
        {
            var client = DhcpClientTests.Bind(new DhcpFakeServer(1), DhcpClientTests.NewClient(33), 0);
            var lost = 0;
            while (client.State != DhcpClientState.Selecting)
            {
                var now = client.NextTimerAt;
                Assert.IsTrue(now <= Expiry, "timer past expiry: " + now.ToString());
                client.ClearActions();
                client.Timer(now);
                lost += DhcpFakeServer.Count(client, DhcpClientActionKind.LeaseLost);
                if (client.State == DhcpClientState.Selecting)
                {
                    Assert.AreEqual(Expiry, now);
                    Assert.AreEqual((int)DhcpMessageType.Discover, (int)DhcpFakeServer.Sent(client).MessageType);
                }
            }

            Assert.AreEqual(1, lost);
            Assert.IsNull(client.Lease);
        }

        [TestMethod]
        public void Timer_LateCall_CatchesUpToExpiry()
        {
            var client = DhcpClientTests.Bind(new DhcpFakeServer(1), DhcpClientTests.NewClient(34), 0);
            client.ClearActions();
            client.Timer(Expiry + 5000);

            Assert.AreEqual((int)DhcpClientState.Selecting, (int)client.State);
            Assert.AreEqual(1, DhcpFakeServer.Count(client, DhcpClientActionKind.LeaseLost));
        }

        [TestMethod]
        public void Renewing_Nak_LeaseLostAndDiscovers()
        {
            var server = new DhcpFakeServer(1);
            var client = DhcpClientTests.Bind(server, DhcpClientTests.NewClient(35), 0);
            client.ClearActions();
            client.Timer(T1);

            DhcpFakeServer.Deliver(client, server.Nak(DhcpFakeServer.Sent(client)), T1 + 10);
            Assert.AreEqual(1, DhcpFakeServer.Count(client, DhcpClientActionKind.LeaseLost));
            Assert.AreEqual((int)DhcpClientState.Selecting, (int)client.State);
        }

        [TestMethod]
        public void LeaseTimes_FromOptions58And59()
        {
            var server = new DhcpFakeServer(1);
            server.LeaseSeconds = 20;
            server.RenewalSeconds = 5;
            server.RebindingSeconds = 10;
            var client = DhcpClientTests.Bind(server, DhcpClientTests.NewClient(36), 0);

            Assert.AreEqual(5000L, client.NextTimerAt);
            client.Timer(5000);
            Assert.AreEqual(10000L, client.NextTimerAt); // 60 s floor puts the retransmission after T2
        }

        [TestMethod]
        public void ForceRenew_Authenticated_RenewsImmediately()
        {
            var server = KeyedServer();
            var client = DhcpClientTests.Bind(server, DhcpClientTests.NewClient(40), 0);
            CollectionAssert.AreEqual(DhcpFakeServer.DefaultKey, client.Lease.ReconfigureKey);

            DhcpFakeServer.Deliver(client, server.ForceRenew(server.Address, 11, DhcpFakeServer.DefaultKey), 1000);
            Assert.AreEqual((int)DhcpClientState.Renewing, (int)client.State);
            Assert.AreEqual(1, client.ForceRenewAcceptedCount);
            var action = DhcpFakeServer.SingleSend(client);
            Assert.AreEqual(server.ServerId, action.Destination);
            Assert.AreEqual(server.Address, DhcpFakeServer.Sent(client).ClientAddress);
            Assert.AreEqual(11UL, client.Lease.ReplayDetection);
        }

        [TestMethod]
        public void ForceRenew_WrongKey_IgnoredAndCounted()
        {
            var server = KeyedServer();
            var client = DhcpClientTests.Bind(server, DhcpClientTests.NewClient(41), 0);
            var wrong = (byte[])DhcpFakeServer.DefaultKey.Clone();
            wrong[3] ^= 1;

            DhcpFakeServer.Deliver(client, server.ForceRenew(server.Address, 11, wrong), 1000);
            Assert.AreEqual((int)DhcpClientState.Bound, (int)client.State);
            Assert.AreEqual(1, client.ForceRenewBadDigestCount);
            Assert.AreEqual(0, DhcpFakeServer.CountSends(client));
        }

        [TestMethod]
        public void ForceRenew_TamperedAfterSigning_Ignored()
        {
            var server = KeyedServer();
            var client = DhcpClientTests.Bind(server, DhcpClientTests.NewClient(42), 0);
            var message = server.ForceRenew(server.Address, 11, DhcpFakeServer.DefaultKey);
            message[20] = 1; // siaddr

            DhcpFakeServer.Deliver(client, message, 1000);
            Assert.AreEqual(1, client.ForceRenewBadDigestCount);
            Assert.AreEqual((int)DhcpClientState.Bound, (int)client.State);
        }

        [TestMethod]
        public void ForceRenew_Replayed_IgnoredAndCounted()
        {
            var server = KeyedServer();
            var client = DhcpClientTests.Bind(server, DhcpClientTests.NewClient(43), 0);

            // Counter equal to the ACK's (10) is not newer.
            DhcpFakeServer.Deliver(client, server.ForceRenew(server.Address, 10, DhcpFakeServer.DefaultKey), 1000);
            Assert.AreEqual(1, client.ForceRenewReplayedCount);
            Assert.AreEqual((int)DhcpClientState.Bound, (int)client.State);

            // An accepted one, then the same bytes again after the renewal.
            var good = server.ForceRenew(server.Address, 12, DhcpFakeServer.DefaultKey);
            DhcpFakeServer.Deliver(client, good, 2000);
            DhcpFakeServer.Deliver(client, server.Ack(DhcpFakeServer.Sent(client)), 2100);
            Assert.AreEqual((int)DhcpClientState.Bound, (int)client.State);
            DhcpFakeServer.Deliver(client, good, 3000);
            Assert.AreEqual(2, client.ForceRenewReplayedCount);
            Assert.AreEqual(1, client.ForceRenewAcceptedCount);
            Assert.AreEqual((int)DhcpClientState.Bound, (int)client.State);
        }

        [TestMethod]
        public void ForceRenew_Unauthenticated_IgnoredAndCounted()
        {
            var server = KeyedServer();
            var client = DhcpClientTests.Bind(server, DhcpClientTests.NewClient(44), 0);

            DhcpFakeServer.Deliver(client, server.ForceRenew(server.Address, 0, null), 1000);
            Assert.AreEqual(1, client.ForceRenewUnauthenticatedCount);
            Assert.AreEqual((int)DhcpClientState.Bound, (int)client.State);
        }

        [TestMethod]
        public void ForceRenew_NoKeyInAck_EveryForceRenewRejected()
        {
            var server = new DhcpFakeServer(1);
            var client = DhcpClientTests.Bind(server, DhcpClientTests.NewClient(45), 0);
            Assert.IsNull(client.Lease.ReconfigureKey);

            DhcpFakeServer.Deliver(client, server.ForceRenew(server.Address, 99, DhcpFakeServer.DefaultKey), 1000);
            Assert.AreEqual(1, client.ForceRenewUnauthenticatedCount);
            Assert.AreEqual((int)DhcpClientState.Bound, (int)client.State);
        }

        [TestMethod]
        public void ForceRenew_NotBound_Ignored()
        {
            var server = KeyedServer();
            var client = DhcpClientTests.NewClient(46);
            client.Start(0, null);

            DhcpFakeServer.Deliver(client, server.ForceRenew(server.Address, 11, DhcpFakeServer.DefaultKey), 10);
            Assert.AreEqual(1, client.IgnoredCount);
            Assert.AreEqual(0, client.ForceRenewAcceptedCount);
        }

        [TestMethod]
        public void ForceRenew_RenewalAckWithoutKey_KeepsKey()
        {
            var server = KeyedServer();
            var client = DhcpClientTests.Bind(server, DhcpClientTests.NewClient(47), 0);
            DhcpFakeServer.Deliver(client, server.ForceRenew(server.Address, 11, DhcpFakeServer.DefaultKey), 1000);
            server.ReconfigureKey = null;
            DhcpFakeServer.Deliver(client, server.Ack(DhcpFakeServer.Sent(client)), 1100);

            CollectionAssert.AreEqual(DhcpFakeServer.DefaultKey, client.Lease.ReconfigureKey);
            Assert.AreEqual(11UL, client.Lease.ReplayDetection);
            DhcpFakeServer.Deliver(client, server.ForceRenew(server.Address, 12, DhcpFakeServer.DefaultKey), 2000);
            Assert.AreEqual(2, client.ForceRenewAcceptedCount);
        }

        [TestMethod]
        public void Renewal_ProvisioningOptionsChanged_Signalled()
        {
            var server = KeyedServer();
            var client = DhcpClientTests.Bind(server, DhcpClientTests.NewClient(48), 0);
            DhcpFakeServer.Deliver(client, server.ForceRenew(server.Address, 11, DhcpFakeServer.DefaultKey), 1000);
            server.SipServerNames = new string[] { "sip3.voip.example" };
            DhcpFakeServer.Deliver(client, server.Ack(DhcpFakeServer.Sent(client)), 1100);

            var changed = DhcpFakeServer.Find(client, DhcpClientActionKind.ProvisioningOptionsChanged);
            Assert.IsNotNull(changed);
            Assert.AreEqual("sip3.voip.example", changed.Lease.VoipOptions.SipServerNames[0]);
        }

        [TestMethod]
        public void Renewal_Option125SubOptionChanged_Signalled()
        {
            var server = new DhcpFakeServer(1);
            var client = DhcpClientTests.Bind(server, DhcpClientTests.NewClient(49), 0);
            client.ClearActions();
            client.Timer(T1);
            server.PhoneNumber = "4930999999";
            DhcpFakeServer.Deliver(client, server.Ack(DhcpFakeServer.Sent(client)), T1 + 10);

            Assert.AreEqual(1, DhcpFakeServer.Count(client, DhcpClientActionKind.ProvisioningOptionsChanged));
        }

        [TestMethod]
        public void Renewal_OnlyNetworkOptionsChanged_NotSignalled()
        {
            var server = KeyedServer();
            var client = DhcpClientTests.Bind(server, DhcpClientTests.NewClient(50), 0);
            DhcpFakeServer.Deliver(client, server.ForceRenew(server.Address, 11, DhcpFakeServer.DefaultKey), 1000);
            server.LeaseSeconds = 7200;
            DhcpFakeServer.Deliver(client, server.Ack(DhcpFakeServer.Sent(client)), 1100);

            Assert.AreEqual(1, DhcpFakeServer.Count(client, DhcpClientActionKind.ApplyLease));
            Assert.AreEqual(0, DhcpFakeServer.Count(client, DhcpClientActionKind.ProvisioningOptionsChanged));
            Assert.AreEqual(7200u, client.Lease.LeaseSeconds);
        }

        private static DhcpFakeServer KeyedServer()
        {
            var server = new DhcpFakeServer(1);
            server.ReconfigureKey = DhcpFakeServer.DefaultKey;
            server.ReplayCounter = 10;
            return server;
        }
    }
}
