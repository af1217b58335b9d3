using System;
using DeviceAgent.Crypto;
using DeviceAgent.Hal;

namespace DeviceAgent.Firmware
{
    /// <summary>
    /// Sans-I/O download-and-verify machine: each chunk of the image, as it arrives from whatever transport, is hashed
    /// and written to the <see cref="IFirmwareStore"/> straight away, so RAM holds one chunk, never the image. At the
    /// end the SHA-256 is compared with the configured one and the image committed only on a match; every other
    /// ending aborts the store, so a bad or partial image can never become the one that boots.
    /// </summary>
    /// <remarks>
    /// Use: <see cref="Begin"/>, <see cref="Append"/> per chunk while it returns true, then <see cref="End"/> at the end
    /// of the image or <see cref="Fail"/> when the transport failed. After that <see cref="IsFinished"/> is true and
    /// <see cref="Outcome"/> and <see cref="Detail"/> say how it ended. Not thread-safe.
    /// </remarks>
    public sealed class FirmwareVerifier
    {
        /// <summary>Longest detail text, the limit of the firmware report's detail field.</summary>
        public const int MaxDetailLength = 200;

        /// <summary>Bytes between two progress reports unless <see cref="ProgressStep"/> says otherwise.</summary>
        public const int DefaultProgressStep = 64 * 1024;

        private readonly IFirmwareStore _store;
        private readonly byte[] _expected;
        private readonly int _limit;
        private readonly Sha256 _hash = new Sha256();
        private readonly byte[] _digest = new byte[Sha256.HashSize];
        private int _nextProgress;
        private bool _begun;

        /// <summary>
        /// Verifies against <paramref name="expectedSha256"/> (32 bytes) and writes to <paramref name="store"/>.
        /// Images larger than <paramref name="maxSize"/> or than the store's capacity end as
        /// <see cref="FirmwareOutcome.NoSpace"/>.
        /// </summary>
        public FirmwareVerifier(IFirmwareStore store, byte[] expectedSha256, int maxSize)
        {
            if (store == null)
            {
                throw new ArgumentNullException("store");
            }

            if (expectedSha256 == null || expectedSha256.Length != Sha256.HashSize)
            {
                throw new ArgumentException("expected SHA-256 must be 32 bytes", "expectedSha256");
            }

            if (maxSize < 0)
            {
                throw new ArgumentOutOfRangeException("maxSize");
            }

            _store = store;
            _expected = (byte[])expectedSha256.Clone();
            _limit = maxSize < store.Capacity ? maxSize : store.Capacity;
            DeclaredSize = -1;
            ProgressStep = DefaultProgressStep;
        }

        /// <summary>Called every <see cref="ProgressStep"/> bytes and once at the end; may be null.</summary>
        public FirmwareProgressHandler Progress { get; set; }

        /// <summary>Bytes between two progress reports (at least 1).</summary>
        public int ProgressStep { get; set; }

        /// <summary>Largest image accepted: the smaller of the configured maximum and the store's capacity.</summary>
        public int Limit => _limit;

        /// <summary>Size the server announced, or -1.</summary>
        public int DeclaredSize { get; private set; }

        /// <summary>Bytes accepted and written to the store so far.</summary>
        public int BytesReceived { get; private set; }

        /// <summary>True once the outcome is known; later calls are ignored.</summary>
        public bool IsFinished { get; private set; }

        /// <summary>How it ended; meaningful once <see cref="IsFinished"/> is true.</summary>
        public FirmwareOutcome Outcome { get; private set; }

        /// <summary>One line (at most <see cref="MaxDetailLength"/> characters) saying why, for logs and the report.</summary>
        public string Detail { get; private set; } = "";

        /// <summary>
        /// Starts the image with the size the server announced (-1 when unknown). Returns false, with outcome
        /// <see cref="FirmwareOutcome.NoSpace"/>, when that size is over <see cref="Limit"/>; the store is not touched then.
        /// </summary>
        public bool Begin(int declaredSize)
        {
            if (IsFinished || _begun)
            {
                throw new InvalidOperationException("Begin called twice");
            }

            DeclaredSize = declaredSize < 0 ? -1 : declaredSize;
            if (declaredSize > _limit)
            {
                Finish(FirmwareOutcome.NoSpace, "image is " + declaredSize.ToString() + " bytes, room for " + _limit.ToString());
                return false;
            }

            _hash.Reset();
            _nextProgress = ProgressStep > 0 ? ProgressStep : 1;
            try
            {
                _store.Begin(DeclaredSize);
            }
            catch (Exception e)
            {
                Finish(FirmwareOutcome.DownloadFailed, "flash: " + e.Message);
                return false;
            }

            _begun = true;
            return true;
        }

        /// <summary>
        /// Hashes and stores the next <paramref name="count"/> bytes of the image. Returns false once finished: the
        /// image grew over <see cref="Limit"/> (<see cref="FirmwareOutcome.NoSpace"/>) or the store failed
        /// (<see cref="FirmwareOutcome.DownloadFailed"/>); the store is aborted then.
        /// </summary>
        public bool Append(byte[] data, int offset, int count)
        {
            if (IsFinished)
            {
                return false;
            }

            if (!_begun)
            {
                throw new InvalidOperationException("Append before Begin");
            }

            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            if (count > _limit - BytesReceived)
            {
                Abort(FirmwareOutcome.NoSpace, "image exceeds " + _limit.ToString() + " bytes");
                return false;
            }

            try
            {
                _store.Write(data, offset, count);
            }
            catch (Exception e)
            {
                Abort(FirmwareOutcome.DownloadFailed, "flash: " + e.Message);
                return false;
            }

            _hash.Append(data, offset, count);
            BytesReceived += count;
            if (BytesReceived >= _nextProgress)
            {
                int step = ProgressStep > 0 ? ProgressStep : 1;
                _nextProgress = BytesReceived - BytesReceived % step + step;
                Report();
            }

            return true;
        }

        /// <summary>
        /// The transport reached the end of the image: checks the announced size and the SHA-256, then commits
        /// (<see cref="FirmwareOutcome.Success"/>) or aborts (<see cref="FirmwareOutcome.HashMismatch"/>,
        /// <see cref="FirmwareOutcome.DownloadFailed"/>).
        /// </summary>
        public FirmwareOutcome End()
        {
            if (IsFinished)
            {
                return Outcome;
            }

            if (!_begun)
            {
                throw new InvalidOperationException("End before Begin");
            }

            Report();
            if (DeclaredSize >= 0 && BytesReceived != DeclaredSize)
            {
                Abort(FirmwareOutcome.DownloadFailed, "received " + BytesReceived.ToString() + " of " + DeclaredSize.ToString() + " bytes");
                return Outcome;
            }

            _hash.Finish(_digest, 0);
            for (int i = 0; i < _digest.Length; i++)
            {
                if (_digest[i] != _expected[i])
                {
                    Abort(FirmwareOutcome.HashMismatch, "sha-256 " + Bytes.ToHex(_digest) + ", expected " + Bytes.ToHex(_expected));
                    return Outcome;
                }
            }

            try
            {
                _store.Commit();
            }
            catch (Exception e)
            {
                Abort(FirmwareOutcome.DownloadFailed, "flash commit: " + e.Message);
                return Outcome;
            }

            Finish(FirmwareOutcome.Success, BytesReceived.ToString() + " bytes, sha-256 " + Bytes.ToHex(_digest));
            return Outcome;
        }

        /// <summary>The transport failed (<paramref name="detail"/> says how): aborts the store, outcome <see cref="FirmwareOutcome.DownloadFailed"/>.</summary>
        public FirmwareOutcome Fail(string detail)
        {
            if (!IsFinished)
            {
                Abort(FirmwareOutcome.DownloadFailed, detail);
            }

            return Outcome;
        }

        private void Report()
        {
            FirmwareProgressHandler progress = Progress;
            if (progress != null)
            {
                progress(BytesReceived, DeclaredSize);
            }
        }

        private void Abort(FirmwareOutcome outcome, string detail)
        {
            if (_begun)
            {
                try
                {
                    _store.Abort();
                }
                catch (Exception e)
                {
                    detail = detail + "; abort: " + e.Message;
                }
            }

            Finish(outcome, detail);
        }

        private void Finish(FirmwareOutcome outcome, string detail)
        {
            Outcome = outcome;
            Detail = OneLine(detail);
            IsFinished = true;
        }

        // Server-supplied text (TFTP error messages, HTTP reasons) may hold anything; the report wants one short line.
        private static string OneLine(string text)
        {
            if (text == null)
            {
                return "";
            }

            int length = text.Length < MaxDetailLength ? text.Length : MaxDetailLength;
            char[] chars = text.ToCharArray(0, length);
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] < ' ' || chars[i] == '\x7f')
                {
                    chars[i] = ' ';
                }
            }

            return new string(chars);
        }
    }
}
