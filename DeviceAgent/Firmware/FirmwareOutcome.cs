namespace DeviceAgent.Firmware
{
    /// <summary>How a firmware update attempt ended; the firmware report carries it with a detail text.</summary>
    public enum FirmwareOutcome
    {
        /// <summary>The image was downloaded, its SHA-256 matched and it was committed to boot next.</summary>
        Success = 0,

        /// <summary>The image arrived complete but its SHA-256 differed from the configured one; it was discarded.</summary>
        HashMismatch = 1,

        /// <summary>The transfer failed (server error, timeout, short image, flash write error); nothing was committed.</summary>
        DownloadFailed = 2,

        /// <summary>The image is larger than the store's capacity or the configured maximum; nothing was committed.</summary>
        NoSpace = 3,

        /// <summary>The offered version is not newer than the running one, so nothing was downloaded.</summary>
        UpToDate = 4,
    }
}
