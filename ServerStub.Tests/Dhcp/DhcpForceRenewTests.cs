using System.Linq;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Tasks;
using DeviceAgent.Dhcp;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using ServerStub.Dhcp;

namespace ServerStub.Tests.Dhcp;

/// <summary>Authenticated FORCERENEW (RFC 3203, RFC 6704 §3) through the API and the CLI, checked with DhcpAuthentication.</summary>
[TestClass]
public sealed class DhcpForceRenewTests
{
    [TestMethod]
    public async Task Post_BoundLease_ForceRenewSignedWithLeaseKeyAndNewerCounter()
    {
        await using var host = await DhcpTestHost.StartAsync();
        var ack = host.Lease();
        var auth = DhcpAuthentication.Read(ack);

        var forceRenew = await PostAsync(host, "");

        Assert.AreEqual(DhcpMessageType.ForceRenew, forceRenew.MessageType);
        Assert.AreEqual(DhcpMessage.BootReply, forceRenew.Op);
        Assert.AreEqual(ack.YourAddress, forceRenew.ClientAddress);
        Assert.IsTrue(forceRenew.ClientHardwareAddressEquals(DhcpTestHost.Mac(DhcpTestHost.PhoneMac)));
        Assert.IsTrue(forceRenew.TryGetAddress(DhcpOptionCode.ServerIdentifier, out var serverId));
        Assert.AreEqual(host.ServerIdentifier, serverId);
        var result = DhcpAuthentication.Verify(forceRenew, auth.GetReconfigureKey(), auth.ReplayDetection, out var counter);
        Assert.AreEqual(DhcpAuthenticationResult.Valid, result);
        Assert.IsTrue(counter > auth.ReplayDetection);
    }

    [TestMethod]
    public async Task Post_BadKey_PhoneSeesBadDigest()
    {
        await using var host = await DhcpTestHost.StartAsync();
        var auth = DhcpAuthentication.Read(host.Lease());

        var forceRenew = await PostAsync(host, "?fault=bad-key");

        Assert.AreEqual(DhcpAuthenticationResult.BadDigest, DhcpAuthentication.Verify(forceRenew, auth.GetReconfigureKey(), auth.ReplayDetection, out _));
    }

    [TestMethod]
    public async Task Post_Replay_PhoneSeesReplayedCounter()
    {
        await using var host = await DhcpTestHost.StartAsync();
        var key = DhcpAuthentication.Read(host.Lease()).GetReconfigureKey();
        var first = await PostAsync(host, "");
        Assert.AreEqual(DhcpAuthenticationResult.Valid, DhcpAuthentication.Verify(first, key, 0, out var accepted));

        var replayed = await PostAsync(host, "?fault=replay");

        Assert.AreEqual(DhcpAuthenticationResult.Replayed, DhcpAuthentication.Verify(replayed, key, accepted, out _));
        Assert.AreEqual(DhcpAuthenticationResult.Valid, DhcpAuthentication.Verify(replayed, key, accepted - 1, out _), "signed with the right key");
    }

    [TestMethod]
    public async Task Post_NoLease_NotFound()
    {
        await using var host = await DhcpTestHost.StartAsync();

        using var response = await host.Http.PostAsync("/api/dhcp/forcerenew/" + DhcpTestHost.PhoneMac, null);

        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode);
    }

    [TestMethod]
    [DataRow("not-a-mac", "")]
    [DataRow(DhcpTestHost.PhoneMac, "?fault=nonsense")]
    public async Task Post_BadArguments_BadRequestWithReason(string mac, string query)
    {
        await using var host = await DhcpTestHost.StartAsync();

        using var response = await host.Http.PostAsync("/api/dhcp/forcerenew/" + mac + query, null);

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.IsFalse(string.IsNullOrEmpty((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()));
    }

    // The CLI works from the data directory alone and shares the persisted counter with the server.
    [TestMethod]
    [DataRow(new string[0], DhcpAuthenticationResult.Valid)]
    [DataRow(new[] { "--bad-key" }, DhcpAuthenticationResult.BadDigest)]
    [DataRow(new[] { "--replay" }, DhcpAuthenticationResult.Replayed)]
    public async Task Cli_ForceRenew_SentFromDataDirectory(string[] flags, DhcpAuthenticationResult expected)
    {
        await using var host = await DhcpTestHost.StartAsync();
        var auth = DhcpAuthentication.Read(host.Lease());

        var exit = DhcpCli.ForceRenew(new[] { "--mac", DhcpTestHost.PhoneMac, "--data", host.DataDirectory }.Concat(flags).ToArray());
        var forceRenew = host.Receive();

        Assert.AreEqual(0, exit);
        Assert.IsNotNull(forceRenew, "FORCERENEW from the CLI");
        Assert.AreEqual(expected, DhcpAuthentication.Verify(forceRenew, auth.GetReconfigureKey(), auth.ReplayDetection, out _));
    }

    [TestMethod]
    public void Cli_MissingMac_UsageError()
    {
        Assert.AreEqual(2, DhcpCli.ForceRenew(new[] { "--bad-key" }));
    }

    private static async Task<DhcpMessage> PostAsync(DhcpTestHost host, string query)
    {
        using var response = await host.Http.PostAsync("/api/dhcp/forcerenew/" + DhcpTestHost.PhoneMac + query, null);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
        return host.Receive() ?? throw new AssertFailedException("no FORCERENEW arrived");
    }
}
