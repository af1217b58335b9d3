using System;
using System.IO;

namespace DeviceAgent.Hal.Desktop
{
    /// <summary>
    /// Firmware images as a file in a directory: the image is written to <c>&lt;name&gt;.part</c>, flushed to the disk
    /// and renamed over <c>&lt;name&gt;</c> on <see cref="Commit"/>. The rename is atomic, so after a crash the file
    /// <c>&lt;name&gt;</c> is either the previous image or the complete new one.
    /// </summary>
    public sealed class FileFirmwareStore : IFirmwareStore, IDisposable
    {
        private readonly string _partPath;
        private FileStream _part;

        /// <summary>Stores images as <paramref name="fileName"/> in <paramref name="directory"/> (created if missing).</summary>
        public FileFirmwareStore(string directory, string fileName = "firmware.bin", int capacity = 16 * 1024 * 1024)
        {
            if (capacity < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity));
            }

            Directory.CreateDirectory(directory);
            ImagePath = Path.Combine(directory, fileName);
            _partPath = ImagePath + ".part";
            Capacity = capacity;
        }

        /// <summary>Path of the committed image.</summary>
        public string ImagePath { get; }

        /// <inheritdoc />
        public int Capacity { get; }

        /// <inheritdoc />
        public void Begin(int expectedSize)
        {
            Abort();
            _part = new FileStream(_partPath, FileMode.Create, FileAccess.Write);
        }

        /// <inheritdoc />
        public void Write(byte[] buffer, int offset, int count)
        {
            if (_part == null)
            {
                throw new InvalidOperationException("Write before Begin");
            }

            _part.Write(buffer, offset, count);
        }

        /// <inheritdoc />
        public void Commit()
        {
            if (_part == null)
            {
                throw new InvalidOperationException("Commit before Begin");
            }

            _part.Flush(true);
            _part.Dispose();
            _part = null;
            File.Move(_partPath, ImagePath, true);
        }

        /// <inheritdoc />
        public void Abort()
        {
            _part?.Dispose();
            _part = null;
            File.Delete(_partPath);
        }

        /// <summary>Discards a partial image still open.</summary>
        public void Dispose() => Abort();
    }
}
