namespace DeviceAgent.Firmware
{
    /// <summary>
    /// The bytes of a firmware image as they come off the network (an HTTP response body, a TFTP transfer), pulled in
    /// chunks of the reader's choosing so the image never has to fit in RAM. Failures are thrown as exceptions whose
    /// message is a single line fit for the firmware report.
    /// </summary>
    public interface IFirmwareSource
    {
        /// <summary>Starts the transfer and returns the image size the server announced, or -1 when it gave none.</summary>
        int Open();

        /// <summary>
        /// Copies up to <paramref name="count"/> next bytes of the image to <paramref name="buffer"/> at
        /// <paramref name="offset"/>; returns how many (at least 1), or 0 at the end of the image.
        /// </summary>
        int Read(byte[] buffer, int offset, int count);

        /// <summary>
        /// Gives up the transfer before its end, telling the server why where the protocol can
        /// (<paramref name="outcome"/> <see cref="FirmwareOutcome.NoSpace"/> or another failure, and a detail text).
        /// </summary>
        void Cancel(FirmwareOutcome outcome, string detail);
    }
}
