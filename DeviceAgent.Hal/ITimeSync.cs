namespace DeviceAgent.Hal
{
    /// <summary>
    /// Sets the wall clock from the network. HTTPS needs it (certificate validity) and so does judging how old a
    /// cached provisioning contact is; a cold-booted ESP32 has no idea of the date.
    /// </summary>
    public interface ITimeSync
    {
        /// <summary>
        /// Asks <paramref name="servers"/> (NTP host names or dotted IPv4 addresses, preferred first) for the time and
        /// waits at most <paramref name="timeoutMilliseconds"/>. Returns true when <see cref="IClock.IsWallClockValid"/>
        /// holds afterwards; otherwise <paramref name="reason"/> says why.
        /// </summary>
        bool Sync(string[] servers, int timeoutMilliseconds, out string reason);
    }
}
