using System;
using DeviceAgent.Hal;

namespace DeviceAgent.Tests.Fakes
{
    /// <summary>A clock that moves only when a test says so.</summary>
    public sealed class ManualClock : IClock
    {
        public long MonotonicMilliseconds { get; set; } = 1000;

        public DateTime UtcNow => new DateTime(2025, 1, 1).AddMilliseconds(MonotonicMilliseconds);

        public bool IsWallClockValid => true;

        public void Advance(long milliseconds)
        {
            MonotonicMilliseconds += milliseconds;
        }
    }
}
