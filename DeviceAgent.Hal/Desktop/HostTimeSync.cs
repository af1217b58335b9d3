namespace DeviceAgent.Hal.Desktop
{
    /// <summary>The desktop host keeps its own clock synchronised, so there is nothing to do.</summary>
    public sealed class HostTimeSync : ITimeSync
    {
        /// <inheritdoc />
        public bool Sync(string[] servers, int timeoutMilliseconds, out string reason)
        {
            reason = null;
            return true;
        }
    }
}
