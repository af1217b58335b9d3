using System;
using DeviceAgent.Crypto;
using DeviceAgent.Firmware;
using DeviceAgent.Tests.Fakes;
using DeviceAgent.Tftp;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Tftp
{
    // The TFTP runner feeding the firmware verifier, against an in-process server (RFC 1350, 2347, 2348, 2349).
    [TestClass]
    public class TftpFirmwareSourceTests
    {
        private static byte[] Image(int length, int seed)
        {
            byte[] image = new byte[length];
            new Random(seed).NextBytes(image);
            return image;
        }

        private static FirmwareOutcome Download(FakeTftpServer server, ManualClock clock, string name, int blockSize, byte[] hash,
            MemoryFirmwareStore store, out TftpFirmwareSource source, out FirmwareVerifier verifier)
        {
            var transfer = new TftpReadTransfer(clock, FakeTftpServer.Address, name) { RequestedBlockSize = blockSize };
            source = new TftpFirmwareSource(server, clock, transfer);
            verifier = new FirmwareVerifier(store, hash, 1 << 20);
            return FirmwareUpdate.Install(source, verifier, new byte[1024]);
        }

        [TestMethod]
        public void Install_NegotiatedBlockSize_VerifiedAndCommitted()
        {
            int seed = RandomSeed.Next();
            byte[] image = Image(100000 + seed % 3000, seed);
            var clock = new ManualClock();
            var server = new FakeTftpServer(clock, image, "fw.bin") { LoseAckOf = 3, StrangerBefore = 5 };
            var store = new MemoryFirmwareStore(1 << 20);
            TftpFirmwareSource source;
            FirmwareVerifier verifier;
            FirmwareOutcome outcome = Download(server, clock, "fw.bin", 1428, Sha256.Compute(image, 0, image.Length), store, out source, out verifier);
            Assert.AreEqual((int)FirmwareOutcome.Success, (int)outcome, verifier.Detail);
            CollectionAssert.AreEqual(image, store.Image());
            Assert.AreEqual(image.Length, store.ExpectedSize, "tsize reached the store");
            Assert.AreEqual(1428, source.Transfer.BlockSize);
            Assert.AreEqual(1, source.Transfer.Duplicates, "block 3 came twice");
            Assert.AreEqual(1, server.StrangerErrors, "the stranger got ERROR 5");
            Assert.AreEqual(-1, server.ClientError);
        }

        [TestMethod]
        public void Install_ServerIgnoresOptions_FallsBackTo512()
        {
            byte[] image = Image(512 * 20, 5);
            var clock = new ManualClock();
            var server = new FakeTftpServer(clock, image, "fw.bin") { HonourOptions = false };
            var store = new MemoryFirmwareStore(1 << 20);
            TftpFirmwareSource source;
            FirmwareVerifier verifier;
            FirmwareOutcome outcome = Download(server, clock, "fw.bin", 1428, Sha256.Compute(image, 0, image.Length), store, out source, out verifier);
            Assert.AreEqual((int)FirmwareOutcome.Success, (int)outcome, verifier.Detail);
            Assert.AreEqual(512, source.Transfer.BlockSize);
            Assert.AreEqual(-1, store.ExpectedSize);
            Assert.AreEqual(21, server.ClientAcks, "20 full blocks and the empty last one");
            CollectionAssert.AreEqual(image, store.Image());
        }

        [TestMethod]
        public void Install_MissingFile_DownloadFailedWithServerReason()
        {
            var clock = new ManualClock();
            var server = new FakeTftpServer(clock, new byte[10], "fw.bin");
            var store = new MemoryFirmwareStore(1 << 20);
            TftpFirmwareSource source;
            FirmwareVerifier verifier;
            FirmwareOutcome outcome = Download(server, clock, "other.bin", 1428, new byte[32], store, out source, out verifier);
            Assert.AreEqual((int)FirmwareOutcome.DownloadFailed, (int)outcome);
            Assert.AreEqual("TFTP error 1: File not found", verifier.Detail);
            Assert.AreEqual(0, store.Begins);
        }

        [TestMethod]
        public void Install_AnnouncedSizeTooLarge_ClientSendsDiskFull()
        {
            byte[] image = Image(5000, 6);
            var clock = new ManualClock();
            var server = new FakeTftpServer(clock, image, "fw.bin");
            var store = new MemoryFirmwareStore(4000);
            TftpFirmwareSource source;
            FirmwareVerifier verifier;
            FirmwareOutcome outcome = Download(server, clock, "fw.bin", 1428, Sha256.Compute(image, 0, image.Length), store, out source, out verifier);
            Assert.AreEqual((int)FirmwareOutcome.NoSpace, (int)outcome);
            Assert.AreEqual(3, server.ClientError);
            Assert.AreEqual(0, store.Begins);
        }

        [TestMethod]
        public void Install_WrongHash_HashMismatchNotCommitted()
        {
            byte[] image = Image(3000, 7);
            var clock = new ManualClock();
            var server = new FakeTftpServer(clock, image, "fw.bin");
            var store = new MemoryFirmwareStore(1 << 20);
            TftpFirmwareSource source;
            FirmwareVerifier verifier;
            FirmwareOutcome outcome = Download(server, clock, "fw.bin", 512, new byte[32], store, out source, out verifier);
            Assert.AreEqual((int)FirmwareOutcome.HashMismatch, (int)outcome);
            Assert.AreEqual(0, store.Commits);
            Assert.AreEqual(1, store.Aborts);
        }

        [TestMethod]
        public void Install_RepliesOnlyFromOtherAddress_TimesOutAfterRetries()
        {
            var clock = new ManualClock();
            var server = new FakeTftpServer(clock, new byte[10], "fw.bin");
            var transfer = new TftpReadTransfer(clock, 0x7F000009, "fw.bin") { MaxRetries = 2, TimeoutMilliseconds = 500 };
            var verifier = new FirmwareVerifier(new MemoryFirmwareStore(100), new byte[32], 100);
            long start = clock.MonotonicMilliseconds;
            var outcome = FirmwareUpdate.Install(new TftpFirmwareSource(server, clock, transfer), verifier, new byte[64]);
            Assert.AreEqual((int)FirmwareOutcome.DownloadFailed, (int)outcome);
            Assert.AreEqual("timed out waiting for a reply to the request after 2 retransmissions", verifier.Detail);
            Assert.AreEqual(1500, clock.MonotonicMilliseconds - start, "three waits of 500 ms");
            Assert.AreEqual(5, server.ClientError, "each reply from the wrong address got ERROR 5");
        }
    }
}
