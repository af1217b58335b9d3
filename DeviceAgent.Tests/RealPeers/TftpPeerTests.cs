using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using DeviceAgent.Firmware;
using DeviceAgent.Hal.Desktop;
using DeviceAgent.Tftp;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceAgent.Tests.RealPeers
{
    /// <summary>
    /// Our TFTP client (RFC 1350, options RFC 2347/2348/2349) and firmware verifier against a real tftpd-hpa on
    /// loopback, checked against .NET's SHA-256 of the served file. Prints throughput and allocations per download.
    /// </summary>
    [TestClass]
    public class TftpPeerTests
    {
        private const string FileName = "phone-fw.bin";

        private static byte[] ServeRandomFile(TftpdHpaPeer peer, out int seed)
        {
            seed = Environment.TickCount & 0x7FFFFFFF;
            Console.WriteLine("seed " + seed);
            var random = new Random(seed);
            var image = new byte[1024 * 1024 + random.Next(2 * 1024 * 1024)];
            random.NextBytes(image);
            File.WriteAllBytes(Path.Combine(peer.Directory, FileName), image);
            return image;
        }

        private static TftpdHpaPeer StartOrSkip(params string[] args)
        {
            if (TftpdHpaPeer.SkipReason != null)
            {
                Assert.Inconclusive(TftpdHpaPeer.SkipReason);
            }

            return TftpdHpaPeer.Start(args);
        }

        private static (FirmwareOutcome Outcome, FirmwareVerifier Verifier, TftpReadTransfer Transfer) Download(
            TftpdHpaPeer peer, string name, int blockSize, byte[] expectedHash, FileFirmwareStore store)
        {
            var clock = new SystemClock();
            using var socket = new EphemeralUdpSocket(IPAddress.Loopback);
            var transfer = new TftpReadTransfer(clock, 0x7F000001, name) { ServerPort = peer.Port, RequestedBlockSize = blockSize };
            var verifier = new FirmwareVerifier(store, expectedHash, 8 * 1024 * 1024);
            var buffer = new byte[2048];
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            var outcome = FirmwareUpdate.Install(new TftpFirmwareSource(socket, clock, transfer), verifier, buffer);
            watch.Stop();
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Console.WriteLine(
                $"blksize asked {blockSize}, got {transfer.BlockSize}: {outcome} {verifier.BytesReceived} bytes in {watch.ElapsedMilliseconds} ms = " +
                $"{verifier.BytesReceived / 1048576.0 / Math.Max(watch.Elapsed.TotalSeconds, 1e-6):F1} MB/s, retransmissions {transfer.Retransmissions}, " +
                $"duplicates {transfer.Duplicates}, allocated {allocated} bytes on this thread (desktop socket included)");
            return (outcome, verifier, transfer);
        }

        [TestMethod]
        [DataRow(512)]
        [DataRow(1428)]
        public void Download_BlockSize_CommittedImageHasDotNetSha256(int blockSize)
        {
            using var peer = StartOrSkip();
            var image = ServeRandomFile(peer, out _);
            var hash = SHA256.HashData(image);
            var storeDirectory = Path.Combine(peer.Directory, "store");
            using var store = new FileFirmwareStore(storeDirectory);
            var (outcome, verifier, transfer) = Download(peer, FileName, blockSize, hash, store);
            Assert.AreEqual(FirmwareOutcome.Success, outcome, verifier.Detail + " " + peer.Output);
            Assert.AreEqual(blockSize, transfer.BlockSize);
            Assert.AreEqual(image.Length, transfer.TransferSize, "tsize");
            CollectionAssert.AreEqual(hash, SHA256.HashData(File.ReadAllBytes(store.ImagePath)));
            Assert.IsFalse(File.Exists(store.ImagePath + ".part"));
        }

        [TestMethod]
        public void Download_ServerRefusesOptions_FallsBackTo512()
        {
            using var peer = StartOrSkip("--refuse", "blksize", "--refuse", "tsize");
            var image = ServeRandomFile(peer, out _);
            using var store = new FileFirmwareStore(Path.Combine(peer.Directory, "store"));
            var (outcome, verifier, transfer) = Download(peer, FileName, 1428, SHA256.HashData(image), store);
            Assert.AreEqual(FirmwareOutcome.Success, outcome, verifier.Detail);
            Assert.AreEqual(512, transfer.BlockSize);
            Assert.AreEqual(-1, transfer.TransferSize);
            CollectionAssert.AreEqual(SHA256.HashData(image), SHA256.HashData(File.ReadAllBytes(store.ImagePath)));
        }

        [TestMethod]
        public void Download_WrongExpectedHash_HashMismatchNothingCommitted()
        {
            using var peer = StartOrSkip();
            var image = ServeRandomFile(peer, out _);
            var hash = SHA256.HashData(image);
            hash[31] ^= 0x80;
            using var store = new FileFirmwareStore(Path.Combine(peer.Directory, "store"));
            var (outcome, verifier, _) = Download(peer, FileName, 1428, hash, store);
            Assert.AreEqual(FirmwareOutcome.HashMismatch, outcome);
            StringAssert.Contains(verifier.Detail, Convert.ToHexString(SHA256.HashData(image)).ToLowerInvariant());
            Assert.IsFalse(File.Exists(store.ImagePath));
            Assert.IsFalse(File.Exists(store.ImagePath + ".part"));
        }

        [TestMethod]
        public void Download_MissingFile_ServerReasonInDetail()
        {
            using var peer = StartOrSkip();
            using var store = new FileFirmwareStore(Path.Combine(peer.Directory, "store"));
            var (outcome, verifier, transfer) = Download(peer, "no-such-file.bin", 1428, new byte[32], store);
            Assert.AreEqual(FirmwareOutcome.DownloadFailed, outcome);
            Assert.AreEqual((int)TftpErrorCode.FileNotFound, transfer.ServerErrorCode);
            Assert.AreEqual("TFTP error 1: File not found", verifier.Detail);
        }

        [TestMethod]
        public void Download_AnnouncedSizeOverCapacity_NoSpaceBeforeAnyBlock()
        {
            using var peer = StartOrSkip();
            var image = ServeRandomFile(peer, out _);
            using var store = new FileFirmwareStore(Path.Combine(peer.Directory, "store"), capacity: 1024 * 1024 - 1);
            var (outcome, verifier, transfer) = Download(peer, FileName, 1428, SHA256.HashData(image), store);
            Assert.AreEqual(FirmwareOutcome.NoSpace, outcome);
            Assert.AreEqual(0, transfer.BytesReceived);
            StringAssert.StartsWith(verifier.Detail, "image is " + image.Length + " bytes");
        }
    }
}
