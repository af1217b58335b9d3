using System;

namespace DeviceAgent.Tests.Fakes
{
    /// <summary>Thrown by <see cref="PowerCutFlashStore"/> where the power failed; the write stops there.</summary>
    public sealed class PowerCutException : Exception
    {
        public PowerCutException(int operation)
            : base("power cut before byte operation " + operation.ToString())
        {
        }
    }
}
