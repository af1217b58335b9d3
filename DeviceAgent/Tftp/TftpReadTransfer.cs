using System;
using DeviceAgent.Hal;

namespace DeviceAgent.Tftp
{
    /// <summary>
    /// Sans-I/O TFTP read transfer (RFC 1350) with option negotiation (RFC 2347), block size (RFC 2348) and transfer
    /// size (RFC 2349). The caller sends what the machine writes to <see cref="Output"/>, feeds it every datagram that
    /// arrives and calls <see cref="HandleTimeout"/> when <see cref="Deadline"/> passes; the clock is injected.
    /// </summary>
    /// <remarks>
    /// Rules, with their RFC 1350 sections: the server's first reply fixes its port as the transfer ID, and packets
    /// from any other address or port get ERROR 5 and are otherwise ignored (section 4). A duplicate of the previous
    /// block means our ACK was lost: it is acknowledged again but never delivered twice, and it does not restart the
    /// timer, so duplicates alone cannot keep a dead transfer alive. Only our own timer retransmits, a bounded number
    /// of times; we never answer a packet with more than one packet, which keeps us out of the Sorcerer's Apprentice
    /// loop (RFC 1123 section 4.2.3.1). A block shorter than the block size ends the transfer (section 6). An ERROR ends
    /// it with the server's reason; ERROR 8 to our options makes us ask once more without options (RFC 2347). A server
    /// that ignores the options answers with DATA 1, and the block size is then 512.
    /// </remarks>
    public sealed class TftpReadTransfer
    {
        /// <summary>The well-known TFTP server port.</summary>
        public const int DefaultServerPort = 69;

        /// <summary>Block size without the blksize option (RFC 1350).</summary>
        public const int DefaultBlockSize = 512;

        /// <summary>Block size asked for by default: the largest that fits a 1500-byte Ethernet MTU with IPv4/UDP/TFTP headers and some slack.</summary>
        public const int DefaultRequestedBlockSize = 1428;

        private const int HeaderSize = 4;

        private readonly IClock _clock;
        private readonly uint _serverAddress;
        private readonly TftpPacket _packet = new TftpPacket();
        private byte[] _output;
        private bool _optionsSent;
        private int _tid;
        private int _expected;
        private int _retries;

        /// <summary>Prepares a read of <paramref name="fileName"/> from the server at <paramref name="serverAddress"/> (IPv4, first octet most significant).</summary>
        public TftpReadTransfer(IClock clock, uint serverAddress, string fileName)
        {
            if (clock == null)
            {
                throw new ArgumentNullException("clock");
            }

            if (fileName == null || fileName.Length == 0)
            {
                throw new ArgumentException("file name is empty", "fileName");
            }

            _clock = clock;
            _serverAddress = serverAddress;
            FileName = fileName;
            ServerPort = DefaultServerPort;
            RequestedBlockSize = DefaultRequestedBlockSize;
            RequestTransferSize = true;
            TimeoutMilliseconds = 2000;
            MaxRetries = 5;
            BlockSize = DefaultBlockSize;
            TransferSize = -1;
            ServerErrorCode = -1;
            Detail = "";
            Deadline = long.MaxValue;
        }

        /// <summary>File requested.</summary>
        public string FileName { get; }

        /// <summary>Port the RRQ goes to; 69 unless changed before <see cref="Start"/>.</summary>
        public int ServerPort { get; set; }

        /// <summary>Block size to ask for (8..65464); 512 sends no blksize option. Set before <see cref="Start"/>.</summary>
        public int RequestedBlockSize { get; set; }

        /// <summary>Whether to ask for the file size (tsize); set before <see cref="Start"/>.</summary>
        public bool RequestTransferSize { get; set; }

        /// <summary>How long to wait for the next packet before retransmitting.</summary>
        public int TimeoutMilliseconds { get; set; }

        /// <summary>Retransmissions in a row before the transfer fails.</summary>
        public int MaxRetries { get; set; }

        /// <summary>Smallest receive buffer that can hold any DATA this transfer may get, plus one byte to detect oversized ones.</summary>
        public int ReceiveBufferSize => (RequestedBlockSize > DefaultBlockSize ? RequestedBlockSize : DefaultBlockSize) + HeaderSize + 1;

        /// <summary>Current state.</summary>
        public TftpTransferState State { get; private set; }

        /// <summary>The packet to send after a call returned n &gt; 0: its first n bytes.</summary>
        public byte[] Output => _output;

        /// <summary>Destination address of <see cref="Output"/>.</summary>
        public uint OutputAddress { get; private set; }

        /// <summary>Destination port of <see cref="Output"/>.</summary>
        public int OutputPort { get; private set; }

        /// <summary>Monotonic time (of the injected clock) at which <see cref="HandleTimeout"/> is due; long.MaxValue when none.</summary>
        public long Deadline { get; private set; }

        /// <summary>True when the last <see cref="HandlePacket"/> delivered a new block: <see cref="DataCount"/> bytes at <see cref="DataOffset"/> of that packet's buffer.</summary>
        public bool HasData { get; private set; }

        /// <summary>Where the new block's payload starts in the buffer given to <see cref="HandlePacket"/>.</summary>
        public int DataOffset { get; private set; }

        /// <summary>Length of the new block's payload (0 for an empty last block).</summary>
        public int DataCount { get; private set; }

        /// <summary>Block size in effect: the negotiated one, or 512.</summary>
        public int BlockSize { get; private set; }

        /// <summary>File size the server announced in its OACK, or -1.</summary>
        public int TransferSize { get; private set; }

        /// <summary>Payload bytes delivered so far.</summary>
        public int BytesReceived { get; private set; }

        /// <summary>Packets retransmitted because our timer ran out.</summary>
        public int Retransmissions { get; private set; }

        /// <summary>Duplicate blocks received (each acknowledged again, none delivered twice).</summary>
        public int Duplicates { get; private set; }

        /// <summary>The error code the server sent, or -1 when the transfer did not end with a server ERROR.</summary>
        public int ServerErrorCode { get; private set; }

        /// <summary>Why the transfer failed, one line; empty otherwise.</summary>
        public string Detail { get; private set; }

        /// <summary>Writes the RRQ to <see cref="Output"/> (to the server's port) and returns its length.</summary>
        public int Start()
        {
            if (State != TftpTransferState.Idle)
            {
                throw new InvalidOperationException("transfer already started");
            }

            if (RequestedBlockSize < TftpPacket.MinBlockSize || RequestedBlockSize > TftpPacket.MaxBlockSize)
            {
                throw new ArgumentOutOfRangeException("RequestedBlockSize");
            }

            _output = new byte[FileName.Length + 40 > 256 ? FileName.Length + 40 : 256];
            _optionsSent = RequestedBlockSize != DefaultBlockSize || RequestTransferSize;
            return Request();
        }

        /// <summary>
        /// Handles one datagram of <paramref name="count"/> bytes at <paramref name="offset"/> that came from
        /// <paramref name="address"/>:<paramref name="port"/>. Returns the length of the reply in <see cref="Output"/>
        /// (0: none). A new block is then described by <see cref="HasData"/>, <see cref="DataOffset"/> and
        /// <see cref="DataCount"/>, which point into <paramref name="buffer"/>.
        /// </summary>
        public int HandlePacket(byte[] buffer, int offset, int count, uint address, int port)
        {
            HasData = false;
            bool active = State == TftpTransferState.Requesting || State == TftpTransferState.Receiving;
            if (!active && State != TftpTransferState.Complete)
            {
                return 0;
            }

            bool tidKnown = State != TftpTransferState.Requesting;
            if (address != _serverAddress || (tidKnown && port != _tid))
            {
                return Error(address, port, TftpErrorCode.UnknownTransferId, "Unknown transfer ID");
            }

            try
            {
                _packet.Read(buffer, offset, count);
            }
            catch (TftpFormatException e)
            {
                return active ? Fail(port, TftpErrorCode.IllegalOperation, "malformed packet: " + e.Message) : 0;
            }

            if (State == TftpTransferState.Complete)
            {
                // The server lost our last ACK and sends its last block again.
                return _packet.Opcode == TftpOpcode.Data && _packet.Block == Previous() ? Ack(_packet.Block, false) : 0;
            }

            switch (_packet.Opcode)
            {
                case TftpOpcode.Error:
                    return OnError(port);
                case TftpOpcode.OptionAck:
                    return OnOptionAck(port);
                case TftpOpcode.Data:
                    return OnData(port);
                default:
                    return Fail(port, TftpErrorCode.IllegalOperation, "unexpected " + OpcodeName(_packet.Opcode) + " from server");
            }
        }

        /// <summary>Call when the clock reaches <see cref="Deadline"/>: retransmits the last request or ACK, or fails after <see cref="MaxRetries"/>. Returns the length in <see cref="Output"/>.</summary>
        public int HandleTimeout()
        {
            HasData = false;
            if (State != TftpTransferState.Requesting && State != TftpTransferState.Receiving)
            {
                return 0;
            }

            if (_clock.MonotonicMilliseconds < Deadline)
            {
                return 0;
            }

            if (_retries >= MaxRetries)
            {
                string waitingFor = State == TftpTransferState.Requesting ? "a reply to the request" : "block " + _expected.ToString();
                Finish(TftpTransferState.Failed, "timed out waiting for " + waitingFor + " after " + _retries.ToString() + " retransmissions");
                return 0;
            }

            _retries++;
            Retransmissions++;
            return State == TftpTransferState.Requesting ? Request() : Ack(Previous(), true);
        }

        /// <summary>
        /// Gives up the transfer, telling the server with an ERROR (<paramref name="code"/>, <paramref name="message"/>)
        /// when it has answered already. Returns the length in <see cref="Output"/>.
        /// </summary>
        public int Cancel(TftpErrorCode code, string message)
        {
            if (State == TftpTransferState.Receiving)
            {
                return Fail(_tid, code, message);
            }

            if (State == TftpTransferState.Requesting || State == TftpTransferState.Idle)
            {
                Finish(TftpTransferState.Failed, message);
            }

            return 0;
        }

        private int OnError(int port)
        {
            if (State == TftpTransferState.Requesting && _optionsSent && _packet.ErrorCode == (int)TftpErrorCode.OptionRefused)
            {
                _optionsSent = false;
                BlockSize = DefaultBlockSize;
                _retries = 0;
                return Request();
            }

            ServerErrorCode = _packet.ErrorCode;
            string message = _packet.ErrorMessage.Length > 0 ? _packet.ErrorMessage : "no message";
            Finish(TftpTransferState.Failed, "TFTP error " + _packet.ErrorCode.ToString() + ": " + message);
            return 0;
        }

        // RFC 2347: the OACK lists the options the server accepted; it may lower blksize but never raise it, and must
        // not bring options we did not ask for. It is acknowledged with ACK 0.
        private int OnOptionAck(int port)
        {
            if (State == TftpTransferState.Receiving)
            {
                // Our ACK 0 was lost and the server repeats its OACK.
                return _expected == 1 ? Ack(0, false) : 0;
            }

            if (!_optionsSent || _packet.HasUnknownOption || _packet.TimeoutSeconds != -1
                || (_packet.BlockSize != -1 && (RequestedBlockSize == DefaultBlockSize || _packet.BlockSize > RequestedBlockSize))
                || (_packet.TransferSize != -1 && !RequestTransferSize))
            {
                return Fail(port, TftpErrorCode.OptionRefused, "server acknowledged options that were not requested");
            }

            _tid = port;
            BlockSize = _packet.BlockSize != -1 ? _packet.BlockSize : DefaultBlockSize;
            TransferSize = _packet.TransferSize;
            State = TftpTransferState.Receiving;
            _expected = 1;
            _retries = 0;
            return Ack(0, true);
        }

        private int OnData(int port)
        {
            if (State == TftpTransferState.Requesting)
            {
                if (_packet.Block != 1)
                {
                    return 0;
                }

                // No OACK: the server ignores options (RFC 2347), so none is in effect.
                _tid = port;
                BlockSize = DefaultBlockSize;
                State = TftpTransferState.Receiving;
                _expected = 1;
            }

            if (_packet.DataCount > BlockSize)
            {
                return Fail(port, TftpErrorCode.IllegalOperation,
                    "block " + _packet.Block.ToString() + " has " + _packet.DataCount.ToString() + " bytes, block size is " + BlockSize.ToString());
            }

            if (_packet.Block != _expected)
            {
                if (_packet.Block == Previous())
                {
                    Duplicates++;
                    return Ack(_packet.Block, false);
                }

                return 0;
            }

            HasData = true;
            DataOffset = _packet.DataOffset;
            DataCount = _packet.DataCount;
            BytesReceived += DataCount;
            _expected = (_expected + 1) & 0xFFFF;
            _retries = 0;
            int n = Ack(_packet.Block, true);
            if (DataCount < BlockSize)
            {
                Finish(TftpTransferState.Complete, "");
            }

            return n;
        }

        // Block numbers wrap from 65535 to 0 on long transfers, as common servers do.
        private int Previous()
        {
            return (_expected + 0xFFFF) & 0xFFFF;
        }

        private int Request()
        {
            State = TftpTransferState.Requesting;
            OutputAddress = _serverAddress;
            OutputPort = ServerPort;
            Deadline = _clock.MonotonicMilliseconds + TimeoutMilliseconds;
            return TftpPacketWriter.WriteReadRequest(_output, 0, FileName,
                _optionsSent && RequestedBlockSize != DefaultBlockSize ? RequestedBlockSize : -1,
                _optionsSent && RequestTransferSize);
        }

        // Only progress (a new block, the OACK) or our own retransmission restarts the timer; see the class remarks.
        private int Ack(int block, bool restartTimer)
        {
            OutputAddress = _serverAddress;
            OutputPort = _tid;
            if (restartTimer)
            {
                Deadline = _clock.MonotonicMilliseconds + TimeoutMilliseconds;
            }

            return TftpPacketWriter.WriteAck(_output, 0, block);
        }

        private int Error(uint address, int port, TftpErrorCode code, string message)
        {
            OutputAddress = address;
            OutputPort = port;
            return TftpPacketWriter.WriteError(_output, 0, (int)code, message);
        }

        private int Fail(int port, TftpErrorCode code, string detail)
        {
            Finish(TftpTransferState.Failed, detail);
            return Error(_serverAddress, port, code, detail);
        }

        private void Finish(TftpTransferState state, string detail)
        {
            State = state;
            Detail = detail;
            Deadline = long.MaxValue;
        }

        private static string OpcodeName(TftpOpcode opcode)
        {
            switch (opcode)
            {
                case TftpOpcode.ReadRequest:
                    return "RRQ";
                case TftpOpcode.WriteRequest:
                    return "WRQ";
                default:
                    return "ACK";
            }
        }
    }
}
