using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DeviceAgent.Identity;
using DeviceAgent.PreProvisioning;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using ServerStub.PreProvisioning;
using ServerStub.Storage;
using static ServerStub.Tests.PreProvisioning.PreProvisioningApi;

namespace ServerStub.Tests.PreProvisioning;

/// <summary>
/// The inquiry is answered from memory: every management write (PUT, DELETE, import) must reach the next inquiry of a
/// device that was answered, and so cached, before the write.
/// </summary>
[TestClass]
public sealed class InquiryCacheTests
{
    private const string Id = "PHONE-0001";

    [TestMethod]
    public void Inquiry_AfterPutReplacesContact_NewContact()
    {
        using var host = StubHost.Start();
        Put(host.Management, Id, new { contact = "old.example.com", validForSeconds = 60 });
        Assert.AreEqual("old.example.com", Contact(host, Id));

        Assert.AreEqual(200, (int)Put(host.Management, Id, new { contact = "new.example.com:8443", validForSeconds = 120 }).StatusCode);

        var (status, body, _) = Inquire(host.Client, Id);
        var answer = InquiryResponse.Parse(status, body, 0, body.Length);
        Assert.AreEqual("new.example.com:8443", answer.Contact.ToString());
        Assert.AreEqual(120u, answer.ValidForSeconds);
    }

    [TestMethod]
    public void Inquiry_AfterDeleteThenPut_404ThenNewContact()
    {
        using var host = StubHost.Start();
        Put(host.Management, Id, new { contact = "old.example.com" });
        Assert.AreEqual("old.example.com", Contact(host, Id));

        Assert.AreEqual(204, (int)host.Management.DeleteAsync(Devices + "/" + Id).GetAwaiter().GetResult().StatusCode);
        var (status, body, _) = Inquire(host.Client, Id);
        Assert.AreEqual(404, status);
        Assert.AreEqual(PreProvisioningEndpoints.UnknownDeviceBody, System.Text.Encoding.UTF8.GetString(body));

        Put(host.Management, Id, new { contact = "again.example.com" });
        Assert.AreEqual("again.example.com", Contact(host, Id));
    }

    [TestMethod]
    public void Inquiry_AfterCsvAndJsonImport_NewContact()
    {
        using var host = StubHost.Start();
        Put(host.Management, Id, new { contact = "old.example.com" });
        Assert.AreEqual("old.example.com", Contact(host, Id));

        Assert.AreEqual(200, (int)Import(host.Management, Id + ",csv.example.com:5060\n", "text/csv").StatusCode);
        Assert.AreEqual("csv.example.com:5060", Contact(host, Id));

        Assert.AreEqual(200, (int)Import(host.Management, "[{\"deviceId\":\"" + Id + "\",\"contact\":\"192.0.2.7\"}]", "application/json").StatusCode);
        Assert.AreEqual("192.0.2.7", Contact(host, Id));
    }

    [TestMethod]
    public void Inquiry_RejectedImport_CachedAnswerUnchanged()
    {
        using var host = StubHost.Start();
        Put(host.Management, Id, new { contact = "old.example.com" });
        Assert.AreEqual("old.example.com", Contact(host, Id));

        Assert.AreEqual(400, (int)Import(host.Management, Id + ",new.example.com\nbad id,x.example.com\n", "text/csv").StatusCode);

        Assert.AreEqual("old.example.com", Contact(host, Id));
    }

    [TestMethod]
    public void Inquiry_DeviceAuthSecretReplaced_OldSecret401NewSecret200()
    {
        using var host = StubHost.Start(null, "--ServerStub:PreProvisioning:RequireDeviceAuth=true");
        var oldSecret = new byte[32];
        var newSecret = new byte[32];
        Array.Fill(oldSecret, (byte)0x11);
        Array.Fill(newSecret, (byte)0x22);
        Put(host.Management, Id, new { contact = "old.example.com", secret = Convert.ToHexString(oldSecret) });
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.AreEqual(200, Inquire(host.Client, Id, Sign(oldSecret, now)).Status);

        Put(host.Management, Id, new { contact = "new.example.com", secret = Convert.ToHexString(newSecret) });

        Assert.AreEqual(401, Inquire(host.Client, Id, Sign(oldSecret, now + 1)).Status, "the replaced secret is refused");
        var (status, body, _) = Inquire(host.Client, Id, Sign(newSecret, now + 2));
        Assert.AreEqual(200, status);
        Assert.AreEqual("new.example.com", InquiryResponse.Parse(status, body, 0, body.Length).Contact.ToString());

        Put(host.Management, Id, new { contact = "new.example.com" });
        Assert.AreEqual(401, Inquire(host.Client, Id, Sign(newSecret, now + 3)).Status, "a removed secret is refused");
    }

    [TestMethod]
    public void Find_MoreDevicesThanCapacity_EveryAnswerRight()
    {
        WithStore(store =>
        {
            var cache = new InquiryCache(store, capacity: 2);
            for (var i = 0; i < 5; i++)
            {
                store.Put(Device("D-" + i, "d" + i + ".example.com"));
            }

            for (var round = 0; round < 3; round++)
            {
                for (var i = 0; i < 5; i++)
                {
                    Assert.AreEqual("d" + i + ".example.com", cache.Find("D-" + i).Device.Contact.ToString(), $"round {round}, device {i}");
                }
            }

            Assert.IsNull(cache.Find("D-9"));
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new InquiryCache(store, capacity: 0));
        });
    }

    [TestMethod]
    public void Find_WritesRacingInquiries_LastWriteAnswered()
    {
        WithStore(store =>
        {
            var cache = new InquiryCache(store);
            store.Put(Device(Id, "v0.example.com"));
            using var stop = new CancellationTokenSource();
            var readers = new Task[2];
            for (var r = 0; r < readers.Length; r++)
            {
                readers[r] = Task.Run(() =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        cache.Find(Id);
                    }
                });
            }

            for (var v = 1; v <= 200; v++)
            {
                store.Put(Device(Id, "v" + v + ".example.com"));
                Assert.AreEqual("v" + v + ".example.com", cache.Find(Id).Device.Contact.ToString(), "answer right after write " + v);
            }

            stop.Cancel();
            Task.WaitAll(readers);
            Assert.AreEqual("v200.example.com", cache.Find(Id).Device.Contact.ToString());
        });
    }

    private static string Contact(StubHost host, string id)
    {
        var (status, body, _) = Inquire(host.Client, id);
        Assert.AreEqual(200, status, id);
        return InquiryResponse.Parse(status, body, 0, body.Length).Contact.ToString();
    }

    private static string Sign(byte[] secret, long ts) =>
        DeviceSignature.Authorization(secret, "GET", InquiryRequest.ContactPath + "?device=" + Id, Id, ts);

    private static PreProvisionedDevice Device(string id, string contact) =>
        new(id, ProvisioningContact.Parse(contact), 3600, null, DateTimeOffset.UtcNow);

    private static void WithStore(Action<PreProvisioningStore> test)
    {
        var directory = Path.Combine(Path.GetTempPath(), "serverstub-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            test(new PreProvisioningStore(new StubDatabase(directory)));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, true);
        }
    }
}
