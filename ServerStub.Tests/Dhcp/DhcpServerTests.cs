using System;
using System.Linq;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Tasks;
using DeviceAgent.Dhcp;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using ServerStub.Dhcp;

namespace ServerStub.Tests.Dhcp;

/// <summary>The DHCP server role over loopback: the app hosted in-process, a client socket playing the phone.</summary>
[TestClass]
public sealed class DhcpServerTests
{
    private static readonly uint PoolFirst = DhcpAddress.FromOctets(10, 77, 10, 100);

    // RFC 2131 §4.3.1 (OFFER), RFC 3361 (120), RFC 3925 §4 (125), RFC 6842 (61 echoed).
    [TestMethod]
    public async Task Discover_KnownPhone_OfferCarriesLeaseAndAllVoipOptions()
    {
        await using var host = await DhcpTestHost.StartAsync();
        await host.PutPhoneAsync(DhcpTestHost.Phone());
        var discover = DhcpMessageWriter.Discover(0xCAFE, DhcpTestHost.Mac(DhcpTestHost.PhoneMac));
        discover.AddBytes(DhcpOptionCode.ClientId, new byte[] { 1, 2, 0, 0, 0, 0, 1 });

        var offer = host.Exchange(discover);

        Assert.AreEqual(DhcpMessageType.Offer, offer.MessageType);
        Assert.AreEqual(0xCAFEu, offer.TransactionId);
        Assert.AreEqual(PoolFirst, offer.YourAddress);
        Assert.IsTrue(offer.ClientHardwareAddressEquals(DhcpTestHost.Mac(DhcpTestHost.PhoneMac)));
        AssertLeaseOptions(host, offer, 120, 60, 105);
        CollectionAssert.AreEqual(new byte[] { 1, 2, 0, 0, 0, 0, 1 }, offer.GetBytes(DhcpOptionCode.ClientId));
        AssertVoipOptions(offer);
    }

    [TestMethod]
    public async Task Discover_SipServerAddressesAndConfigServerAddress_Option120Enc1AndOption150()
    {
        await using var host = await DhcpTestHost.StartAsync();
        await host.PutPhoneAsync(DhcpTestHost.Phone() with { SipServers = new[] { "10.77.10.60", "10.77.10.61" }, ConfigServer = "10.77.10.69" });

        var offer = host.Exchange(DhcpMessageWriter.Discover(1, DhcpTestHost.Mac(DhcpTestHost.PhoneMac)));

        var voip = DhcpVoipOptions.FromMessage(offer, DhcpVoipOptions.DefaultEnterpriseNumber);
        CollectionAssert.AreEqual(new[] { DhcpAddress.FromOctets(10, 77, 10, 60), DhcpAddress.FromOctets(10, 77, 10, 61) }, voip.SipServerAddresses);
        Assert.IsNull(voip.SipServerNames);
        CollectionAssert.AreEqual(new[] { DhcpAddress.FromOctets(10, 77, 10, 69) }, voip.ConfigServerAddresses);
        Assert.AreEqual("10.77.10.69", voip.ConfigServerName);
        Assert.AreEqual(DhcpAddress.FromOctets(10, 77, 10, 69), offer.ServerAddress, "siaddr");
    }

    // Like dnsmasq and Kea (peer-quirks.md): 125 only when listed in option 55, the other VoIP options likewise.
    [TestMethod]
    public async Task Discover_ParameterListWithoutVoipOptions_OnlyLeaseOptions()
    {
        await using var host = await DhcpTestHost.StartAsync();
        await host.PutPhoneAsync(DhcpTestHost.Phone());
        var discover = new DhcpMessageWriter(DhcpMessageType.Discover, 2, DhcpTestHost.Mac(DhcpTestHost.PhoneMac));
        discover.AddBytes(DhcpOptionCode.ParameterRequestList, new byte[] { 1, 3, 6 });

        var offer = host.Exchange(discover);

        Assert.IsTrue(offer.HasOption(DhcpOptionCode.Router));
        foreach (var code in new byte[] { 42, 66, 67, 120, 125, 150 })
        {
            Assert.IsFalse(offer.HasOption(code), "option " + code);
        }
    }

    [TestMethod]
    public async Task Discover_UnknownClient_LeaseWithoutVoipOptions()
    {
        await using var host = await DhcpTestHost.StartAsync();

        var offer = host.Exchange(DhcpMessageWriter.Discover(3, DhcpTestHost.Mac("02:00:00:00:00:99")));

        Assert.AreEqual(PoolFirst, offer.YourAddress);
        Assert.IsFalse(offer.HasOption(DhcpOptionCode.SipServers));
        Assert.IsFalse(offer.HasOption(DhcpOptionCode.VendorIdentifyingVendorSpecific));
    }

    [TestMethod]
    public async Task Discover_FixedAddress_OffersItAndKeepsItFromOthers()
    {
        await using var host = await DhcpTestHost.StartAsync();
        await host.PutPhoneAsync(DhcpTestHost.Phone() with { FixedAddress = "10.77.10.100" });

        var other = host.Exchange(DhcpMessageWriter.Discover(4, DhcpTestHost.Mac("02:00:00:00:00:02")));
        var phone = host.Exchange(DhcpMessageWriter.Discover(5, DhcpTestHost.Mac(DhcpTestHost.PhoneMac)));

        Assert.AreEqual(PoolFirst + 1, other.YourAddress);
        Assert.AreEqual(PoolFirst, phone.YourAddress);
    }

    // RFC 2131 §4.3.2 SELECTING; RFC 6704 §3: the ACK carries the reconfigure key in option 90.
    [TestMethod]
    public async Task Request_Selecting_AckWithLeaseOptionsAndReconfigureKey()
    {
        await using var host = await DhcpTestHost.StartAsync();
        await host.PutPhoneAsync(DhcpTestHost.Phone());

        var ack = host.Lease();

        Assert.AreEqual(DhcpMessageType.Ack, ack.MessageType);
        Assert.AreEqual(PoolFirst, ack.YourAddress);
        AssertLeaseOptions(host, ack, 120, 60, 105);
        AssertVoipOptions(ack);
        var auth = DhcpAuthentication.Read(ack);
        Assert.IsNotNull(auth, "option 90");
        Assert.IsTrue(auth.IsReconfigureKeyProtocol);
        Assert.AreEqual(DhcpAuthentication.KeyLength, auth.GetReconfigureKey().Length);
        var leases = await host.Http.GetFromJsonAsync<JsonElement[]>("/api/dhcp/leases");
        Assert.AreEqual("Bound", leases.Single().GetProperty("state").GetString());
    }

    [TestMethod]
    public async Task Request_TwoLeases_DifferentKeysAndIncreasingCounters()
    {
        await using var host = await DhcpTestHost.StartAsync();

        var first = DhcpAuthentication.Read(host.Lease("02:00:00:00:00:01", 10));
        var second = DhcpAuthentication.Read(host.Lease("02:00:00:00:00:02", 20));

        CollectionAssert.AreNotEqual(first.GetReconfigureKey(), second.GetReconfigureKey());
        Assert.IsTrue(second.ReplayDetection > first.ReplayDetection);
    }

    [TestMethod]
    public async Task Request_AddressNotOffered_Nak()
    {
        await using var host = await DhcpTestHost.StartAsync();
        host.Exchange(DhcpMessageWriter.Discover(6, DhcpTestHost.Mac(DhcpTestHost.PhoneMac)));

        var nak = host.Exchange(DhcpMessageWriter.Request(7, DhcpTestHost.Mac(DhcpTestHost.PhoneMac), PoolFirst + 5, host.ServerIdentifier));

        Assert.AreEqual(DhcpMessageType.Nak, nak.MessageType);
        Assert.AreEqual(DhcpAddress.None, nak.YourAddress);
        Assert.IsNotNull(nak.GetText(DhcpOptionCode.Message));
    }

    // RFC 2131 §4.3.2 INIT-REBOOT: an address of another network is NAKed.
    [TestMethod]
    public async Task Request_InitRebootOnWrongNetwork_Nak()
    {
        await using var host = await DhcpTestHost.StartAsync();

        var nak = host.Exchange(DhcpMessageWriter.Request(8, DhcpTestHost.Mac(DhcpTestHost.PhoneMac), DhcpAddress.FromOctets(192, 168, 1, 20), DhcpAddress.None));

        Assert.AreEqual(DhcpMessageType.Nak, nak.MessageType);
    }

    // RFC 2131 §4.3.2 INIT-REBOOT: "If the DHCP server has no record of this client, then it MUST remain silent".
    [TestMethod]
    public async Task Request_InitRebootWithoutRecord_NoReply()
    {
        await using var host = await DhcpTestHost.StartAsync();

        host.Send(DhcpMessageWriter.Request(9, DhcpTestHost.Mac(DhcpTestHost.PhoneMac), PoolFirst + 3, DhcpAddress.None));

        Assert.IsNull(host.Receive(500));
    }

    // RFC 2131 §4.3.2 RENEWING: ciaddr set, the ACK extends the same address and copies ciaddr.
    [TestMethod]
    public async Task Request_Renewing_AckSameAddressWithSameKey()
    {
        await using var host = await DhcpTestHost.StartAsync();
        var ack = host.Lease();

        var renewed = host.Exchange(DhcpMessageWriter.Renew(11, DhcpTestHost.Mac(DhcpTestHost.PhoneMac), ack.YourAddress));

        Assert.AreEqual(DhcpMessageType.Ack, renewed.MessageType);
        Assert.AreEqual(ack.YourAddress, renewed.YourAddress);
        Assert.AreEqual(ack.YourAddress, renewed.ClientAddress);
        CollectionAssert.AreEqual(DhcpAuthentication.Read(ack).GetReconfigureKey(), DhcpAuthentication.Read(renewed).GetReconfigureKey());
    }

    [TestMethod]
    public async Task Request_RenewingAddressOfAnotherClient_Nak()
    {
        await using var host = await DhcpTestHost.StartAsync();
        var ack = host.Lease();

        var nak = host.Exchange(DhcpMessageWriter.Renew(12, DhcpTestHost.Mac("02:00:00:00:00:02"), ack.YourAddress));

        Assert.AreEqual(DhcpMessageType.Nak, nak.MessageType);
    }

    // RFC 2131 §4.3.4: RELEASE frees the address; a one-address pool proves it.
    [TestMethod]
    public async Task Release_BoundLease_AddressGoesToNextClient()
    {
        var onePool = DhcpTestHost.LocalPool.Select(s => s.StartsWith("RangeEnd=", StringComparison.Ordinal) ? "RangeEnd=10.77.10.100" : s).ToArray();
        await using var host = await DhcpTestHost.StartAsync(localPool: onePool);
        var ack = host.Lease();
        host.Send(DhcpMessageWriter.Discover(13, DhcpTestHost.Mac("02:00:00:00:00:02")));
        Assert.IsNull(host.Receive(500), "pool exhausted while the lease is bound");

        host.Send(DhcpMessageWriter.Release(14, DhcpTestHost.Mac(DhcpTestHost.PhoneMac), ack.YourAddress, host.ServerIdentifier));
        var offer = host.Exchange(DhcpMessageWriter.Discover(15, DhcpTestHost.Mac("02:00:00:00:00:02")));

        Assert.AreEqual(ack.YourAddress, offer.YourAddress);
    }

    // RFC 2131 §4.3.3: a declined address is not offered again (for a while).
    [TestMethod]
    public async Task Decline_OfferedAddress_NextOfferIsAnotherAddress()
    {
        await using var host = await DhcpTestHost.StartAsync();
        var mac = DhcpTestHost.Mac(DhcpTestHost.PhoneMac);
        var offer = host.Exchange(DhcpMessageWriter.Discover(16, mac));
        host.Exchange(DhcpMessageWriter.Request(17, mac, offer.YourAddress, host.ServerIdentifier));

        host.Send(DhcpMessageWriter.Decline(18, mac, offer.YourAddress, host.ServerIdentifier));
        var next = host.Exchange(DhcpMessageWriter.Discover(19, mac));

        Assert.AreEqual(PoolFirst, offer.YourAddress);
        Assert.AreEqual(PoolFirst + 1, next.YourAddress);
    }

    // RFC 2131 §4.3.5: INFORM gets an ACK without yiaddr and without lease time.
    [TestMethod]
    public async Task Inform_KnownPhone_AckWithOptionsButNoLease()
    {
        await using var host = await DhcpTestHost.StartAsync();
        await host.PutPhoneAsync(DhcpTestHost.Phone());

        var ack = host.Exchange(DhcpMessageWriter.Inform(20, DhcpTestHost.Mac(DhcpTestHost.PhoneMac), DhcpAddress.FromOctets(10, 77, 10, 7)));

        Assert.AreEqual(DhcpMessageType.Ack, ack.MessageType);
        Assert.AreEqual(DhcpAddress.None, ack.YourAddress);
        Assert.IsFalse(ack.HasOption(DhcpOptionCode.LeaseTime));
        Assert.IsFalse(ack.HasOption(DhcpOptionCode.Authentication));
        AssertVoipOptions(ack);
    }

    [TestMethod]
    public async Task Lease_ServerRestarted_InitRebootStillAcked()
    {
        var data = DhcpTestHost.NewDataDirectory();
        try
        {
            uint address;
            await using (var first = await DhcpTestHost.StartAsync(data))
            {
                address = first.Lease().YourAddress;
            }

            await using var second = await DhcpTestHost.StartAsync(data);
            var ack = second.Exchange(DhcpMessageWriter.Request(21, DhcpTestHost.Mac(DhcpTestHost.PhoneMac), address, DhcpAddress.None));
            var other = second.Exchange(DhcpMessageWriter.Discover(22, DhcpTestHost.Mac("02:00:00:00:00:02")));

            Assert.AreEqual(DhcpMessageType.Ack, ack.MessageType);
            Assert.AreEqual(address, ack.YourAddress);
            Assert.AreNotEqual(address, other.YourAddress);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            System.IO.Directory.Delete(data, true);
        }
    }

    [TestMethod]
    public async Task Receive_MalformedDatagrams_IgnoredAndCounted()
    {
        await using var host = await DhcpTestHost.StartAsync();
        var valid = DhcpMessageWriter.Discover(23, DhcpTestHost.Mac(DhcpTestHost.PhoneMac)).ToArray();
        var badCookie = (byte[])valid.Clone();
        badCookie[236] = 0;
        var overrun = valid.Take(243).Concat(new byte[] { 55, 200, 1, 2 }).ToArray();

        host.Send(new byte[] { 1, 2, 3 });
        host.Send(badCookie);
        host.Send(overrun);
        var offer = host.Exchange(DhcpMessageWriter.Discover(24, DhcpTestHost.Mac(DhcpTestHost.PhoneMac)));

        Assert.AreEqual(24u, offer.TransactionId, "only the valid DISCOVER is answered");
        var stats = await host.Http.GetFromJsonAsync<JsonElement>("/api/dhcp/stats");
        Assert.AreEqual(3, stats.GetProperty("malformed").GetInt64());
        Assert.AreEqual(4, stats.GetProperty("received").GetInt64());
    }

    // RFC 3046 §2.2: option 82 echoed as the last option; the pool is the one holding giaddr.
    [TestMethod]
    public async Task Discover_ThroughRelay_AddressFromGiaddrPoolAndOption82Echoed()
    {
        await using var host = await DhcpTestHost.StartAsync(relayPool: true);
        var discover = DhcpMessageWriter.Discover(25, DhcpTestHost.Mac(DhcpTestHost.PhoneMac));
        discover.RelayAgentAddress = DhcpAddress.FromOctets(10, 88, 0, 1);
        discover.Hops = 1;
        var relayInfo = new byte[] { 1, 4, (byte)'p', (byte)'o', (byte)'r', (byte)'t', 2, 2, 0xAB, 0xCD };
        discover.AddBytes(DhcpOptionsBuilder.RelayAgentInformation, relayInfo);

        var offer = host.Exchange(discover);

        Assert.AreEqual(DhcpAddress.FromOctets(10, 88, 0, 50), offer.YourAddress);
        Assert.AreEqual(DhcpAddress.FromOctets(10, 88, 0, 1), offer.RelayAgentAddress);
        Assert.AreEqual(0xFFFFFF00u, GetAddress(offer, DhcpOptionCode.SubnetMask));
        CollectionAssert.AreEqual(relayInfo, offer.GetBytes(DhcpOptionsBuilder.RelayAgentInformation));
        var scanner = offer.GetOptions();
        byte last = 0;
        while (scanner.MoveNext())
        {
            last = scanner.Code;
        }

        Assert.AreEqual(DhcpOptionsBuilder.RelayAgentInformation, last, "option 82 is the last option");
    }

    [TestMethod]
    public async Task Discover_RelayWithoutMatchingPool_NoReply()
    {
        await using var host = await DhcpTestHost.StartAsync();
        var discover = DhcpMessageWriter.Discover(26, DhcpTestHost.Mac(DhcpTestHost.PhoneMac));
        discover.RelayAgentAddress = DhcpAddress.FromOctets(172, 16, 0, 1);

        host.Send(discover);

        Assert.IsNull(host.Receive(500));
    }

    private static void AssertLeaseOptions(DhcpTestHost host, DhcpMessage reply, uint lease, uint t1, uint t2)
    {
        Assert.AreEqual(host.ServerIdentifier, GetAddress(reply, DhcpOptionCode.ServerIdentifier));
        Assert.AreEqual(0xFFFFFF00u, GetAddress(reply, DhcpOptionCode.SubnetMask));
        CollectionAssert.AreEqual(new[] { DhcpAddress.FromOctets(10, 77, 10, 1) }, reply.GetAddresses(DhcpOptionCode.Router));
        CollectionAssert.AreEqual(new[] { DhcpAddress.FromOctets(10, 77, 10, 53) }, reply.GetAddresses(DhcpOptionCode.DomainNameServer));
        Assert.IsTrue(reply.TryGetUInt32(DhcpOptionCode.LeaseTime, out var leaseTime));
        Assert.IsTrue(reply.TryGetUInt32(DhcpOptionCode.RenewalTime, out var renewal));
        Assert.IsTrue(reply.TryGetUInt32(DhcpOptionCode.RebindingTime, out var rebinding));
        Assert.AreEqual((lease, t1, t2), (leaseTime, renewal, rebinding));
    }

    private static void AssertVoipOptions(DhcpMessage reply)
    {
        var voip = DhcpVoipOptions.FromMessage(reply, DhcpVoipOptions.DefaultEnterpriseNumber);
        CollectionAssert.AreEqual(new[] { "sip1.voip.example", "sip2.voip.example" }, voip.SipServerNames);
        CollectionAssert.AreEqual(DhcpTestHost.Mac(DhcpTestHost.PhoneMac), voip.MacAddress);
        Assert.AreEqual("4930123456", voip.PhoneNumber);
        Assert.AreEqual("4930654321", voip.AdditionalPhoneNumber);
        Assert.AreEqual("voip.example", voip.SipDomain);
        Assert.AreEqual("mgmt.voip.example", voip.ManagementServer);
        Assert.AreEqual("gk.voip.example", voip.Gatekeeper);
        Assert.AreEqual("tftp.voip.example", voip.ConfigServerName);
        Assert.AreEqual("phone.cfg", voip.BootFile);
        Assert.AreEqual("phone.cfg", reply.GetBootFileName(), "'file' header field");
        CollectionAssert.AreEqual(new[] { DhcpAddress.FromOctets(10, 77, 10, 123) }, voip.NtpServers);
    }

    private static uint GetAddress(DhcpMessage message, byte code)
    {
        Assert.IsTrue(message.TryGetAddress(code, out var address), "option " + code);
        return address;
    }
}
