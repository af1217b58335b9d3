using System;
using DeviceAgent.Firmware;

namespace DeviceAgent.Tests.Fakes
{
    /// <summary>An image served from RAM in chunks of a fixed size, with an announced size and an optional failure.</summary>
    public sealed class ChunkedFirmwareSource : IFirmwareSource
    {
        private readonly byte[] _image;
        private readonly int _chunk;
        private readonly int _declared;
        private int _position;

        public ChunkedFirmwareSource(byte[] image, int chunk, int declaredSize)
        {
            _image = image;
            _chunk = chunk;
            _declared = declaredSize;
        }

        /// <summary>Throws from Read once this many bytes were served; -1 never.</summary>
        public int FailAt { get; set; } = -1;

        /// <summary>Throws from Open.</summary>
        public bool FailOpen { get; set; }

        public int Cancels { get; private set; }

        public FirmwareOutcome CancelOutcome { get; private set; }

        public int Open()
        {
            if (FailOpen)
            {
                throw new InvalidOperationException("HTTP 404 Not Found");
            }

            return _declared;
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            if (FailAt >= 0 && _position >= FailAt)
            {
                throw new InvalidOperationException("connection reset\r\nby peer");
            }

            int n = _image.Length - _position;
            if (n > _chunk)
            {
                n = _chunk;
            }

            if (n > count)
            {
                n = count;
            }

            Array.Copy(_image, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public void Cancel(FirmwareOutcome outcome, string detail)
        {
            Cancels++;
            CancelOutcome = outcome;
        }
    }
}
