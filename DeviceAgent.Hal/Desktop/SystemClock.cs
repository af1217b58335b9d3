using System;
using System.Diagnostics;

namespace DeviceAgent.Hal.Desktop
{
    /// <summary>The host's clocks; a desktop host always has a synchronised wall clock.</summary>
    public sealed class SystemClock : IClock
    {
        private readonly Stopwatch _since = Stopwatch.StartNew();

        /// <inheritdoc />
        public long MonotonicMilliseconds => _since.ElapsedMilliseconds;

        /// <inheritdoc />
        public DateTime UtcNow => DateTime.UtcNow;

        /// <inheritdoc />
        public bool IsWallClockValid => true;
    }
}
