using System;
using DeviceAgent.Firmware;
using DeviceAgent.Hal;

namespace DeviceAgent.Tftp
{
    /// <summary>
    /// Runs a <see cref="TftpReadTransfer"/> over an <see cref="IUdpSocket"/> and hands the file out as an
    /// <see cref="IFirmwareSource"/>, one block at a time: RAM holds one receive buffer (block size + 5 bytes) and the
    /// transfer's small send buffer, never the file. Each block is acknowledged as soon as it arrives, so the server
    /// sends the next one while the caller writes this one to flash.
    /// </summary>
    /// <remarks>The socket belongs to the caller, who disposes it; use one socket (one local port) per transfer.</remarks>
    public sealed class TftpFirmwareSource : IFirmwareSource
    {
        private readonly IUdpSocket _socket;
        private readonly IClock _clock;
        private readonly TftpReadTransfer _transfer;
        private byte[] _receive;
        private int _pendingOffset;
        private int _pendingCount;

        /// <summary>Reads through <paramref name="socket"/>, timing with <paramref name="clock"/> (the transfer's clock).</summary>
        public TftpFirmwareSource(IUdpSocket socket, IClock clock, TftpReadTransfer transfer)
        {
            if (socket == null || clock == null || transfer == null)
            {
                throw new ArgumentNullException(socket == null ? "socket" : clock == null ? "clock" : "transfer");
            }

            _socket = socket;
            _clock = clock;
            _transfer = transfer;
        }

        /// <summary>The transfer, for its statistics (block size, retransmissions, duplicates).</summary>
        public TftpReadTransfer Transfer => _transfer;

        /// <summary>Sends the RRQ and waits for the server's first reply; returns the announced size (tsize) or -1.</summary>
        /// <exception cref="TftpTransferException">The server refused the file or did not answer.</exception>
        public int Open()
        {
            _receive = new byte[_transfer.ReceiveBufferSize];
            Send(_transfer.Start());
            while (_transfer.State == TftpTransferState.Requesting)
            {
                Step();
            }

            ThrowIfFailed();
            return _transfer.TransferSize;
        }

        /// <inheritdoc />
        /// <exception cref="TftpTransferException">The transfer failed.</exception>
        public int Read(byte[] buffer, int offset, int count)
        {
            while (_pendingCount == 0)
            {
                if (_transfer.State == TftpTransferState.Complete)
                {
                    return 0;
                }

                Step();
            }

            int n = count < _pendingCount ? count : _pendingCount;
            Array.Copy(_receive, _pendingOffset, buffer, offset, n);
            _pendingOffset += n;
            _pendingCount -= n;
            return n;
        }

        /// <summary>Sends the server an ERROR: 3 (disk full) for <see cref="FirmwareOutcome.NoSpace"/>, 0 with the detail otherwise.</summary>
        public void Cancel(FirmwareOutcome outcome, string detail)
        {
            Send(_transfer.Cancel(outcome == FirmwareOutcome.NoSpace ? TftpErrorCode.DiskFull : TftpErrorCode.NotDefined, detail));
        }

        // One wait for a datagram or the deadline, and the machine's answer to it.
        private void Step()
        {
            ThrowIfFailed();
            long wait = _transfer.Deadline - _clock.MonotonicMilliseconds;
            if (wait <= 0)
            {
                Send(_transfer.HandleTimeout());
                return;
            }

            uint address;
            int port;
            int length = _socket.Receive(_receive, 0, _receive.Length, wait > int.MaxValue ? int.MaxValue : (int)wait, out address, out port);
            if (length < 0)
            {
                return;
            }

            Send(_transfer.HandlePacket(_receive, 0, length, address, port));
            if (_transfer.HasData)
            {
                _pendingOffset = _transfer.DataOffset;
                _pendingCount = _transfer.DataCount;
            }

            ThrowIfFailed();
        }

        private void Send(int length)
        {
            if (length > 0)
            {
                _socket.Send(_transfer.Output, 0, length, _transfer.OutputAddress, _transfer.OutputPort);
            }
        }

        private void ThrowIfFailed()
        {
            if (_transfer.State == TftpTransferState.Failed)
            {
                throw new TftpTransferException(_transfer.ServerErrorCode, _transfer.Detail);
            }
        }
    }
}
