using System;
using System.Threading;
using nanoFramework.Networking;

namespace DeviceAgent.Hal.Esp32
{
    /// <summary>
    /// The ESP32's SNTP client: sets its (at most two) servers, starts it, asks for an update at once and polls the
    /// clock until it is plausible. The native client keeps running afterwards and corrects drift on its own.
    /// </summary>
    public sealed class SntpTimeSync : ITimeSync
    {
        private const int PollMilliseconds = 100;

        private readonly IClock _clock;

        /// <summary>Judges success by <paramref name="clock"/>'s <see cref="IClock.IsWallClockValid"/>.</summary>
        public SntpTimeSync(IClock clock)
        {
            if (clock == null)
            {
                throw new ArgumentNullException("clock");
            }

            _clock = clock;
        }

        /// <inheritdoc />
        public bool Sync(string[] servers, int timeoutMilliseconds, out string reason)
        {
            if (servers == null || servers.Length == 0)
            {
                reason = "no time server";
                return false;
            }

            try
            {
                Sntp.Server1 = servers[0];
                Sntp.Server2 = servers.Length > 1 ? servers[1] : servers[0];
                if (!Sntp.IsStarted)
                {
                    Sntp.Start();
                }

                Sntp.UpdateNow();
            }
            catch (Exception e)
            {
                reason = "SNTP: " + e.Message;
                return false;
            }

            for (int waited = 0; !_clock.IsWallClockValid; waited += PollMilliseconds)
            {
                if (waited >= timeoutMilliseconds)
                {
                    reason = "no answer from " + servers[0] + " within " + timeoutMilliseconds.ToString() + " ms";
                    return false;
                }

                Thread.Sleep(PollMilliseconds);
            }

            reason = null;
            return true;
        }
    }
}
