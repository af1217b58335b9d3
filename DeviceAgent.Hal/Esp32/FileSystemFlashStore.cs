using System;
using System.IO;

namespace DeviceAgent.Hal.Esp32
{
    /// <summary>
    /// Flash slots as files <c>slot0.bin</c>, <c>slot1.bin</c> ... in a directory of the ESP32 internal flash file
    /// system (drive <c>I:\</c>). The file system's own guarantees are not relied upon: an interrupted write may
    /// leave a shorter or partly written file, within the failure model of <see cref="IFlashStore"/>.
    /// </summary>
    public sealed class FileSystemFlashStore : IFlashStore
    {
        /// <summary>Directory used by default: the internal flash drive.</summary>
        public const string DefaultDirectory = "I:\\identity";

        private readonly string _directory;
        private readonly int _slotCount;
        private readonly int _slotSize;

        /// <summary>Uses (and creates, if missing) <paramref name="directory"/>.</summary>
        public FileSystemFlashStore(string directory, int slotCount, int slotSize)
        {
            if (slotCount < 1 || slotSize < 1)
            {
                throw new ArgumentOutOfRangeException(slotCount < 1 ? "slotCount" : "slotSize");
            }

            _directory = directory;
            _slotCount = slotCount;
            _slotSize = slotSize;
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }

        /// <inheritdoc />
        public int SlotCount => _slotCount;

        /// <inheritdoc />
        public int SlotSize => _slotSize;

        /// <inheritdoc />
        public int Read(int slot, byte[] buffer, int offset)
        {
            string path = PathOf(slot);
            if (!File.Exists(path))
            {
                return 0;
            }

            using (FileStream file = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                int total = 0;
                while (total < _slotSize)
                {
                    int n = file.Read(buffer, offset + total, _slotSize - total);
                    if (n <= 0)
                    {
                        break;
                    }

                    total += n;
                }

                return total;
            }
        }

        /// <inheritdoc />
        public void Write(int slot, byte[] buffer, int offset, int count)
        {
            if (count < 0 || count > _slotSize)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            using (FileStream file = new FileStream(PathOf(slot), FileMode.Create, FileAccess.Write))
            {
                file.Write(buffer, offset, count);
                file.Flush();
            }
        }

        private string PathOf(int slot)
        {
            if (slot < 0 || slot >= _slotCount)
            {
                throw new ArgumentOutOfRangeException("slot");
            }

            return Path.Combine(_directory, "slot" + slot.ToString() + ".bin");
        }
    }
}
