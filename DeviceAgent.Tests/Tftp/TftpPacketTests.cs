using System;
using DeviceAgent.Tftp;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Tftp
{
    // Packet layouts: RFC 1350 section 5 (RRQ, DATA, ACK, ERROR), RFC 2347 section 2-3 (options, OACK),
    // RFC 2348 (blksize 8..65464), RFC 2349 (tsize, timeout 1..255).
    [TestClass]
    public class TftpPacketTests
    {
        private static byte[] Bytes(params int[] values)
        {
            byte[] bytes = new byte[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                bytes[i] = (byte)values[i];
            }

            return bytes;
        }

        private static byte[] Text(int opcode, string nulSeparated)
        {
            byte[] bytes = new byte[2 + nulSeparated.Length];
            bytes[1] = (byte)opcode;
            for (int i = 0; i < nulSeparated.Length; i++)
            {
                bytes[2 + i] = nulSeparated[i] == '|' ? (byte)0 : (byte)nulSeparated[i];
            }

            return bytes;
        }

        private static TftpFormatException Malformed(byte[] packet, int offset, int count)
        {
            try
            {
                new TftpPacket().Read(packet, offset, count);
            }
            catch (TftpFormatException e)
            {
                return e;
            }

            Assert.IsTrue(false, "no TftpFormatException");
            return null;
        }

        [TestMethod]
        public void WriteReadRequest_WithOptions_ExactBytesAndRoundTrip()
        {
            byte[] buffer = new byte[100];
            int n = TftpPacketWriter.WriteReadRequest(buffer, 3, "fw/phone.bin", 1428, true);
            byte[] expected = Text(1, "fw/phone.bin|octet|blksize|1428|tsize|0|");
            Assert.AreEqual(expected.Length, n);
            for (int i = 0; i < n; i++)
            {
                Assert.AreEqual(expected[i], buffer[3 + i], "byte " + i.ToString());
            }

            var packet = new TftpPacket();
            packet.Read(buffer, 3, n);
            Assert.AreEqual((int)TftpOpcode.ReadRequest, (int)packet.Opcode);
            Assert.AreEqual("fw/phone.bin", packet.FileName);
            Assert.AreEqual("octet", packet.Mode);
            Assert.AreEqual(1428, packet.BlockSize);
            Assert.AreEqual(0, packet.TransferSize);
            Assert.AreEqual(-1, packet.TimeoutSeconds);
            Assert.IsFalse(packet.HasUnknownOption);
        }

        [TestMethod]
        public void WriteReadRequest_NoOptions_PlainRfc1350()
        {
            byte[] buffer = new byte[64];
            int n = TftpPacketWriter.WriteReadRequest(buffer, 0, "a", -1, false);
            Assert.AreEqual(Text(1, "a|octet|").Length, n);
            var packet = new TftpPacket();
            packet.Read(buffer, 0, n);
            Assert.AreEqual(-1, packet.BlockSize);
            Assert.AreEqual(-1, packet.TransferSize);
        }

        [TestMethod]
        public void WriteReadRequest_BadArguments_Throw()
        {
            byte[] buffer = new byte[64];
            Assert.ThrowsException(typeof(ArgumentException), () => TftpPacketWriter.WriteReadRequest(buffer, 0, "", -1, false));
            Assert.ThrowsException(typeof(ArgumentException), () => TftpPacketWriter.WriteReadRequest(buffer, 0, "caf\u00e9", -1, false));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => TftpPacketWriter.WriteReadRequest(buffer, 0, "a", 7, false));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => TftpPacketWriter.WriteReadRequest(buffer, 0, "a", 65465, false));
            Assert.ThrowsException(typeof(ArgumentException), () => TftpPacketWriter.WriteReadRequest(buffer, 0, new string('x', 60), 1428, true));
        }

        [TestMethod]
        public void WriteData_RoundTrip_PayloadInPlace()
        {
            byte[] payload = { 9, 8, 7, 6, 5 };
            byte[] buffer = new byte[20];
            int n = TftpPacketWriter.WriteData(buffer, 2, 65535, payload, 1, 3);
            Assert.AreEqual(7, n);
            CollectionAssert.AreEqual(Bytes(0, 3, 0xFF, 0xFF, 8, 7, 6), Slice(buffer, 2, n));
            var packet = new TftpPacket();
            packet.Read(buffer, 2, n);
            Assert.AreEqual((int)TftpOpcode.Data, (int)packet.Opcode);
            Assert.AreEqual(65535, packet.Block);
            Assert.AreEqual(6, packet.DataOffset);
            Assert.AreEqual(3, packet.DataCount);
        }

        [TestMethod]
        public void Read_EmptyData_LastBlockOfZeroBytes()
        {
            var packet = new TftpPacket();
            packet.Read(Bytes(0, 3, 0, 7), 0, 4);
            Assert.AreEqual(7, packet.Block);
            Assert.AreEqual(0, packet.DataCount);
        }

        [TestMethod]
        public void WriteAck_RoundTrip()
        {
            byte[] buffer = new byte[4];
            Assert.AreEqual(4, TftpPacketWriter.WriteAck(buffer, 0, 0x1234));
            CollectionAssert.AreEqual(Bytes(0, 4, 0x12, 0x34), buffer);
            var packet = new TftpPacket();
            packet.Read(buffer, 0, 4);
            Assert.AreEqual((int)TftpOpcode.Ack, (int)packet.Opcode);
            Assert.AreEqual(0x1234, packet.Block);
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => TftpPacketWriter.WriteAck(buffer, 0, 65536));
            Assert.ThrowsException(typeof(ArgumentException), () => TftpPacketWriter.WriteAck(buffer, 1, 1));
        }

        [TestMethod]
        public void WriteError_RoundTrip_NonAsciiReplaced()
        {
            byte[] buffer = new byte[64];
            int n = TftpPacketWriter.WriteError(buffer, 0, 3, "Disk full \u00fc");
            CollectionAssert.AreEqual(Text(5, "\0\u0003Disk full ?|"), Slice(buffer, 0, n));
            var packet = new TftpPacket();
            packet.Read(buffer, 0, n);
            Assert.AreEqual((int)TftpOpcode.Error, (int)packet.Opcode);
            Assert.AreEqual(3, packet.ErrorCode);
            Assert.AreEqual("Disk full ?", packet.ErrorMessage);
        }

        [TestMethod]
        public void Read_ErrorWithoutTerminatorOrMessage_Accepted()
        {
            var packet = new TftpPacket();
            packet.Read(Text(5, "\0\u0001Nope"), 0, 8);
            Assert.AreEqual(1, packet.ErrorCode);
            Assert.AreEqual("Nope", packet.ErrorMessage);
            packet.Read(Bytes(0, 5, 0, 2), 0, 4);
            Assert.AreEqual("", packet.ErrorMessage);
        }

        [TestMethod]
        public void WriteOptionAck_RoundTrip()
        {
            byte[] buffer = new byte[64];
            int n = TftpPacketWriter.WriteOptionAck(buffer, 0, 1024, 2097152);
            CollectionAssert.AreEqual(Text(6, "blksize|1024|tsize|2097152|"), Slice(buffer, 0, n));
            var packet = new TftpPacket();
            packet.Read(buffer, 0, n);
            Assert.AreEqual((int)TftpOpcode.OptionAck, (int)packet.Opcode);
            Assert.AreEqual(1024, packet.BlockSize);
            Assert.AreEqual(2097152, packet.TransferSize);
            n = TftpPacketWriter.WriteOptionAck(buffer, 0, -1, -1);
            Assert.AreEqual(2, n);
            packet.Read(buffer, 0, n);
            Assert.AreEqual(-1, packet.BlockSize);
        }

        [TestMethod]
        public void Read_OptionNamesCaseInsensitive_UnknownFlagged()
        {
            var packet = new TftpPacket();
            byte[] oack = Text(6, "BLKSIZE|512|TSize|10|timeout|5|windowsize|4|");
            packet.Read(oack, 0, oack.Length);
            Assert.AreEqual(512, packet.BlockSize);
            Assert.AreEqual(10, packet.TransferSize);
            Assert.AreEqual(5, packet.TimeoutSeconds);
            Assert.IsTrue(packet.HasUnknownOption);
        }

        [TestMethod]
        public void Read_TruncatedPackets_NameFieldAndOffset()
        {
            TftpFormatException e = Malformed(Bytes(0), 0, 1);
            Assert.AreEqual("opcode", e.Field);
            Assert.AreEqual(1, e.Offset);
            e = Malformed(Bytes(0, 3, 0), 0, 3);
            Assert.AreEqual("block", e.Field);
            Assert.AreEqual(3, e.Offset);
            e = Malformed(Bytes(0, 4, 1), 0, 3);
            Assert.AreEqual("block", e.Field);
            e = Malformed(Bytes(9, 9, 0, 5, 0), 2, 3);
            Assert.AreEqual("error code", e.Field);
            Assert.AreEqual(5, e.Offset);
            byte[] rrq = Text(1, "file|oct");
            e = Malformed(rrq, 0, rrq.Length);
            Assert.AreEqual("mode", e.Field);
            Assert.AreEqual(rrq.Length, e.Offset);
            byte[] oack = Text(6, "blksize|1024");
            e = Malformed(oack, 0, oack.Length);
            Assert.AreEqual("option value", e.Field);
            oack = Text(6, "blksize");
            e = Malformed(oack, 0, oack.Length);
            Assert.AreEqual("option name", e.Field);
            Assert.Contains("not NUL-terminated", e.Message);
        }

        [TestMethod]
        public void Read_MalformedPackets_NameFieldAndOffset()
        {
            TftpFormatException e = Malformed(Bytes(0, 7, 0, 0), 0, 4);
            Assert.AreEqual("opcode", e.Field);
            Assert.AreEqual("unknown opcode 7", e.Reason);
            e = Malformed(Bytes(0, 0), 0, 2);
            Assert.AreEqual("opcode", e.Field);
            byte[] oack = Text(6, "blksize|12x4|");
            e = Malformed(oack, 0, oack.Length);
            Assert.AreEqual("option blksize", e.Field);
            Assert.AreEqual(12, e.Offset);
            Assert.AreEqual("TFTP option blksize at offset 12: not a decimal number", e.Message);
            oack = Text(6, "blksize|7|");
            Assert.AreEqual("out of range 8..65464", Malformed(oack, 0, oack.Length).Reason);
            oack = Text(6, "blksize|65465|");
            Assert.AreEqual("out of range 8..65464", Malformed(oack, 0, oack.Length).Reason);
            oack = Text(6, "tsize|99999999999|");
            Assert.AreEqual("too large", Malformed(oack, 0, oack.Length).Reason);
            oack = Text(6, "tsize||");
            Assert.AreEqual("empty", Malformed(oack, 0, oack.Length).Reason);
            oack = Text(6, "timeout|0|");
            Assert.AreEqual("option timeout", Malformed(oack, 0, oack.Length).Field);
            oack = Text(6, "|5|");
            Assert.AreEqual("option name", Malformed(oack, 0, oack.Length).Field);
            byte[] rrq = Text(1, "|octet|");
            Assert.AreEqual("filename", Malformed(rrq, 0, rrq.Length).Field);
        }

        [TestMethod]
        public void Read_ReusedInstance_ClearsPreviousFields()
        {
            var packet = new TftpPacket();
            byte[] oack = Text(6, "blksize|1024|tsize|5|");
            packet.Read(oack, 0, oack.Length);
            packet.Read(Bytes(0, 4, 0, 1), 0, 4);
            Assert.AreEqual(-1, packet.BlockSize);
            Assert.AreEqual(-1, packet.TransferSize);
            Assert.IsNull(packet.ErrorMessage);
        }

        private static byte[] Slice(byte[] buffer, int offset, int count)
        {
            byte[] slice = new byte[count];
            Array.Copy(buffer, offset, slice, 0, count);
            return slice;
        }
    }
}
