using System;
using System.IO;
using DeviceAgent.Hal.Desktop;
using DeviceAgent.Identity;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceAgent.Tests.Hal.Desktop;

/// <summary>Desktop only: real files in a temporary directory.</summary>
[TestClass]
public class FileFlashStoreTests
{
    private string _directory;

    [TestInitialize]
    public void CreateDirectoryName() => _directory = Path.Combine(Path.GetTempPath(), "flash-" + Guid.NewGuid().ToString("N"), "nested");

    [TestCleanup]
    public void DeleteDirectory()
    {
        var root = Path.GetDirectoryName(_directory);
        if (Directory.Exists(root))
        {
            Directory.Delete(root, true);
        }
    }

    [TestMethod]
    public void Constructor_MissingDirectory_CreatesIt()
    {
        var flash = new FileFlashStore(_directory);
        Assert.IsTrue(Directory.Exists(_directory));
        Assert.AreEqual(2, flash.SlotCount);
        Assert.AreEqual(1024, flash.SlotSize);
    }

    [TestMethod]
    public void Read_NeverWritten_ReturnsZero()
    {
        Assert.AreEqual(0, new FileFlashStore(_directory).Read(1, new byte[1024], 0));
    }

    [TestMethod]
    public void Write_ThenRead_SameBytesAcrossInstances()
    {
        new FileFlashStore(_directory, 2, 16).Write(1, new byte[] { 9, 1, 2, 3, 9 }, 1, 3);
        var buffer = new byte[20];
        Assert.AreEqual(3, new FileFlashStore(_directory, 2, 16).Read(1, buffer, 4));
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, buffer[4..7]);
        Assert.AreEqual(0, new FileFlashStore(_directory, 2, 16).Read(0, buffer, 0), "other slot untouched");
    }

    [TestMethod]
    public void Write_Shorter_ReplacesWholeSlot()
    {
        var flash = new FileFlashStore(_directory, 2, 16);
        flash.Write(0, new byte[] { 1, 2, 3, 4 }, 0, 4);
        flash.Write(0, new byte[] { 5 }, 0, 1);
        Assert.AreEqual(1, flash.Read(0, new byte[16], 0));
    }

    [TestMethod]
    public void Write_BadSlotOrCount_Throws()
    {
        var flash = new FileFlashStore(_directory, 2, 16);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => flash.Write(2, new byte[1], 0, 1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => flash.Write(0, new byte[17], 0, 17));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => flash.Read(-1, new byte[16], 0));
    }

    [TestMethod]
    public void IdentityStore_OverFiles_SurvivesRestartAndTruncatedFile()
    {
        var record = new IdentityRecord("PHONE-F", PreProvisioningContact.Parse("http://preprov.example.com:8080/"));
        new IdentityStore(new FileFlashStore(_directory)).Save(record);
        new IdentityStore(new FileFlashStore(_directory)).Save(record.WithProvisioningContact(ProvisioningContact.Parse("prov.example.com"), DateTime.UtcNow, 60));

        // An interrupted write of the newer slot: the file stops in the middle of the length field.
        var newer = Path.Combine(_directory, "slot1.bin");
        File.WriteAllBytes(newer, File.ReadAllBytes(newer)[..10]);
        var result = new IdentityStore(new FileFlashStore(_directory)).Load();
        Assert.AreEqual(IdentityStoreStatus.Loaded, result.Status);
        Assert.AreEqual(record, result.Record);

        File.WriteAllBytes(Path.Combine(_directory, "slot0.bin"), new byte[] { 0x44, 0x41 });
        Assert.AreEqual(IdentityStoreStatus.Corrupt, new IdentityStore(new FileFlashStore(_directory)).Load().Status);
    }
}
