using System;

namespace DeviceAgent.Firmware
{
    /// <summary>Whether to update, and the loop that pulls an image from a source through a <see cref="FirmwareVerifier"/>.</summary>
    public static class FirmwareUpdate
    {
        /// <summary>
        /// True when <paramref name="offeredVersion"/> should be installed over <paramref name="runningVersion"/>: it
        /// is newer as a dotted numeric version (equal or older is skipped, <see cref="FirmwareOutcome.UpToDate"/>).
        /// When either is not dotted numeric, nothing can be ordered, so any version other than the running one is
        /// taken as the operator's choice. No version offered means no update.
        /// </summary>
        public static bool ShouldInstall(string offeredVersion, string runningVersion)
        {
            if (offeredVersion == null || offeredVersion.Length == 0)
            {
                return false;
            }

            int order;
            if (FirmwareVersion.TryCompare(offeredVersion, runningVersion, out order))
            {
                return order > 0;
            }

            return offeredVersion != runningVersion;
        }

        /// <summary>
        /// Downloads the image from <paramref name="source"/> into <paramref name="verifier"/> through
        /// <paramref name="buffer"/> (its size is the chunk size, e.g. 1–4 KB; the image never sits in RAM). When the
        /// verifier stops early (no space, flash error) the source is cancelled so the server learns why.
        /// </summary>
        /// <returns>The outcome, also in <see cref="FirmwareVerifier.Outcome"/> with its detail.</returns>
        public static FirmwareOutcome Install(IFirmwareSource source, FirmwareVerifier verifier, byte[] buffer)
        {
            if (source == null || verifier == null || buffer == null)
            {
                throw new ArgumentNullException(source == null ? "source" : verifier == null ? "verifier" : "buffer");
            }

            if (buffer.Length == 0)
            {
                throw new ArgumentException("buffer is empty", "buffer");
            }

            int declared;
            try
            {
                declared = source.Open();
            }
            catch (Exception e)
            {
                return verifier.Fail(e.Message);
            }

            if (!verifier.Begin(declared))
            {
                Cancel(source, verifier);
                return verifier.Outcome;
            }

            while (true)
            {
                int n;
                try
                {
                    n = source.Read(buffer, 0, buffer.Length);
                }
                catch (Exception e)
                {
                    return verifier.Fail(e.Message);
                }

                if (n == 0)
                {
                    return verifier.End();
                }

                if (!verifier.Append(buffer, 0, n))
                {
                    Cancel(source, verifier);
                    return verifier.Outcome;
                }
            }
        }

        // Telling the server is a courtesy: the outcome is decided and the store aborted already.
        private static void Cancel(IFirmwareSource source, FirmwareVerifier verifier)
        {
            try
            {
                source.Cancel(verifier.Outcome, verifier.Detail);
            }
            catch (Exception)
            {
            }
        }
    }
}
