using System;
using DeviceAgent.Crypto;
using DeviceAgent.Firmware;
using DeviceAgent.Hal;
using DeviceAgent.Tests.Fakes;
using DeviceAgent.Tftp;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceAgent.Tests.Tftp
{
    /// <summary>
    /// What a TFTP firmware download costs in RAM, measured on the desktop with a server and a store that allocate
    /// nothing themselves, so every byte counted is the agent's: it must not grow with the image.
    /// </summary>
    [TestClass]
    public class TftpAllocationTests
    {
        /// <summary>Answers each ACK with the next block, written straight into the client's receive buffer.</summary>
        private sealed class NonAllocatingServer : IUdpSocket
        {
            private readonly byte[] image;
            private readonly int blockSize;
            private int next;

            public NonAllocatingServer(byte[] image, int blockSize)
            {
                this.image = image;
                this.blockSize = blockSize;
            }

            public void Send(byte[] buffer, int offset, int count, uint address, int port)
            {
                next = buffer[offset + 1] == (byte)TftpOpcode.Ack ? (buffer[offset + 2] << 8 | buffer[offset + 3]) + 1 : -1;
            }

            public int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds, out uint address, out int port)
            {
                address = 0x7F000001;
                port = 50000;
                if (next <= 0)
                {
                    // The RRQ: acknowledge the options (512 is the default, which the client does not ask for).
                    next = 0;
                    return TftpPacketWriter.WriteOptionAck(buffer, offset, blockSize == 512 ? -1 : blockSize, image.Length);
                }

                int start = (next - 1) * blockSize;
                int n = Math.Min(blockSize, image.Length - start);
                return TftpPacketWriter.WriteData(buffer, offset, next & 0xFFFF, image, start, n);
            }

            public void Dispose()
            {
            }
        }

        private sealed class NullStore : IFirmwareStore
        {
            public int Capacity => int.MaxValue;

            public void Begin(int expectedSize)
            {
            }

            public void Write(byte[] buffer, int offset, int count)
            {
            }

            public void Commit()
            {
            }

            public void Abort()
            {
            }
        }

        [TestMethod]
        [DataRow(512)]
        [DataRow(1428)]
        public void Install_ThreeMegabytes_AllocatesUnder8KB(int blockSize)
        {
            var image = new byte[3 * 1024 * 1024 + 77];
            new Random(blockSize).NextBytes(image);
            var hash = Sha256.Compute(image, 0, image.Length);
            var clock = new ManualClock();
            var buffer = new byte[1024];

            // Everything the agent keeps for the download, created inside the measurement.
            long before = GC.GetAllocatedBytesForCurrentThread();
            var transfer = new TftpReadTransfer(clock, 0x7F000001, "fw.bin") { RequestedBlockSize = blockSize };
            var verifier = new FirmwareVerifier(new NullStore(), hash, int.MaxValue);
            var outcome = FirmwareUpdate.Install(new TftpFirmwareSource(new NonAllocatingServer(image, blockSize), clock, transfer), verifier, buffer);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Console.WriteLine($"blksize {blockSize}: {image.Length} bytes downloaded, {allocated} bytes allocated (plus the {buffer.Length}-byte copy buffer)");
            Assert.AreEqual(FirmwareOutcome.Success, outcome, verifier.Detail);
            Assert.IsTrue(allocated < 8192, allocated + " bytes allocated");
        }
    }
}
