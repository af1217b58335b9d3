using System;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Fakes
{
    /// <summary>Seeds for randomized tests: fresh each run and printed, or fixed to replay a failure.</summary>
    public static class RandomSeed
    {
        /// <summary>Set to a printed seed to replay that run; 0 draws a fresh seed.</summary>
        public const int Fixed = 0;

        public static int Next()
        {
            int seed = Fixed != 0 ? Fixed : (int)(DateTime.UtcNow.Ticks & 0x7FFFFFFF);
            OutputHelper.WriteLine("seed " + seed.ToString());
            return seed;
        }
    }
}
