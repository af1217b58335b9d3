using System;
using System.Collections;
using DeviceAgent.Hal;
using DeviceAgent.Tests.Fakes;
using DeviceAgent.Tftp;

namespace DeviceAgent.Tests.Tftp
{
    /// <summary>
    /// An in-process TFTP server behind an <see cref="IUdpSocket"/>: what the client sends is answered at once into a
    /// queue that Receive hands out; an empty queue moves the clock by the wait, as if the time ran out. Knobs make it
    /// lose packets, ignore options or inject a stranger's packet.
    /// </summary>
    public sealed class FakeTftpServer : IUdpSocket
    {
        public const uint Address = 0x7F000002;
        public const int Tid = 41000;

        private readonly ManualClock _clock;
        private readonly byte[] _file;
        private readonly string _fileName;
        private readonly Queue _queue = new Queue();
        private readonly TftpPacket _packet = new TftpPacket();
        private readonly byte[] _scratch = new byte[70000];
        private int _blockSize = 512;
        private int _lastSent = -1;

        public FakeTftpServer(ManualClock clock, byte[] file, string fileName)
        {
            _clock = clock;
            _file = file;
            _fileName = fileName;
        }

        /// <summary>Answer options with an OACK; when false the server behaves as RFC 1350 only.</summary>
        public bool HonourOptions { get; set; } = true;

        /// <summary>Largest block size granted.</summary>
        public int MaxBlockSize { get; set; } = 1468;

        /// <summary>The client's first ACK of this block is lost; the server then sends the block again.</summary>
        public int LoseAckOf { get; set; } = -1;

        /// <summary>Before this block, a packet from another port arrives.</summary>
        public int StrangerBefore { get; set; } = -1;

        public int ClientAcks { get; private set; }

        public int StrangerErrors { get; private set; }

        /// <summary>Code of the ERROR the client sent to the transfer port, or -1.</summary>
        public int ClientError { get; private set; } = -1;

        public void Send(byte[] buffer, int offset, int count, uint address, int port)
        {
            _packet.Read(buffer, offset, count);
            if (port == Tid + 1)
            {
                StrangerErrors += _packet.Opcode == TftpOpcode.Error && _packet.ErrorCode == 5 ? 1 : 0;
                return;
            }

            switch (_packet.Opcode)
            {
                case TftpOpcode.ReadRequest:
                    if (_packet.FileName != _fileName)
                    {
                        Enqueue(TftpPacketWriter.WriteError(_scratch, 0, 1, "File not found"), Tid);
                    }
                    else if (HonourOptions && (_packet.BlockSize != -1 || _packet.TransferSize != -1))
                    {
                        _blockSize = _packet.BlockSize == -1 ? 512 : (_packet.BlockSize < MaxBlockSize ? _packet.BlockSize : MaxBlockSize);
                        Enqueue(TftpPacketWriter.WriteOptionAck(_scratch, 0, _packet.BlockSize == -1 ? -1 : _blockSize,
                            _packet.TransferSize == -1 ? -1 : _file.Length), Tid);
                    }
                    else
                    {
                        _blockSize = 512;
                        SendBlock(1);
                    }

                    break;
                case TftpOpcode.Ack:
                    ClientAcks++;
                    if (_packet.Block == LoseAckOf)
                    {
                        LoseAckOf = -1;
                        SendBlock(_packet.Block);
                    }
                    else if (_packet.Block == _lastSent || (_lastSent == -1 && _packet.Block == 0))
                    {
                        SendBlock(_packet.Block + 1);
                    }

                    break;
                case TftpOpcode.Error:
                    ClientError = _packet.ErrorCode;
                    break;
            }
        }

        public int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds, out uint address, out int port)
        {
            address = Address;
            if (_queue.Count == 0)
            {
                _clock.Advance(timeoutMilliseconds);
                port = 0;
                return -1;
            }

            object[] item = (object[])_queue.Dequeue();
            byte[] packet = (byte[])item[0];
            port = (int)item[1];
            int n = packet.Length < count ? packet.Length : count;
            Array.Copy(packet, 0, buffer, offset, n);
            return n;
        }

        public void Dispose()
        {
        }

        private void SendBlock(int block)
        {
            int start = (block - 1) * _blockSize;
            if (start > _file.Length)
            {
                return;
            }

            if (block == StrangerBefore)
            {
                StrangerBefore = -1;
                Enqueue(TftpPacketWriter.WriteData(_scratch, 0, block, new byte[1], 0, 1), Tid + 1);
            }

            int n = _file.Length - start < _blockSize ? _file.Length - start : _blockSize;
            _lastSent = block;
            Enqueue(TftpPacketWriter.WriteData(_scratch, 0, block, _file, start, n), Tid);
        }

        private void Enqueue(int length, int port)
        {
            byte[] packet = new byte[length];
            Array.Copy(_scratch, packet, length);
            _queue.Enqueue(new object[] { packet, port });
        }
    }
}
