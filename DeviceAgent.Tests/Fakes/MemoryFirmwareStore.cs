using System;
using DeviceAgent.Hal;

namespace DeviceAgent.Tests.Fakes
{
    /// <summary>A firmware store in RAM that records what was done to it, and can fail a write on request.</summary>
    public sealed class MemoryFirmwareStore : IFirmwareStore
    {
        private byte[] _image = new byte[1024];

        public MemoryFirmwareStore(int capacity)
        {
            Capacity = capacity;
        }

        public int Capacity { get; }

        /// <summary>Throws from the write that would take the image past this many bytes; -1 never.</summary>
        public int FailWriteAt { get; set; } = -1;

        public int Begins { get; private set; }

        public int Commits { get; private set; }

        public int Aborts { get; private set; }

        public int ExpectedSize { get; private set; }

        public int Length { get; private set; }

        public int Writes { get; private set; }

        public int LargestWrite { get; private set; }

        /// <summary>True while an image is begun and neither committed nor aborted.</summary>
        public bool IsOpen { get; private set; }

        public void Begin(int expectedSize)
        {
            Begins++;
            ExpectedSize = expectedSize;
            Length = 0;
            IsOpen = true;
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            if (!IsOpen)
            {
                throw new InvalidOperationException("write outside Begin..Commit");
            }

            if (FailWriteAt >= 0 && Length + count > FailWriteAt)
            {
                throw new InvalidOperationException("flash worn out");
            }

            if (Length + count > _image.Length)
            {
                int size = _image.Length;
                while (size < Length + count)
                {
                    size *= 2;
                }

                byte[] grown = new byte[size];
                Array.Copy(_image, grown, Length);
                _image = grown;
            }

            Array.Copy(buffer, offset, _image, Length, count);
            Length += count;
            Writes++;
            if (count > LargestWrite)
            {
                LargestWrite = count;
            }
        }

        public void Commit()
        {
            if (!IsOpen)
            {
                throw new InvalidOperationException("commit outside Begin");
            }

            Commits++;
            IsOpen = false;
        }

        public void Abort()
        {
            Aborts++;
            IsOpen = false;
        }

        /// <summary>The bytes written since the last Begin.</summary>
        public byte[] Image()
        {
            byte[] copy = new byte[Length];
            Array.Copy(_image, copy, Length);
            return copy;
        }
    }
}
