using System;
using System.IO;
using Boards.Desktop;
using DeviceAgent.Hal.Desktop;
using DeviceAgent.Identity;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceAgent.Tests.Boards.Desktop;

/// <summary>Desktop only: the <c>phone</c> commands, run in-process against a temporary flash directory.</summary>
[TestClass]
public class PhoneCommandTests
{
    private string _flash;

    [TestInitialize]
    public void CreateFlashName() => _flash = Path.Combine(Path.GetTempPath(), "phone-flash-" + Guid.NewGuid().ToString("N"));

    [TestCleanup]
    public void DeleteFlash()
    {
        if (Directory.Exists(_flash))
        {
            Directory.Delete(_flash, true);
        }
    }

    [TestMethod]
    public void Factory_ThenShow_PrintsStoredIdentity()
    {
        var factory = Phone("factory", "--device-id", "PHONE-0001", "--preprov", "HTTPS://PreProv.Example.com:8443/inquiry", "--flash", _flash);
        Assert.AreEqual(0, factory.Code, factory.Error);
        StringAssert.Contains(factory.Output, "device id:            PHONE-0001");
        StringAssert.Contains(factory.Output, "pre-provisioning url: https://preprov.example.com:8443/inquiry");

        var show = Phone("show", "--flash", _flash);
        Assert.AreEqual(0, show.Code, show.Error);
        StringAssert.Contains(show.Output, "device id:            PHONE-0001");
        StringAssert.Contains(show.Output, "provisioning contact: none cached");
        StringAssert.Contains(show.Output, "record sequence:      1");
    }

    [TestMethod]
    public void Factory_WithSecret_StoredAndShown()
    {
        var secret = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
        var factory = Phone("factory", "--device-id", "PHONE-0001", "--preprov", "https://preprov.example.com", "--secret", secret, "--flash", _flash);
        Assert.AreEqual(0, factory.Code, factory.Error);
        StringAssert.Contains(factory.Output, "device secret:        set (32 bytes)");

        var loaded = new IdentityStore(new FileFlashStore(_flash)).Load();
        Assert.AreEqual(IdentityStoreStatus.Loaded, loaded.Status);
        Assert.AreEqual(secret, Convert.ToHexString(loaded.Record.DeviceSecret).ToLowerInvariant());
        StringAssert.Contains(Phone("show", "--flash", _flash).Output, "device secret:        set (32 bytes)");
    }

    [TestMethod]
    public void Factory_WithoutSecret_ShowsNone()
    {
        Assert.AreEqual(0, Phone("factory", "--device-id", "P", "--preprov", "http://a.example", "--flash", _flash).Code);
        StringAssert.Contains(Phone("show", "--flash", _flash).Output, "device secret:        none");
    }

    [TestMethod]
    public void Factory_BadSecret_ErrorExit2AndNothingWritten()
    {
        foreach (var secret in new[] { "abc", "zz00112233445566778899aabbccddeeff", "00112233", new string('a', 130), "" })
        {
            var result = Phone("factory", "--device-id", "P", "--preprov", "http://a.example", "--secret", secret, "--flash", _flash);
            Assert.AreEqual(2, result.Code, secret);
            StringAssert.StartsWith(result.Error, "error: ", secret);
            Assert.IsFalse(Directory.Exists(_flash), "flash untouched: " + secret);
        }
    }

    [TestMethod]
    public void Factory_Again_ReplacesIdentity()
    {
        Assert.AreEqual(0, Phone("factory", "--device-id", "OLD", "--preprov", "http://a.example", "--flash", _flash).Code);
        Assert.AreEqual(0, Phone("factory", "--device-id", "NEW", "--preprov", "http://a.example", "--flash", _flash).Code);
        var show = Phone("show", "--flash", _flash);
        StringAssert.Contains(show.Output, "device id:            NEW");
        StringAssert.Contains(show.Output, "record sequence:      2");
    }

    [TestMethod]
    public void Factory_BadDeviceId_ErrorExit2AndNothingWritten()
    {
        var result = Phone("factory", "--device-id", "bad id!", "--preprov", "http://a.example", "--flash", _flash);
        Assert.AreEqual(2, result.Code);
        StringAssert.StartsWith(result.Error, "error: deviceId");
        Assert.DoesNotContain("   at ", result.Error, "no stack trace");
        Assert.IsFalse(Directory.Exists(_flash), "flash untouched");
    }

    [TestMethod]
    public void Factory_BadInputs_ErrorExit2()
    {
        string[][] cases =
        [
            ["factory", "--device-id", new string('a', 65), "--preprov", "http://a.example", "--flash", _flash],
            ["factory", "--device-id", "A", "--preprov", "ftp://a.example", "--flash", _flash],
            ["factory", "--device-id", "A", "--preprov", "http://host:70000", "--flash", _flash],
            ["factory", "--device-id", "A", "--flash", _flash],
            ["factory", "--preprov", "http://a.example", "--flash", _flash],
            ["factory", "stray"],
        ];
        foreach (var args in cases)
        {
            var result = Phone(args);
            Assert.AreEqual(2, result.Code, string.Join(" ", args));
            StringAssert.StartsWith(result.Error, "error: ", string.Join(" ", args));
        }
    }

    [TestMethod]
    public void Show_NothingStored_SaysSoExit1()
    {
        var result = Phone("show", "--flash", _flash);
        Assert.AreEqual(1, result.Code);
        StringAssert.Contains(result.Error, "no identity stored");
        Assert.IsFalse(Directory.Exists(_flash), "show does not create the flash");
    }

    [TestMethod]
    public void Show_BothSlotsDamaged_CorruptExit1()
    {
        Directory.CreateDirectory(_flash);
        File.WriteAllBytes(Path.Combine(_flash, "slot0.bin"), [1, 2, 3]);
        File.WriteAllBytes(Path.Combine(_flash, "slot1.bin"), [4, 5, 6]);
        var result = Phone("show", "--flash", _flash);
        Assert.AreEqual(1, result.Code);
        StringAssert.Contains(result.Error, "identity store corrupt");
    }

    [TestMethod]
    public void Run_NoIdentity_Exit1AtIdentityStep()
    {
        var result = Phone("run", "--no-dhcp", "--customer", "C-1", "--serial", "SN-1", "--flash", _flash);
        Assert.AreEqual(1, result.Code);
        StringAssert.Contains(result.Output, "identity       failed    no identity in flash");
        StringAssert.Contains(result.Error, "error: power-up failed at step identity");
    }

    [TestMethod]
    public void Run_WithoutSerial_ErrorExit2()
    {
        var result = Phone("run", "--no-dhcp", "--customer", "C-1", "--flash", _flash);
        Assert.AreEqual(2, result.Code);
        StringAssert.Contains(result.Error, "--serial is required");
    }

    [TestMethod]
    public void Run_TwoNetworkModes_ErrorExit2()
    {
        var result = Phone("run", "--no-dhcp", "--dhcp-loopback", "6767", "--customer", "C-1", "--serial", "SN-1", "--flash", _flash);
        Assert.AreEqual(2, result.Code);
        StringAssert.Contains(result.Error, "give one of");
    }

    [TestMethod]
    public void Run_InquiryServerRefuses_Exit1NamingServerAndStep()
    {
        Assert.AreEqual(0, Phone("factory", "--device-id", "PHONE-R", "--preprov", "http://127.0.0.1:9/", "--flash", _flash).Code);
        var result = Phone("run", "--no-dhcp", "--customer", "C-1", "--serial", "SN-1", "--flash", _flash, "--discovery-attempts", "1");
        Assert.AreEqual(1, result.Code, result.Output + result.Error);
        StringAssert.Contains(result.Output, "inquiry        started   GET http://127.0.0.1:9/v1/contact?device=PHONE-R");
        StringAssert.Contains(result.Output, "discovery      failed    no configuration from any source");
        StringAssert.Contains(result.Error, "error: power-up failed at step discovery");
    }

    private static (int Code, string Output, string Error) Phone(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
