using System;
using DeviceAgent.Dhcp;
using DeviceAgent.Tests.Fakes;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Dhcp
{
    /// <summary>
    /// The client's acquisition on virtual time: DISCOVER/OFFER/REQUEST/ACK (RFC 2131 §3.1, §4.4.1), retransmission
    /// (§4.1), INIT-REBOOT (§3.2), NAK, DECLINE (§3.1.5), RELEASE (§4.4.6), INFORM (§3.4), filtering and malformed input.
    /// </summary>
    [TestClass]
    public class DhcpClientTests
    {
        private static readonly uint Broadcast = DhcpAddress.Broadcast;

        [TestMethod]
        public void Start_NoLease_BroadcastsDiscoverWithVoipRequestList()
        {
            var client = NewClient(1);
            client.Start(0, null);

            var action = DhcpFakeServer.SingleSend(client);
            Assert.AreEqual(Broadcast, action.Destination);
            Assert.AreEqual(67, action.Port);
            var discover = DhcpFakeServer.Sent(client);
            Assert.AreEqual((int)DhcpMessageType.Discover, (int)discover.MessageType);
            Assert.AreEqual(client.TransactionId, discover.TransactionId);
            Assert.IsTrue(discover.IsBroadcast);
            Assert.IsTrue(discover.ClientHardwareAddressEquals(DhcpFixtures.Mac));
            CollectionAssert.AreEqual(DhcpOptionCode.VoipParameterRequestList, discover.GetBytes(DhcpOptionCode.ParameterRequestList));
            CollectionAssert.AreEqual(new byte[] { 1, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 }, discover.GetBytes(DhcpOptionCode.ClientId));
            Assert.IsTrue(discover.TryGetUInt16(DhcpOptionCode.MaxMessageSize, out var max));
            Assert.AreEqual(1500, (int)max);
            Assert.AreEqual("DeviceAgent", discover.GetText(DhcpOptionCode.VendorClassId));
            CollectionAssert.AreEqual(new byte[] { 1 }, discover.GetBytes(DhcpOptionCode.ForceRenewNonceCapable));
            Assert.AreEqual((int)DhcpClientState.Selecting, (int)client.State);
            Assert.IsTrue(client.NextTimerAt >= 3000 && client.NextTimerAt <= 5000, "first retransmission at " + client.NextTimerAt.ToString());
        }

        [TestMethod]
        public void Options_VendorClassAndClientId_Configurable()
        {
            var options = new DhcpClientOptions();
            options.VendorClassIdentifier = null;
            options.ClientIdentifier = new byte[] { 0, (byte)'p', (byte)'1' };
            var client = new DhcpClient(DhcpFixtures.Mac, options, new Random(1));
            client.Start(0, null);

            var discover = DhcpFakeServer.Sent(client);
            Assert.IsNull(discover.GetText(DhcpOptionCode.VendorClassId));
            CollectionAssert.AreEqual(new byte[] { 0, (byte)'p', (byte)'1' }, discover.GetBytes(DhcpOptionCode.ClientId));
        }

        [TestMethod]
        public void FullDora_Ack_AppliesLeaseWithAllOptions()
        {
            var server = new DhcpFakeServer(1);
            server.RenewalSeconds = 600;
            server.RebindingSeconds = 1200;
            var client = NewClient(2);
            client.Start(1000, null);
            var discover = DhcpFakeServer.Sent(client);

            DhcpFakeServer.Deliver(client, server.Offer(discover), 1200);
            var request = DhcpFakeServer.Sent(client);
            Assert.AreEqual((int)DhcpClientState.Requesting, (int)client.State);
            Assert.AreEqual((int)DhcpMessageType.Request, (int)request.MessageType);
            Assert.AreEqual(discover.TransactionId, request.TransactionId);
            Assert.IsTrue(request.TryGetAddress(DhcpOptionCode.RequestedAddress, out var requested));
            Assert.AreEqual(server.Address, requested);
            Assert.IsTrue(request.TryGetAddress(DhcpOptionCode.ServerIdentifier, out var serverId));
            Assert.AreEqual(server.ServerId, serverId);
            Assert.AreEqual(0u, request.ClientAddress);
            CollectionAssert.AreEqual(DhcpOptionCode.VoipParameterRequestList, request.GetBytes(DhcpOptionCode.ParameterRequestList));

            DhcpFakeServer.Deliver(client, server.Ack(request), 1300);
            Assert.AreEqual((int)DhcpClientState.Bound, (int)client.State);
            Assert.AreEqual(0, DhcpFakeServer.CountSends(client));
            var lease = DhcpFakeServer.Find(client, DhcpClientActionKind.ApplyLease).Lease;
            Assert.AreEqual(server.Address, lease.Address);
            Assert.AreEqual(DhcpAddress.FromOctets(255, 255, 255, 0), lease.SubnetMask);
            Assert.AreEqual(DhcpAddress.FromOctets(10, 77, 10, 1), lease.Routers[0]);
            Assert.AreEqual(2, lease.DnsServers.Length);
            Assert.AreEqual("voip.example", lease.DomainName);
            Assert.AreEqual(DhcpAddress.FromOctets(10, 77, 10, 123), lease.NtpServers[0]);
            Assert.AreEqual(server.ServerId, lease.ServerIdentifier);
            Assert.AreEqual(3600u, lease.LeaseSeconds);
            Assert.AreEqual(600u, lease.RenewalSeconds);
            Assert.AreEqual(1200u, lease.RebindingSeconds);
            Assert.AreEqual(1200L, lease.ObtainedAt); // the REQUEST's exchange began when the offer was taken
            Assert.AreEqual("sip1.voip.example", lease.VoipOptions.SipServerNames[0]);
            Assert.AreEqual("tftp.voip.example", lease.VoipOptions.ConfigServerName);
            Assert.AreEqual("4930123456", lease.VoipOptions.PhoneNumber);
            Assert.AreEqual(1200L + 600000L, client.NextTimerAt);
            Assert.IsTrue(lease == client.Lease);
        }

        [TestMethod]
        public void Selecting_NoOffer_RetransmitsWithBackoff4To64SecondsJittered()
        {
            // RFC 2131 §4.1: 4, 8, 16, 32, 64 s, each randomized by a uniform -1..+1 s; DISCOVER keeps the xid.
            var seed = RandomSeed.Next();
            var client = NewClient(seed);
            client.Start(0, null);
            var xid = client.TransactionId;
            long now = 0;
            var expected = new long[] { 4000, 8000, 16000, 32000, 64000, 64000, 64000 };
            for (var i = 0; i < expected.Length; i++)
            {
                var delay = client.NextTimerAt - now;
                Assert.IsTrue(delay >= expected[i] - 1000 && delay <= expected[i] + 1000, "wait " + i.ToString() + " was " + delay.ToString() + " ms");
                now = client.NextTimerAt;
                client.ClearActions();
                client.Timer(now);
                var discover = DhcpFakeServer.Sent(client);
                Assert.AreEqual((int)DhcpMessageType.Discover, (int)discover.MessageType);
                Assert.AreEqual(xid, discover.TransactionId);
                Assert.AreEqual((int)(now / 1000), (int)discover.Seconds);
            }
        }

        [TestMethod]
        public void Timer_BeforeDue_DoesNothing()
        {
            var client = NewClient(3);
            client.Start(0, null);
            client.ClearActions();
            client.Timer(client.NextTimerAt - 1);

            Assert.AreEqual(0, client.ActionCount);
        }

        [TestMethod]
        public void Jitter_SameSeed_SameSchedule()
        {
            var a = NewClient(77);
            var b = NewClient(77);
            a.Start(0, null);
            b.Start(0, null);

            Assert.AreEqual(a.TransactionId, b.TransactionId);
            Assert.AreEqual(a.NextTimerAt, b.NextTimerAt);
        }

        [TestMethod]
        public void Requesting_NoAck_GivesUpAfterFiveTransmissionsAndDiscovers()
        {
            var server = new DhcpFakeServer(1);
            var client = NewClient(4);
            client.Start(0, null);
            DhcpFakeServer.Deliver(client, server.Offer(DhcpFakeServer.Sent(client)), 100);
            var transmissions = 1;
            while (client.State == DhcpClientState.Requesting)
            {
                var now = client.NextTimerAt;
                client.ClearActions();
                client.Timer(now);
                var sent = DhcpFakeServer.Sent(client);
                if (sent.MessageType == DhcpMessageType.Request)
                {
                    transmissions++;
                }
            }

            Assert.AreEqual(DhcpClient.MaxRequestTransmissions, transmissions);
            Assert.AreEqual((int)DhcpClientState.Selecting, (int)client.State);
            Assert.IsNotNull(DhcpFakeServer.Find(client, DhcpClientActionKind.Event));
        }

        [TestMethod]
        public void Selecting_TwoOffers_RequestsFirstAndIgnoresOtherServer()
        {
            var first = new DhcpFakeServer(1);
            var second = new DhcpFakeServer(2);
            second.Address = DhcpAddress.FromOctets(10, 77, 10, 200);
            var client = NewClient(5);
            client.Start(0, null);
            var discover = DhcpFakeServer.Sent(client);

            DhcpFakeServer.Deliver(client, first.Offer(discover), 10);
            var request = DhcpFakeServer.Sent(client);
            DhcpFakeServer.Deliver(client, second.Offer(discover), 20);
            Assert.AreEqual(0, DhcpFakeServer.CountSends(client));
            Assert.AreEqual(1, client.IgnoredCount);

            // An ACK from the server that was not selected (RFC 2131 §4.4.1: it must not be taken).
            DhcpFakeServer.Deliver(client, second.Ack(request), 30);
            Assert.AreEqual((int)DhcpClientState.Requesting, (int)client.State);
            Assert.AreEqual(2, client.IgnoredCount);

            DhcpFakeServer.Deliver(client, first.Ack(request), 40);
            Assert.AreEqual((int)DhcpClientState.Bound, (int)client.State);
            Assert.AreEqual(first.Address, client.Lease.Address);
        }

        [TestMethod]
        public void Selecting_WrongXid_Ignored()
        {
            var server = new DhcpFakeServer(1);
            var client = NewClient(6);
            client.Start(0, null);
            var offer = server.Offer(DhcpFakeServer.Sent(client));
            offer[7] ^= 0xFF;

            DhcpFakeServer.Deliver(client, offer, 10);
            Assert.AreEqual((int)DhcpClientState.Selecting, (int)client.State);
            Assert.AreEqual(1, client.IgnoredCount);
            Assert.AreEqual(0, DhcpFakeServer.CountSends(client));
        }

        [TestMethod]
        public void Selecting_WrongChaddr_Ignored()
        {
            var server = new DhcpFakeServer(1);
            var client = NewClient(7);
            client.Start(0, null);
            var offer = server.Offer(DhcpFakeServer.Sent(client));
            offer[28 + 5] ^= 0x01;

            DhcpFakeServer.Deliver(client, offer, 10);
            Assert.AreEqual((int)DhcpClientState.Selecting, (int)client.State);
            Assert.AreEqual(1, client.IgnoredCount);
        }

        [TestMethod]
        public void Selecting_OwnRequestEchoed_Ignored()
        {
            var client = NewClient(8);
            client.Start(0, null);
            var discover = DhcpFakeServer.SingleSend(client).Buffer;

            DhcpFakeServer.Deliver(client, discover, 10);
            Assert.AreEqual(1, client.IgnoredCount);
            Assert.AreEqual((int)DhcpClientState.Selecting, (int)client.State);
        }

        [TestMethod]
        public void Requesting_Nak_RestartsDiscovery()
        {
            var server = new DhcpFakeServer(1);
            var client = NewClient(9);
            client.Start(0, null);
            DhcpFakeServer.Deliver(client, server.Offer(DhcpFakeServer.Sent(client)), 10);
            var request = DhcpFakeServer.Sent(client);

            DhcpFakeServer.Deliver(client, server.Nak(request), 20);
            Assert.AreEqual((int)DhcpClientState.Selecting, (int)client.State);
            Assert.AreEqual((int)DhcpMessageType.Discover, (int)DhcpFakeServer.Sent(client).MessageType);
            Assert.AreEqual(0, DhcpFakeServer.Count(client, DhcpClientActionKind.LeaseLost));
            Assert.IsNull(client.Lease);
        }

        [TestMethod]
        public void InitReboot_Ack_BindsStoredAddress()
        {
            // RFC 2131 §3.2 / §4.4.2: REQUEST with option 50, without 54, ciaddr zero, broadcast.
            var server = new DhcpFakeServer(1);
            var stored = Bind(new DhcpFakeServer(1), NewClient(10), 0).Lease;
            var client = NewClient(11);
            client.Start(0, DhcpLease.Decode(stored.Encode(), 0, stored.Encode().Length));

            Assert.AreEqual((int)DhcpClientState.Rebooting, (int)client.State);
            var action = DhcpFakeServer.SingleSend(client);
            Assert.AreEqual(Broadcast, action.Destination);
            var request = DhcpFakeServer.Sent(client);
            Assert.AreEqual((int)DhcpMessageType.Request, (int)request.MessageType);
            Assert.IsTrue(request.TryGetAddress(DhcpOptionCode.RequestedAddress, out var requested));
            Assert.AreEqual(stored.Address, requested);
            Assert.IsFalse(request.HasOption(DhcpOptionCode.ServerIdentifier));
            Assert.AreEqual(0u, request.ClientAddress);
            Assert.AreEqual(0, DhcpFakeServer.Count(client, DhcpClientActionKind.ApplyLease));

            DhcpFakeServer.Deliver(client, server.Ack(request), 50);
            Assert.AreEqual((int)DhcpClientState.Bound, (int)client.State);
            Assert.AreEqual(1, DhcpFakeServer.Count(client, DhcpClientActionKind.ApplyLease));
        }

        [TestMethod]
        public void InitReboot_Nak_DiscoversWithoutLeaseLost()
        {
            var server = new DhcpFakeServer(1);
            var stored = Bind(server, NewClient(12), 0).Lease;
            var client = NewClient(13);
            client.Start(0, stored);

            DhcpFakeServer.Deliver(client, server.Nak(DhcpFakeServer.Sent(client)), 10);
            Assert.AreEqual((int)DhcpClientState.Selecting, (int)client.State);
            Assert.AreEqual(0, DhcpFakeServer.Count(client, DhcpClientActionKind.LeaseLost));
            Assert.AreEqual((int)DhcpMessageType.Discover, (int)DhcpFakeServer.Sent(client).MessageType);
        }

        [TestMethod]
        public void InitReboot_NoAnswer_FallsBackToDiscovery()
        {
            var stored = Bind(new DhcpFakeServer(1), NewClient(14), 0).Lease;
            var client = NewClient(15);
            client.Start(0, stored);
            for (var i = 0; i < DhcpClient.MaxRequestTransmissions; i++)
            {
                Assert.AreEqual((int)DhcpClientState.Rebooting, (int)client.State);
                client.ClearActions();
                client.Timer(client.NextTimerAt);
            }

            Assert.AreEqual((int)DhcpClientState.Selecting, (int)client.State);
        }

        [TestMethod]
        public void Decline_SendsDeclineDropsLeaseAndRediscoversAfterTenSeconds()
        {
            var server = new DhcpFakeServer(1);
            var client = Bind(server, NewClient(16), 0);
            client.ClearActions();
            client.Decline(5000);

            var action = DhcpFakeServer.SingleSend(client);
            Assert.AreEqual(Broadcast, action.Destination);
            var decline = DhcpFakeServer.Sent(client);
            Assert.AreEqual((int)DhcpMessageType.Decline, (int)decline.MessageType);
            Assert.IsTrue(decline.TryGetAddress(DhcpOptionCode.RequestedAddress, out var declined));
            Assert.AreEqual(server.Address, declined);
            Assert.IsTrue(decline.TryGetAddress(DhcpOptionCode.ServerIdentifier, out var id));
            Assert.AreEqual(server.ServerId, id);
            Assert.AreEqual(1, DhcpFakeServer.Count(client, DhcpClientActionKind.LeaseLost));
            Assert.AreEqual((int)DhcpClientState.Init, (int)client.State);
            Assert.AreEqual(15000L, client.NextTimerAt);

            client.ClearActions();
            client.Timer(14999);
            Assert.AreEqual(0, DhcpFakeServer.CountSends(client));
            client.Timer(15000);
            Assert.AreEqual((int)DhcpMessageType.Discover, (int)DhcpFakeServer.Sent(client).MessageType);
        }

        [TestMethod]
        public void Release_SendsUnicastReleaseAndStops()
        {
            var server = new DhcpFakeServer(1);
            var client = Bind(server, NewClient(17), 0);
            client.ClearActions();
            client.Release(100);

            var action = DhcpFakeServer.SingleSend(client);
            Assert.AreEqual(server.ServerId, action.Destination);
            var release = DhcpFakeServer.Sent(client);
            Assert.AreEqual((int)DhcpMessageType.Release, (int)release.MessageType);
            Assert.AreEqual(server.Address, release.ClientAddress);
            Assert.IsTrue(release.HasOption(DhcpOptionCode.ClientId));
            Assert.AreEqual(1, DhcpFakeServer.Count(client, DhcpClientActionKind.LeaseLost));
            Assert.AreEqual((int)DhcpClientState.Idle, (int)client.State);
            Assert.AreEqual(long.MaxValue, client.NextTimerAt);
        }

        [TestMethod]
        public void Inform_Ack_AppliesParametersWithoutLease()
        {
            // RFC 2131 §3.4: DHCPINFORM with ciaddr; the ACK has no yiaddr and no lease time.
            var server = new DhcpFakeServer(1);
            var client = NewClient(18);
            var address = DhcpAddress.FromOctets(10, 77, 10, 7);
            client.Inform(0, address);
            var inform = DhcpFakeServer.Sent(client);
            Assert.AreEqual((int)DhcpMessageType.Inform, (int)inform.MessageType);
            Assert.AreEqual(address, inform.ClientAddress);
            Assert.IsFalse(inform.IsBroadcast);

            DhcpFakeServer.Deliver(client, server.Ack(inform), 10);
            Assert.AreEqual((int)DhcpClientState.Informed, (int)client.State);
            var lease = DhcpFakeServer.Find(client, DhcpClientActionKind.ApplyLease).Lease;
            Assert.IsTrue(lease.IsInform);
            Assert.AreEqual(address, lease.Address);
            Assert.AreEqual("sip1.voip.example", lease.VoipOptions.SipServerNames[0]);
            Assert.AreEqual(long.MaxValue, client.NextTimerAt);
        }

        [TestMethod]
        public void LinkDownUp_WithLease_VerifiesByInitReboot()
        {
            var server = new DhcpFakeServer(1);
            var client = Bind(server, NewClient(19), 0);
            client.ClearActions();
            client.LinkDown(1000);
            Assert.AreEqual(client.Lease.ExpiresAt, client.NextTimerAt);
            client.LinkUp(2000);

            Assert.AreEqual((int)DhcpClientState.Rebooting, (int)client.State);
            var request = DhcpFakeServer.Sent(client);
            Assert.IsTrue(request.HasOption(DhcpOptionCode.RequestedAddress));
            DhcpFakeServer.Deliver(client, server.Nak(request), 2100);
            Assert.AreEqual(1, DhcpFakeServer.Count(client, DhcpClientActionKind.LeaseLost));
            Assert.AreEqual((int)DhcpClientState.Selecting, (int)client.State);
        }

        [TestMethod]
        public void LinkDown_LeaseExpiresWhileDown_LeaseLost()
        {
            var client = Bind(new DhcpFakeServer(1), NewClient(20), 0);
            client.LinkDown(1000);
            client.ClearActions();
            client.Timer(client.Lease.ExpiresAt);

            Assert.AreEqual(1, DhcpFakeServer.Count(client, DhcpClientActionKind.LeaseLost));
            Assert.AreEqual(0, DhcpFakeServer.CountSends(client));
            client.ClearActions();
            client.LinkUp(4000000);
            Assert.AreEqual((int)DhcpMessageType.Discover, (int)DhcpFakeServer.Sent(client).MessageType);
        }

        [TestMethod]
        public void Receive_Truncated_CountedAndIgnored()
        {
            var server = new DhcpFakeServer(1);
            var client = NewClient(21);
            client.Start(0, null);
            var offer = server.Offer(DhcpFakeServer.Sent(client));
            client.ClearActions();
            client.Receive(offer, 0, 200, 10);
            Assert.AreEqual(1, client.MalformedCount);
            Assert.AreEqual((int)DhcpClientState.Selecting, (int)client.State);
        }

        [TestMethod]
        public void Receive_OfferWithMalformedOption120_CountedAndIgnored()
        {
            var server = new DhcpFakeServer(1);
            server.SipServerNames = null;
            var client = NewClient(22);
            client.Start(0, null);
            var discover = DhcpFakeServer.Sent(client);
            var writer = DhcpMessageWriter.Offer(discover, server.Address, server.ServerId);
            writer.AddBytes(DhcpOptionCode.SipServers, new byte[] { 0, 5, (byte)'a' }); // label runs past the end

            DhcpFakeServer.Deliver(client, writer.ToArray(), 10);
            Assert.AreEqual(1, client.MalformedCount);
            Assert.AreEqual((int)DhcpClientState.Selecting, (int)client.State);
            Assert.AreEqual(0, DhcpFakeServer.CountSends(client));
            Assert.AreEqual((int)DhcpClientEventKind.Malformed, (int)DhcpFakeServer.Find(client, DhcpClientActionKind.Event).EventKind);
        }

        [TestMethod]
        public void Receive_AckWithoutLeaseTime_CountedAndIgnored()
        {
            var server = new DhcpFakeServer(1);
            var client = NewClient(23);
            client.Start(0, null);
            DhcpFakeServer.Deliver(client, server.Offer(DhcpFakeServer.Sent(client)), 10);
            var request = DhcpFakeServer.Sent(client);
            var writer = DhcpMessageWriter.Ack(request, server.Address, server.ServerId);

            DhcpFakeServer.Deliver(client, writer.ToArray(), 20);
            Assert.AreEqual(1, client.MalformedCount);
            Assert.AreEqual((int)DhcpClientState.Requesting, (int)client.State);
        }

        [TestMethod]
        public void Receive_RandomCorruption_NeverThrows()
        {
            var seed = RandomSeed.Next();
            var random = new Random(seed);
            var server = new DhcpFakeServer(1);
            for (var round = 0; round < 200; round++)
            {
                var client = NewClient(round);
                client.Start(0, null);
                var offer = server.Offer(DhcpFakeServer.Sent(client));
                for (var flips = 1 + random.Next(4); flips > 0; flips--)
                {
                    offer[236 + random.Next(offer.Length - 236)] = (byte)random.Next(256);
                }

                var length = random.Next(3) == 0 ? random.Next(offer.Length) : offer.Length;
                client.ClearActions();
                client.Receive(offer, 0, length, 10);
                Assert.AreEqual(1, client.MalformedCount + client.IgnoredCount + (client.State == DhcpClientState.Requesting ? 1 : 0), "round " + round.ToString());
            }
        }

        /// <summary>Runs a full DORA at <paramref name="now"/> and leaves the queue holding the ACK's actions.</summary>
        internal static DhcpClient Bind(DhcpFakeServer server, DhcpClient client, long now)
        {
            client.Start(now, null);
            DhcpFakeServer.Deliver(client, server.Offer(DhcpFakeServer.Sent(client)), now);
            DhcpFakeServer.Deliver(client, server.Ack(DhcpFakeServer.Sent(client)), now);
            Assert.AreEqual((int)DhcpClientState.Bound, (int)client.State);
            return client;
        }

        internal static DhcpClient NewClient(int seed)
        {
            return new DhcpClient(DhcpFixtures.Mac, null, new Random(seed));
        }
    }
}
