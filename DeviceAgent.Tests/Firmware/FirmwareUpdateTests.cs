using System;
using DeviceAgent.Crypto;
using DeviceAgent.Firmware;
using DeviceAgent.Tests.Fakes;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Firmware
{
    [TestClass]
    public class FirmwareUpdateTests
    {
        private static byte[] Image(int length)
        {
            byte[] image = new byte[length];
            new Random(length).NextBytes(image);
            return image;
        }

        [TestMethod]
        public void Install_SourceInSmallChunks_CommitsThroughSmallBuffer()
        {
            byte[] image = Image(50000);
            var store = new MemoryFirmwareStore(1 << 20);
            var verifier = new FirmwareVerifier(store, Sha256.Compute(image, 0, image.Length), 1 << 20);
            var source = new ChunkedFirmwareSource(image, 1460, image.Length);
            Assert.AreEqual((int)FirmwareOutcome.Success, (int)FirmwareUpdate.Install(source, verifier, new byte[1024]));
            Assert.AreEqual(1, store.Commits);
            Assert.IsTrue(store.LargestWrite <= 1024);
            CollectionAssert.AreEqual(image, store.Image());
            Assert.AreEqual(0, source.Cancels);
        }

        [TestMethod]
        public void Install_AnnouncedTooLarge_NoSpaceAndSourceCancelled()
        {
            byte[] image = Image(5000);
            var store = new MemoryFirmwareStore(4000);
            var verifier = new FirmwareVerifier(store, Sha256.Compute(image, 0, image.Length), 1 << 20);
            var source = new ChunkedFirmwareSource(image, 1000, image.Length);
            Assert.AreEqual((int)FirmwareOutcome.NoSpace, (int)FirmwareUpdate.Install(source, verifier, new byte[512]));
            Assert.AreEqual(1, source.Cancels);
            Assert.AreEqual((int)FirmwareOutcome.NoSpace, (int)source.CancelOutcome);
            Assert.AreEqual(0, store.Begins);
        }

        [TestMethod]
        public void Install_UnannouncedTooLarge_NoSpaceAfterLimit()
        {
            byte[] image = Image(5000);
            var store = new MemoryFirmwareStore(4000);
            var verifier = new FirmwareVerifier(store, Sha256.Compute(image, 0, image.Length), 1 << 20);
            var source = new ChunkedFirmwareSource(image, 1000, -1);
            Assert.AreEqual((int)FirmwareOutcome.NoSpace, (int)FirmwareUpdate.Install(source, verifier, new byte[512]));
            Assert.AreEqual(1, source.Cancels);
            Assert.AreEqual(1, store.Aborts);
            Assert.AreEqual(0, store.Commits);
        }

        [TestMethod]
        public void Install_SourceFailsMidway_DownloadFailedWithItsMessage()
        {
            byte[] image = Image(5000);
            var store = new MemoryFirmwareStore(1 << 20);
            var verifier = new FirmwareVerifier(store, Sha256.Compute(image, 0, image.Length), 1 << 20);
            var source = new ChunkedFirmwareSource(image, 1000, image.Length) { FailAt = 3000 };
            Assert.AreEqual((int)FirmwareOutcome.DownloadFailed, (int)FirmwareUpdate.Install(source, verifier, new byte[4096]));
            Assert.AreEqual("connection reset  by peer", verifier.Detail);
            Assert.AreEqual(1, store.Aborts);
            Assert.AreEqual(0, store.Commits);
        }

        [TestMethod]
        public void Install_OpenFails_DownloadFailedWithoutStore()
        {
            var store = new MemoryFirmwareStore(1 << 20);
            var verifier = new FirmwareVerifier(store, new byte[32], 1 << 20);
            var source = new ChunkedFirmwareSource(new byte[1], 1, 1) { FailOpen = true };
            Assert.AreEqual((int)FirmwareOutcome.DownloadFailed, (int)FirmwareUpdate.Install(source, verifier, new byte[16]));
            Assert.AreEqual("HTTP 404 Not Found", verifier.Detail);
            Assert.AreEqual(0, store.Begins);
        }

        [TestMethod]
        public void Install_WrongHash_HashMismatchNotCommitted()
        {
            byte[] image = Image(3000);
            var store = new MemoryFirmwareStore(1 << 20);
            var verifier = new FirmwareVerifier(store, Sha256.Compute(image, 0, 2999), 1 << 20);
            var source = new ChunkedFirmwareSource(image, 700, -1);
            Assert.AreEqual((int)FirmwareOutcome.HashMismatch, (int)FirmwareUpdate.Install(source, verifier, new byte[256]));
            Assert.AreEqual(0, store.Commits);
            Assert.AreEqual(1, store.Aborts);
        }

        [TestMethod]
        public void Install_EmptyBuffer_Throws()
        {
            var verifier = new FirmwareVerifier(new MemoryFirmwareStore(1), new byte[32], 1);
            Assert.ThrowsException(typeof(ArgumentException), () => FirmwareUpdate.Install(new ChunkedFirmwareSource(new byte[1], 1, 1), verifier, new byte[0]));
            Assert.ThrowsException(typeof(ArgumentNullException), () => FirmwareUpdate.Install(null, verifier, new byte[1]));
        }
    }
}
