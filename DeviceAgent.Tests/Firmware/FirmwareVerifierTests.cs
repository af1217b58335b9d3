using System;
using DeviceAgent.Crypto;
using DeviceAgent.Firmware;
using DeviceAgent.Tests.Crypto;
using DeviceAgent.Tests.Fakes;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Firmware
{
    [TestClass]
    public class FirmwareVerifierTests
    {
        private static byte[] RandomImage(int length, int seed)
        {
            byte[] image = new byte[length];
            new Random(seed).NextBytes(image);
            return image;
        }

        private static FirmwareOutcome Feed(FirmwareVerifier verifier, byte[] image, int chunk)
        {
            Assert.IsTrue(verifier.Begin(image.Length));
            for (int offset = 0; offset < image.Length; offset += chunk)
            {
                int n = image.Length - offset < chunk ? image.Length - offset : chunk;
                Assert.IsTrue(verifier.Append(image, offset, n));
            }

            return verifier.End();
        }

        [TestMethod]
        public void End_ChunkSizesOneByteTo64K_CommitsIdenticalImage()
        {
            int seed = RandomSeed.Next();
            byte[] image = RandomImage(70001, seed);
            byte[] hash = Sha256.Compute(image, 0, image.Length);
            int[] chunks = { 1, 7, 63, 64, 65, 512, 1428, 4096, 65536 };
            for (int i = 0; i < chunks.Length; i++)
            {
                var store = new MemoryFirmwareStore(1 << 20);
                var verifier = new FirmwareVerifier(store, hash, 1 << 20);
                Assert.AreEqual((int)FirmwareOutcome.Success, (int)Feed(verifier, image, chunks[i]), "chunk " + chunks[i].ToString() + ": " + verifier.Detail);
                Assert.AreEqual(1, store.Commits);
                Assert.AreEqual(0, store.Aborts);
                Assert.AreEqual(image.Length, store.ExpectedSize);
                Assert.IsTrue(store.LargestWrite <= chunks[i]);
                CollectionAssert.AreEqual(image, store.Image());
                Assert.AreEqual(image.Length, verifier.BytesReceived);
                Assert.Contains(HashTestData.Hex(hash), verifier.Detail);
            }
        }

        [TestMethod]
        public void End_HashMismatch_AbortsAndNeverCommits()
        {
            byte[] image = RandomImage(5000, 1);
            byte[] hash = Sha256.Compute(image, 0, image.Length);
            image[4321] ^= 0x01;
            var store = new MemoryFirmwareStore(10000);
            var verifier = new FirmwareVerifier(store, hash, 10000);
            Assert.AreEqual((int)FirmwareOutcome.HashMismatch, (int)Feed(verifier, image, 1000));
            Assert.AreEqual(0, store.Commits);
            Assert.AreEqual(1, store.Aborts);
            Assert.IsFalse(store.IsOpen);
            Assert.Contains("expected " + HashTestData.Hex(hash), verifier.Detail);
            Assert.IsTrue(verifier.Detail.Length <= FirmwareVerifier.MaxDetailLength);
        }

        [TestMethod]
        public void Begin_DeclaredSizeOverLimit_NoSpaceWithoutTouchingStore()
        {
            var store = new MemoryFirmwareStore(4096);
            var verifier = new FirmwareVerifier(store, new byte[32], 1 << 20);
            Assert.AreEqual(4096, verifier.Limit);
            Assert.IsFalse(verifier.Begin(4097));
            Assert.IsTrue(verifier.IsFinished);
            Assert.AreEqual((int)FirmwareOutcome.NoSpace, (int)verifier.Outcome);
            Assert.AreEqual("image is 4097 bytes, room for 4096", verifier.Detail);
            Assert.AreEqual(0, store.Begins);
        }

        [TestMethod]
        public void Append_UnannouncedImageGrowsOverMaxSize_NoSpaceAndAborts()
        {
            var store = new MemoryFirmwareStore(1 << 20);
            var verifier = new FirmwareVerifier(store, new byte[32], 3000);
            byte[] chunk = new byte[1000];
            Assert.IsTrue(verifier.Begin(-1));
            Assert.AreEqual(-1, store.ExpectedSize);
            Assert.IsTrue(verifier.Append(chunk, 0, 1000));
            Assert.IsTrue(verifier.Append(chunk, 0, 1000));
            Assert.IsTrue(verifier.Append(chunk, 0, 1000));
            Assert.IsFalse(verifier.Append(chunk, 0, 1));
            Assert.AreEqual((int)FirmwareOutcome.NoSpace, (int)verifier.Outcome);
            Assert.AreEqual(3000, store.Length, "the byte over the limit was not written");
            Assert.AreEqual(1, store.Aborts);
            Assert.AreEqual(0, store.Commits);
            Assert.AreEqual((int)FirmwareOutcome.NoSpace, (int)verifier.End(), "later calls keep the outcome");
        }

        [TestMethod]
        public void End_FewerBytesThanAnnounced_DownloadFailed()
        {
            byte[] image = RandomImage(100, 2);
            var store = new MemoryFirmwareStore(1000);
            var verifier = new FirmwareVerifier(store, Sha256.Compute(image, 0, 100), 1000);
            Assert.IsTrue(verifier.Begin(200));
            Assert.IsTrue(verifier.Append(image, 0, 100));
            Assert.AreEqual((int)FirmwareOutcome.DownloadFailed, (int)verifier.End());
            Assert.AreEqual("received 100 of 200 bytes", verifier.Detail);
            Assert.AreEqual(0, store.Commits);
            Assert.AreEqual(1, store.Aborts);
        }

        [TestMethod]
        public void Append_StoreThrows_DownloadFailedAndAborted()
        {
            var store = new MemoryFirmwareStore(1000) { FailWriteAt = 150 };
            var verifier = new FirmwareVerifier(store, new byte[32], 1000);
            byte[] chunk = new byte[100];
            Assert.IsTrue(verifier.Begin(-1));
            Assert.IsTrue(verifier.Append(chunk, 0, 100));
            Assert.IsFalse(verifier.Append(chunk, 0, 100));
            Assert.AreEqual((int)FirmwareOutcome.DownloadFailed, (int)verifier.Outcome);
            Assert.AreEqual("flash: flash worn out", verifier.Detail);
            Assert.AreEqual(1, store.Aborts);
        }

        [TestMethod]
        public void Fail_TransportError_AbortsWithOneLineDetail()
        {
            var store = new MemoryFirmwareStore(1000);
            var verifier = new FirmwareVerifier(store, new byte[32], 1000);
            Assert.IsTrue(verifier.Begin(-1));
            Assert.AreEqual((int)FirmwareOutcome.DownloadFailed, (int)verifier.Fail("TFTP error 1:\r\nFile not found"));
            Assert.AreEqual("TFTP error 1:  File not found", verifier.Detail);
            Assert.AreEqual(1, store.Aborts);
            Assert.AreEqual(0, store.Commits);
            Assert.IsFalse(verifier.Append(new byte[1], 0, 1));
        }

        [TestMethod]
        public void Fail_LongDetail_CutTo200Characters()
        {
            var verifier = new FirmwareVerifier(new MemoryFirmwareStore(10), new byte[32], 10);
            verifier.Fail(new string('x', 500));
            Assert.AreEqual(FirmwareVerifier.MaxDetailLength, verifier.Detail.Length);
        }

        [TestMethod]
        public void Append_Progress_ReportedEveryStepAndAtEnd()
        {
            byte[] image = RandomImage(10000, 3);
            var verifier = new FirmwareVerifier(new MemoryFirmwareStore(10000), Sha256.Compute(image, 0, image.Length), 10000);
            verifier.ProgressStep = 4096;
            var reports = new System.Collections.ArrayList();
            int total = 0;
            verifier.Progress = (received, announced) =>
            {
                reports.Add(received);
                total = announced;
            };
            Assert.AreEqual((int)FirmwareOutcome.Success, (int)Feed(verifier, image, 1500));
            Assert.AreEqual(3, reports.Count);
            Assert.AreEqual(4500, (int)reports[0]);
            Assert.AreEqual(9000, (int)reports[1]);
            Assert.AreEqual(10000, (int)reports[2]);
            Assert.AreEqual(10000, total);
        }

        [TestMethod]
        public void Constructor_BadArguments_Throw()
        {
            var store = new MemoryFirmwareStore(10);
            Assert.ThrowsException(typeof(ArgumentNullException), () => new FirmwareVerifier(null, new byte[32], 1));
            Assert.ThrowsException(typeof(ArgumentException), () => new FirmwareVerifier(store, new byte[31], 1));
            Assert.ThrowsException(typeof(ArgumentException), () => new FirmwareVerifier(store, null, 1));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new FirmwareVerifier(store, new byte[32], -1));
            var verifier = new FirmwareVerifier(store, new byte[32], 1);
            Assert.ThrowsException(typeof(InvalidOperationException), () => verifier.Append(new byte[1], 0, 1));
            verifier.Begin(-1);
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => verifier.Append(new byte[1], 1, 1));
        }
    }
}
