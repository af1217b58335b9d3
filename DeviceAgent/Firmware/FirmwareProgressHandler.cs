namespace DeviceAgent.Firmware
{
    /// <summary>Reports download progress: <paramref name="received"/> bytes so far of <paramref name="total"/> (-1 when unknown).</summary>
    public delegate void FirmwareProgressHandler(int received, int total);
}
