using System;
using System.IO;

namespace DeviceAgent.Hal.Esp32
{
    /// <summary>
    /// Firmware images as a file on the ESP32 internal flash file system (drive <c>I:\</c>). The nanoFramework API
    /// this agent builds against offers no OTA partition access, so the agent only delivers the verified image: it is
    /// written to <c>&lt;name&gt;.part</c> and renamed to <c>&lt;name&gt;</c> on <see cref="Commit"/>; flashing it into
    /// the OTA partition and switching the boot partition is the native updater's or bootloader's job.
    /// </summary>
    /// <remarks>
    /// The file system cannot rename over an existing file, so <see cref="Commit"/> deletes the old image first. A
    /// power cut between the two steps leaves no committed image but the old firmware still running; the phone
    /// downloads the update again at its next poll, because its running version did not change.
    /// </remarks>
    public sealed class FileSystemFirmwareStore : IFirmwareStore
    {
        /// <summary>Directory used by default, on the internal flash drive.</summary>
        public const string DefaultDirectory = "I:\\firmware";

        private readonly string _imagePath;
        private readonly string _partPath;
        private readonly int _capacity;
        private FileStream _part;

        /// <summary>
        /// Stores images as <paramref name="fileName"/> in <paramref name="directory"/> (created if missing).
        /// <paramref name="capacity"/> is the room the board reserves for an image: the file system reports its total
        /// size but not its free space, so the board, which knows its partition table, says it.
        /// </summary>
        public FileSystemFirmwareStore(string directory, string fileName, int capacity)
        {
            if (capacity < 0)
            {
                throw new ArgumentOutOfRangeException("capacity");
            }

            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory);
            }

            _imagePath = Path.Combine(directory, fileName);
            _partPath = _imagePath + ".part";
            _capacity = capacity;
        }

        /// <summary>Path of the committed image, which the native updater picks up.</summary>
        public string ImagePath => _imagePath;

        /// <inheritdoc />
        public int Capacity => _capacity;

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

            _part.Flush();
            _part.Dispose();
            _part = null;
            if (File.Exists(_imagePath))
            {
                File.Delete(_imagePath);
            }

            File.Move(_partPath, _imagePath);
        }

        /// <inheritdoc />
        public void Abort()
        {
            if (_part != null)
            {
                _part.Dispose();
                _part = null;
            }

            if (File.Exists(_partPath))
            {
                File.Delete(_partPath);
            }
        }
    }
}
