using System;
using DeviceAgent.Tests.Fakes;
using DeviceAgent.Tftp;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Tftp
{
    // A scripted server: each test feeds the packets a server would send and checks what the client answers.
    // RFC 1350 sections 4 (TIDs, ERROR 5), 6 (short block ends); RFC 2347 (OACK, ACK 0, ERROR 8); RFC 2348 (blksize);
    // RFC 2349 (tsize); RFC 1123 section 4.2.3.1 (Sorcerer's Apprentice).
    [TestClass]
    public class TftpReadTransferTests
    {
        private const uint Server = 0x0A000005;
        private const int Tid = 40000;

        private readonly byte[] _packet = new byte[2000];
        private readonly TftpPacket _sent = new TftpPacket();

        private static TftpReadTransfer NewTransfer(ManualClock clock)
        {
            return new TftpReadTransfer(clock, Server, "phone.bin") { RequestedBlockSize = 1024, TimeoutMilliseconds = 1000, MaxRetries = 3 };
        }

        private int Data(int block, int count)
        {
            byte[] payload = new byte[count];
            for (int i = 0; i < count; i++)
            {
                payload[i] = (byte)(block + i);
            }

            return TftpPacketWriter.WriteData(_packet, 0, block, payload, 0, count);
        }

        private int Deliver(TftpReadTransfer transfer, int length, int port)
        {
            return transfer.HandlePacket(_packet, 0, length, Server, port);
        }

        private void AssertSent(TftpReadTransfer transfer, int length, TftpOpcode opcode, int blockOrCode, int port)
        {
            Assert.IsTrue(length > 0, "nothing sent");
            _sent.Read(transfer.Output, 0, length);
            Assert.AreEqual((int)opcode, (int)_sent.Opcode);
            Assert.AreEqual(blockOrCode, opcode == TftpOpcode.Error ? _sent.ErrorCode : _sent.Block);
            Assert.AreEqual(port, transfer.OutputPort);
        }

        private TftpReadTransfer Negotiated(ManualClock clock)
        {
            var transfer = NewTransfer(clock);
            transfer.Start();
            int n = TftpPacketWriter.WriteOptionAck(_packet, 0, 1024, 2500);
            AssertSent(transfer, Deliver(transfer, n, Tid), TftpOpcode.Ack, 0, Tid);
            return transfer;
        }

        [TestMethod]
        public void Start_WritesRrqWithOptionsToPort69()
        {
            var transfer = NewTransfer(new ManualClock());
            int n = transfer.Start();
            _sent.Read(transfer.Output, 0, n);
            Assert.AreEqual((int)TftpOpcode.ReadRequest, (int)_sent.Opcode);
            Assert.AreEqual("phone.bin", _sent.FileName);
            Assert.AreEqual(1024, _sent.BlockSize);
            Assert.AreEqual(0, _sent.TransferSize);
            Assert.AreEqual(Server, transfer.OutputAddress);
            Assert.AreEqual(69, transfer.OutputPort);
            Assert.AreEqual((int)TftpTransferState.Requesting, (int)transfer.State);
            Assert.AreEqual(1024 + 5, transfer.ReceiveBufferSize);
        }

        [TestMethod]
        public void HandlePacket_OackThenBlocks_NegotiatedSizeShortBlockEnds()
        {
            var clock = new ManualClock();
            var transfer = Negotiated(clock);
            Assert.AreEqual(1024, transfer.BlockSize);
            Assert.AreEqual(2500, transfer.TransferSize);
            AssertSent(transfer, Deliver(transfer, Data(1, 1024), Tid), TftpOpcode.Ack, 1, Tid);
            Assert.IsTrue(transfer.HasData);
            Assert.AreEqual(4, transfer.DataOffset);
            Assert.AreEqual(1024, transfer.DataCount);
            AssertSent(transfer, Deliver(transfer, Data(2, 1024), Tid), TftpOpcode.Ack, 2, Tid);
            Assert.AreEqual((int)TftpTransferState.Receiving, (int)transfer.State);
            AssertSent(transfer, Deliver(transfer, Data(3, 452), Tid), TftpOpcode.Ack, 3, Tid);
            Assert.AreEqual(452, transfer.DataCount);
            Assert.AreEqual((int)TftpTransferState.Complete, (int)transfer.State);
            Assert.AreEqual(2500, transfer.BytesReceived);
            Assert.AreEqual(long.MaxValue, transfer.Deadline);
        }

        [TestMethod]
        public void HandlePacket_NoOack_ServerIgnoredOptionsBlockSize512()
        {
            var transfer = NewTransfer(new ManualClock());
            transfer.Start();
            AssertSent(transfer, Deliver(transfer, Data(1, 512), Tid), TftpOpcode.Ack, 1, Tid);
            Assert.AreEqual(512, transfer.BlockSize);
            Assert.AreEqual(-1, transfer.TransferSize);
            Assert.AreEqual((int)TftpTransferState.Receiving, (int)transfer.State, "a full 512 block is not the last");
            AssertSent(transfer, Deliver(transfer, Data(2, 0), Tid), TftpOpcode.Ack, 2, Tid);
            Assert.AreEqual((int)TftpTransferState.Complete, (int)transfer.State, "empty block ends an exact multiple");
        }

        [TestMethod]
        public void HandlePacket_DuplicateData_ReAckedOnceNotDeliveredTimerNotRestarted()
        {
            var clock = new ManualClock();
            var transfer = Negotiated(clock);
            Deliver(transfer, Data(1, 1024), Tid);
            long deadline = transfer.Deadline;
            clock.Advance(600);

            // Our ACK 1 was lost; the server sends block 1 again.
            AssertSent(transfer, Deliver(transfer, Data(1, 1024), Tid), TftpOpcode.Ack, 1, Tid);
            Assert.IsFalse(transfer.HasData);
            Assert.AreEqual(1, transfer.Duplicates);
            Assert.AreEqual(1024, transfer.BytesReceived);
            Assert.AreEqual(deadline, transfer.Deadline);

            // Older blocks are stale and answered with nothing.
            Deliver(transfer, Data(2, 1024), Tid);
            Assert.AreEqual(0, Deliver(transfer, Data(1, 1024), Tid));
            Assert.AreEqual(0, Deliver(transfer, Data(7, 1024), Tid), "a block from the future is ignored");
            Assert.AreEqual(2048, transfer.BytesReceived);
        }

        [TestMethod]
        public void HandlePacket_DuplicateOack_ReAcksZero()
        {
            var transfer = Negotiated(new ManualClock());
            int n = TftpPacketWriter.WriteOptionAck(_packet, 0, 1024, 2500);
            AssertSent(transfer, Deliver(transfer, n, Tid), TftpOpcode.Ack, 0, Tid);
            Deliver(transfer, Data(1, 1024), Tid);
            n = TftpPacketWriter.WriteOptionAck(_packet, 0, 1024, 2500);
            Assert.AreEqual(0, Deliver(transfer, n, Tid), "after block 1 an OACK is stale");
        }

        [TestMethod]
        public void HandleTimeout_LostDataRetransmitsAckThenFails()
        {
            var clock = new ManualClock();
            var transfer = Negotiated(clock);
            Deliver(transfer, Data(1, 1024), Tid);
            Assert.AreEqual(0, transfer.HandleTimeout(), "not due yet");
            for (int i = 1; i <= 3; i++)
            {
                clock.MonotonicMilliseconds = transfer.Deadline;
                AssertSent(transfer, transfer.HandleTimeout(), TftpOpcode.Ack, 1, Tid);
                Assert.AreEqual(i, transfer.Retransmissions);
            }

            clock.MonotonicMilliseconds = transfer.Deadline;
            Assert.AreEqual(0, transfer.HandleTimeout());
            Assert.AreEqual((int)TftpTransferState.Failed, (int)transfer.State);
            Assert.AreEqual("timed out waiting for block 2 after 3 retransmissions", transfer.Detail);
            Assert.AreEqual(-1, transfer.ServerErrorCode);
        }

        [TestMethod]
        public void HandleTimeout_RetransmissionThenDataResetsRetryCount()
        {
            var clock = new ManualClock();
            var transfer = NewTransfer(clock);
            transfer.Start();
            clock.MonotonicMilliseconds = transfer.Deadline;
            int n = transfer.HandleTimeout();
            _sent.Read(transfer.Output, 0, n);
            Assert.AreEqual((int)TftpOpcode.ReadRequest, (int)_sent.Opcode, "the RRQ is sent again");
            Assert.AreEqual(69, transfer.OutputPort);
            n = TftpPacketWriter.WriteOptionAck(_packet, 0, 1024, -1);
            Deliver(transfer, n, Tid);
            for (int block = 1; block <= 5; block++)
            {
                clock.MonotonicMilliseconds = transfer.Deadline;
                AssertSent(transfer, transfer.HandleTimeout(), TftpOpcode.Ack, block - 1, Tid);
                Deliver(transfer, Data(block, 1024), Tid);
            }

            Assert.AreEqual((int)TftpTransferState.Receiving, (int)transfer.State, "retries count in a row only");
            Assert.AreEqual(6, transfer.Retransmissions);
        }

        [TestMethod]
        public void HandlePacket_WrongTid_Error5ToStrangerTransferContinues()
        {
            var transfer = Negotiated(new ManualClock());
            int n = transfer.HandlePacket(_packet, 0, Data(1, 1024), Server, Tid + 1);
            AssertSent(transfer, n, TftpOpcode.Error, 5, Tid + 1);
            Assert.IsFalse(transfer.HasData);
            n = transfer.HandlePacket(_packet, 0, Data(1, 1024), 0x0A000006, Tid);
            AssertSent(transfer, n, TftpOpcode.Error, 5, Tid);
            Assert.AreEqual(0x0A000006u, transfer.OutputAddress);
            Assert.AreEqual((int)TftpTransferState.Receiving, (int)transfer.State);
            AssertSent(transfer, Deliver(transfer, Data(1, 1024), Tid), TftpOpcode.Ack, 1, Tid);
            Assert.IsTrue(transfer.HasData);
        }

        [TestMethod]
        public void HandlePacket_ServerError_FailsWithReason()
        {
            var transfer = NewTransfer(new ManualClock());
            transfer.Start();
            int n = TftpPacketWriter.WriteError(_packet, 0, 1, "File not found");
            Assert.AreEqual(0, Deliver(transfer, n, Tid), "an ERROR is never answered");
            Assert.AreEqual((int)TftpTransferState.Failed, (int)transfer.State);
            Assert.AreEqual("TFTP error 1: File not found", transfer.Detail);
            Assert.AreEqual(1, transfer.ServerErrorCode);
            Assert.AreEqual(0, Deliver(transfer, Data(1, 10), Tid), "nothing after the end");
        }

        [TestMethod]
        public void HandlePacket_Error8ToOptions_AsksAgainWithoutOptions()
        {
            var transfer = NewTransfer(new ManualClock());
            transfer.Start();
            int n = Deliver(transfer, TftpPacketWriter.WriteError(_packet, 0, 8, "no options"), Tid);
            _sent.Read(transfer.Output, 0, n);
            Assert.AreEqual((int)TftpOpcode.ReadRequest, (int)_sent.Opcode);
            Assert.AreEqual(-1, _sent.BlockSize);
            Assert.AreEqual(-1, _sent.TransferSize);
            Assert.AreEqual(69, transfer.OutputPort);
            AssertSent(transfer, Deliver(transfer, Data(1, 100), Tid + 7), TftpOpcode.Ack, 1, Tid + 7);
            Assert.AreEqual((int)TftpTransferState.Complete, (int)transfer.State);

            transfer = NewTransfer(new ManualClock());
            transfer.Start();
            Deliver(transfer, TftpPacketWriter.WriteError(_packet, 0, 8, "no"), Tid);
            Deliver(transfer, TftpPacketWriter.WriteError(_packet, 0, 8, "no"), Tid);
            Assert.AreEqual((int)TftpTransferState.Failed, (int)transfer.State, "only one retry without options");
        }

        [TestMethod]
        public void HandlePacket_OackRaisesBlockSizeOrUnrequestedOption_Error8()
        {
            var transfer = NewTransfer(new ManualClock());
            transfer.Start();
            AssertSent(transfer, Deliver(transfer, TftpPacketWriter.WriteOptionAck(_packet, 0, 2048, -1), Tid), TftpOpcode.Error, 8, Tid);
            Assert.AreEqual((int)TftpTransferState.Failed, (int)transfer.State);

            transfer = new TftpReadTransfer(new ManualClock(), Server, "x") { RequestedBlockSize = 512, RequestTransferSize = false };
            int n = transfer.Start();
            _sent.Read(transfer.Output, 0, n);
            Assert.AreEqual(-1, _sent.BlockSize, "512 is the default and is not asked for");
            AssertSent(transfer, Deliver(transfer, TftpPacketWriter.WriteOptionAck(_packet, 0, -1, 10), Tid), TftpOpcode.Error, 8, Tid);
        }

        [TestMethod]
        public void HandlePacket_OackWithoutBlksize_Uses512()
        {
            var transfer = NewTransfer(new ManualClock());
            transfer.Start();
            Deliver(transfer, TftpPacketWriter.WriteOptionAck(_packet, 0, -1, 700), Tid);
            Assert.AreEqual(512, transfer.BlockSize);
            Assert.AreEqual(700, transfer.TransferSize);
        }

        [TestMethod]
        public void HandlePacket_OversizedBlock_Error4AndFails()
        {
            var transfer = Negotiated(new ManualClock());
            AssertSent(transfer, Deliver(transfer, Data(1, 1025), Tid), TftpOpcode.Error, 4, Tid);
            Assert.AreEqual((int)TftpTransferState.Failed, (int)transfer.State);
            Assert.AreEqual("block 1 has 1025 bytes, block size is 1024", transfer.Detail);
        }

        [TestMethod]
        public void HandlePacket_MalformedOrUnexpected_Error4AndFails()
        {
            var transfer = Negotiated(new ManualClock());
            _packet[0] = 0;
            _packet[1] = 3;
            _packet[2] = 0;
            AssertSent(transfer, Deliver(transfer, 3, Tid), TftpOpcode.Error, 4, Tid);
            Assert.StartsWith("malformed packet: TFTP block", transfer.Detail);

            transfer = Negotiated(new ManualClock());
            AssertSent(transfer, Deliver(transfer, TftpPacketWriter.WriteAck(_packet, 0, 1), Tid), TftpOpcode.Error, 4, Tid);
            Assert.AreEqual("unexpected ACK from server", transfer.Detail);
        }

        [TestMethod]
        public void HandlePacket_LastAckLost_ReAckedAfterComplete()
        {
            var transfer = Negotiated(new ManualClock());
            Deliver(transfer, Data(1, 10), Tid);
            Assert.AreEqual((int)TftpTransferState.Complete, (int)transfer.State);
            AssertSent(transfer, Deliver(transfer, Data(1, 10), Tid), TftpOpcode.Ack, 1, Tid);
            Assert.IsFalse(transfer.HasData);
        }

        [TestMethod]
        public void HandlePacket_BlockNumbersWrapAfter65535()
        {
            var clock = new ManualClock();
            var transfer = new TftpReadTransfer(clock, Server, "big") { RequestedBlockSize = 8, RequestTransferSize = false };
            transfer.Start();
            Deliver(transfer, TftpPacketWriter.WriteOptionAck(_packet, 0, 8, -1), Tid);
            byte[] payload = new byte[8];
            for (int i = 1; i <= 65540; i++)
            {
                int n = TftpPacketWriter.WriteData(_packet, 0, i & 0xFFFF, payload, 0, 8);
                Assert.IsTrue(Deliver(transfer, n, Tid) == 4 && transfer.HasData, "block " + i.ToString());
            }

            Assert.AreEqual(65540 * 8, transfer.BytesReceived);
            Deliver(transfer, TftpPacketWriter.WriteData(_packet, 0, 65541 & 0xFFFF, payload, 0, 0), Tid);
            Assert.AreEqual((int)TftpTransferState.Complete, (int)transfer.State);
        }

        [TestMethod]
        public void Cancel_AfterServerAnswered_SendsErrorToTid()
        {
            var transfer = Negotiated(new ManualClock());
            AssertSent(transfer, transfer.Cancel(TftpErrorCode.DiskFull, "no room"), TftpOpcode.Error, 3, Tid);
            Assert.AreEqual("no room", _sent.ErrorMessage);
            Assert.AreEqual((int)TftpTransferState.Failed, (int)transfer.State);

            transfer = NewTransfer(new ManualClock());
            transfer.Start();
            Assert.AreEqual(0, transfer.Cancel(TftpErrorCode.NotDefined, "bye"), "no TID to tell yet");
            Assert.AreEqual((int)TftpTransferState.Failed, (int)transfer.State);
        }

        [TestMethod]
        public void Start_BadSettings_Throw()
        {
            Assert.ThrowsException(typeof(ArgumentException), () => new TftpReadTransfer(new ManualClock(), Server, ""));
            Assert.ThrowsException(typeof(ArgumentNullException), () => new TftpReadTransfer(null, Server, "a"));
            var transfer = new TftpReadTransfer(new ManualClock(), Server, "a") { RequestedBlockSize = 4 };
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => transfer.Start());
            transfer = new TftpReadTransfer(new ManualClock(), Server, "a");
            transfer.Start();
            Assert.ThrowsException(typeof(InvalidOperationException), () => transfer.Start());
        }
    }
}
