using System;
using System.IO;
using System.Text.Json;
using System.Threading;
using Boards.Desktop;
using DeviceAgent.Tests.Dhcp;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceAgent.Tests.Boards.Desktop;

/// <summary>Desktop only: <c>phone dhcp --loopback</c> in-process against a loopback server thread.</summary>
[TestClass]
[DoNotParallelize]
public class PhoneDhcpCommandTests
{
    private string _flash;

    [TestInitialize]
    public void CreateFlashName() => _flash = Path.Combine(Path.GetTempPath(), "phone-dhcp-" + Guid.NewGuid().ToString("N"));

    [TestCleanup]
    public void Cleanup()
    {
        DhcpCommand.HoldingStarted = null;
        if (Directory.Exists(_flash))
        {
            Directory.Delete(_flash, true);
        }
    }

    [TestMethod]
    public void Dhcp_Loopback_PrintsLeaseAndVoipOptions()
    {
        using var server = new LoopbackDhcpServer(new DhcpFakeServer(1));
        var run = Phone("dhcp", "--loopback", server.Port.ToString(), "--mac", "00:11:22:33:44:55", "--timeout", "5");

        Assert.AreEqual(0, run.Code, run.Error + run.Output);
        StringAssert.Contains(run.Output, "address:                      10.77.10.100");
        StringAssert.Contains(run.Output, "sip servers (120):            sip1.voip.example, sip2.voip.example");
        StringAssert.Contains(run.Output, "phone number (125/202):       4930123456");
        StringAssert.Contains(run.Output, "config server (66):           tftp.voip.example");
        StringAssert.Contains(run.Output, "SELECTING -> REQUESTING");
    }

    [TestMethod]
    public void Dhcp_Json_OneObject()
    {
        using var server = new LoopbackDhcpServer(new DhcpFakeServer(1));
        var run = Phone("dhcp", "--loopback", server.Port.ToString(), "--mac", "00:11:22:33:44:55", "--json");

        Assert.AreEqual(0, run.Code, run.Error);
        using var doc = JsonDocument.Parse(run.Output);
        Assert.AreEqual("10.77.10.100", doc.RootElement.GetProperty("address").GetString());
        Assert.AreEqual("sip2.voip.example", doc.RootElement.GetProperty("sipServerNames")[1].GetString());
        Assert.AreEqual("4930123456", doc.RootElement.GetProperty("phoneNumber").GetString());
        Assert.AreEqual(3600, doc.RootElement.GetProperty("leaseSeconds").GetInt32());
    }

    [TestMethod]
    public void Dhcp_NoServer_GivesUpWithErrorAfterTimeout()
    {
        using var server = new LoopbackDhcpServer(new DhcpFakeServer(1)) { Answering = false };
        var started = Environment.TickCount64;
        var run = Phone("dhcp", "--loopback", server.Port.ToString(), "--timeout", "1");

        Assert.AreEqual(1, run.Code);
        StringAssert.Contains(run.Error, "no usable DHCP lease within 1 s");
        Assert.IsTrue(Environment.TickCount64 - started < 4000);
    }

    [TestMethod]
    public void Dhcp_BadMac_UsageError()
    {
        var run = Phone("dhcp", "--loopback", "6767", "--mac", "zz");

        Assert.AreEqual(2, run.Code);
        StringAssert.Contains(run.Error, "--mac");
    }

    [TestMethod]
    public void Dhcp_Hold_AcceptsAuthenticatedForceRenewUntilStopped()
    {
        var fake = new DhcpFakeServer(1) { ReconfigureKey = DhcpFakeServer.DefaultKey, ReplayCounter = 1 };
        using var server = new LoopbackDhcpServer(fake);
        DhcpCommand.HoldingStarted = runner => new Thread(() =>
        {
            server.SendForceRenew(fake.Address, 2, DhcpFakeServer.DefaultKey);
            var deadline = Environment.TickCount64 + 5000;
            while (runner.Client.ForceRenewAcceptedCount == 0 && Environment.TickCount64 < deadline)
            {
                Thread.Sleep(20);
            }

            Thread.Sleep(300);
            runner.Stop();
        }).Start();

        var run = Phone("dhcp", "--loopback", server.Port.ToString(), "--mac", "00:11:22:33:44:55", "--hold");

        Assert.AreEqual(0, run.Code, run.Error);
        StringAssert.Contains(run.Output, "authenticated FORCERENEW");
        StringAssert.Contains(run.Output, "RENEWING -> BOUND");
        StringAssert.Contains(run.Output, "FORCERENEW accepted 1");
    }

    [TestMethod]
    public void Dhcp_Flash_SecondRunUsesInitReboot()
    {
        using var server = new LoopbackDhcpServer(new DhcpFakeServer(1));
        var first = Phone("dhcp", "--loopback", server.Port.ToString(), "--mac", "00:11:22:33:44:55", "--flash", _flash);
        Assert.AreEqual(0, first.Code, first.Error);
        Assert.IsTrue(File.Exists(Path.Combine(_flash, DhcpCommand.LeaseFileName)));

        var second = Phone("dhcp", "--loopback", server.Port.ToString(), "--mac", "00:11:22:33:44:55", "--flash", _flash);
        Assert.AreEqual(0, second.Code, second.Error);
        StringAssert.Contains(second.Output, "-> INIT-REBOOT");
        Assert.IsFalse(second.Output.Contains("DHCPDISCOVER"), second.Output);
    }

    private static (int Code, string Output, string Error) Phone(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
