using System;

namespace DeviceAgent.Tests.Fakes
{
    /// <summary>A Random that always draws the same value (clamped below maxValue), so jittered delays are exact.</summary>
    public sealed class FixedRandom : Random
    {
        private readonly int _value;

        public FixedRandom(int value)
        {
            _value = value;
        }

        public override int Next(int maxValue)
        {
            return _value < maxValue ? _value : maxValue - 1;
        }
    }
}
