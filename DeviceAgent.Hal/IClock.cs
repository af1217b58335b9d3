using System;

namespace DeviceAgent.Hal
{
    /// <summary>
    /// Time as the agent sees it. Injected so that state machines run on the device, on the desktop
    /// and on virtual time in tests and the fleet simulator alike.
    /// </summary>
    public interface IClock
    {
        /// <summary>Milliseconds since an arbitrary start; never goes backwards, unaffected by time sync.</summary>
        long MonotonicMilliseconds { get; }

        /// <summary>Wall-clock time in UTC. Meaningless until <see cref="IsWallClockValid"/> is true.</summary>
        DateTime UtcNow { get; }

        /// <summary>True once the wall clock has been set (RTC or time sync); certificates and validity periods need it.</summary>
        bool IsWallClockValid { get; }
    }
}
