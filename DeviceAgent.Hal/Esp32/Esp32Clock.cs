using System;

namespace DeviceAgent.Hal.Esp32
{
    /// <summary>
    /// ESP32 clocks: the tick counter for intervals, the RTC for wall time. The RTC starts in the past after a
    /// cold boot, so wall time counts as valid only once something (SNTP) has moved it past the build year.
    /// </summary>
    public sealed class Esp32Clock : IClock
    {
        private const int FirstPlausibleYear = 2025;

        /// <inheritdoc />
        public long MonotonicMilliseconds => Environment.TickCount64;

        /// <inheritdoc />
        public DateTime UtcNow => DateTime.UtcNow;

        /// <inheritdoc />
        public bool IsWallClockValid => DateTime.UtcNow.Year >= FirstPlausibleYear;
    }
}
