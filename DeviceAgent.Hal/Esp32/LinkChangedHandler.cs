namespace DeviceAgent.Hal.Esp32
{
    /// <summary>
    /// Raised when the link of <paramref name="sender"/> comes up (associated, cable in) or goes down. Runs on the
    /// nanoFramework event thread: hand the news to the agent's own thread and return quickly.
    /// </summary>
    public delegate void LinkChangedHandler(Esp32NetworkInterface sender, bool isUp);
}
