namespace DeviceAgent.Provisioning
{
    /// <summary>
    /// What a phone tells the provisioning server after trying a firmware update (the <c>firmware-report</c> document),
    /// so operators see which phones failed and why.
    /// </summary>
    public class FirmwareReport
    {
        /// <summary>The image was downloaded, verified and installed.</summary>
        public const string Success = "success";

        /// <summary>The downloaded image's SHA-256 differed from the one in the configuration.</summary>
        public const string HashMismatch = "hash-mismatch";

        /// <summary>The image could not be downloaded from the firmware server.</summary>
        public const string DownloadFailed = "download-failed";

        /// <summary>The image did not fit the phone's update partition.</summary>
        public const string NoSpace = "no-space";

        /// <summary>Serial number of the reporting phone.</summary>
        public string Serial { get; set; }

        /// <summary>MAC address as <c>aa:bb:cc:dd:ee:ff</c>; the reader returns it in lower case.</summary>
        public string Mac { get; set; }

        /// <summary>Version of the image the phone tried to install.</summary>
        public string Version { get; set; }

        /// <summary>One of <see cref="Success"/>, <see cref="HashMismatch"/>, <see cref="DownloadFailed"/>, <see cref="NoSpace"/>.</summary>
        public string Outcome { get; set; }

        /// <summary>Free single-line detail such as an HTTP status; empty when the phone gave none.</summary>
        public string Detail { get; set; } = "";
    }
}
