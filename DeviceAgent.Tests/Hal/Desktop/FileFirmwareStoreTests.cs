using System;
using System.IO;
using DeviceAgent.Hal.Desktop;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceAgent.Tests.Hal.Desktop
{
    [TestClass]
    public class FileFirmwareStoreTests
    {
        private string directory;

        [TestInitialize]
        public void CreateDirectory() => directory = Path.Combine(Path.GetTempPath(), "da-fw-" + Guid.NewGuid().ToString("N"));

        [TestCleanup]
        public void DeleteDirectory() => Directory.Delete(directory, true);

        [TestMethod]
        public void Commit_ReplacesImageOnlyAtCommit()
        {
            using var store = new FileFirmwareStore(directory, "fw.bin", 100);
            File.WriteAllBytes(store.ImagePath, new byte[] { 1 });
            store.Begin(3);
            store.Write(new byte[] { 9, 8, 7, 6 }, 1, 3);
            CollectionAssert.AreEqual(new byte[] { 1 }, File.ReadAllBytes(store.ImagePath), "old image until commit");
            store.Commit();
            CollectionAssert.AreEqual(new byte[] { 8, 7, 6 }, File.ReadAllBytes(store.ImagePath));
            Assert.IsFalse(File.Exists(store.ImagePath + ".part"));
            Assert.AreEqual(100, store.Capacity);
        }

        [TestMethod]
        public void Abort_KeepsOldImageRemovesPart()
        {
            using var store = new FileFirmwareStore(directory, "fw.bin", 100);
            File.WriteAllBytes(store.ImagePath, new byte[] { 1 });
            store.Begin(-1);
            store.Write(new byte[] { 2, 3 }, 0, 2);
            store.Abort();
            CollectionAssert.AreEqual(new byte[] { 1 }, File.ReadAllBytes(store.ImagePath));
            Assert.IsFalse(File.Exists(store.ImagePath + ".part"));
            store.Abort();
        }

        [TestMethod]
        public void Begin_DiscardsPartialImageOfEarlierAttempt()
        {
            using var store = new FileFirmwareStore(directory, "fw.bin", 100);
            File.WriteAllBytes(store.ImagePath + ".part", new byte[] { 5, 5, 5 });
            store.Begin(-1);
            store.Write(new byte[] { 4 }, 0, 1);
            store.Commit();
            CollectionAssert.AreEqual(new byte[] { 4 }, File.ReadAllBytes(store.ImagePath));
        }

        [TestMethod]
        public void WriteOrCommit_WithoutBegin_Throws()
        {
            using var store = new FileFirmwareStore(directory);
            Assert.ThrowsExactly<InvalidOperationException>(() => store.Write(new byte[1], 0, 1));
            Assert.ThrowsExactly<InvalidOperationException>(() => store.Commit());
        }
    }
}
