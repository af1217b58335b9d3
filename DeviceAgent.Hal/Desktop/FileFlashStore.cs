using System;
using System.IO;

namespace DeviceAgent.Hal.Desktop
{
    /// <summary>
    /// Flash slots as files <c>slot0.bin</c>, <c>slot1.bin</c> ... in a directory, so the desktop phone keeps its
    /// identity across runs. A write truncates the file and flushes it to the disk before returning; an interrupted
    /// write leaves a shorter or partly written file, within the failure model of <see cref="IFlashStore"/>.
    /// </summary>
    public sealed class FileFlashStore : IFlashStore
    {
        private readonly string _directory;

        /// <summary>Uses (and creates, if missing) <paramref name="directory"/>.</summary>
        public FileFlashStore(string directory, int slotCount = 2, int slotSize = 1024)
        {
            if (slotCount < 1 || slotSize < 1)
            {
                throw new ArgumentOutOfRangeException(slotCount < 1 ? nameof(slotCount) : nameof(slotSize));
            }

            _directory = directory;
            SlotCount = slotCount;
            SlotSize = slotSize;
            Directory.CreateDirectory(directory);
        }

        /// <inheritdoc />
        public int SlotCount { get; }

        /// <inheritdoc />
        public int SlotSize { get; }

        /// <inheritdoc />
        public int Read(int slot, byte[] buffer, int offset)
        {
            var path = PathOf(slot);
            if (!File.Exists(path))
            {
                return 0;
            }

            using var file = new FileStream(path, FileMode.Open, FileAccess.Read);
            var total = 0;
            int n;
            while (total < SlotSize && (n = file.Read(buffer, offset + total, SlotSize - total)) > 0)
            {
                total += n;
            }

            return total;
        }

        /// <inheritdoc />
        public void Write(int slot, byte[] buffer, int offset, int count)
        {
            if (count < 0 || count > SlotSize)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            using var file = new FileStream(PathOf(slot), FileMode.Create, FileAccess.Write);
            file.Write(buffer, offset, count);
            file.Flush(true);
        }

        private string PathOf(int slot)
        {
            if (slot < 0 || slot >= SlotCount)
            {
                throw new ArgumentOutOfRangeException(nameof(slot));
            }

            return Path.Combine(_directory, "slot" + slot + ".bin");
        }
    }
}
