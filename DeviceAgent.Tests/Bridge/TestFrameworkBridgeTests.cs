using System;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Bridge
{
    /// <summary>The bridge must keep the device semantics: ThrowsException wants the exact type.</summary>
    [TestClass]
    public class TestFrameworkBridgeTests
    {
        [TestMethod]
        public void ThrowsException_DerivedType_Fails()
        {
            var failed = false;
            try
            {
                Assert.ThrowsException(typeof(Exception), () => throw new InvalidOperationException("x"));
            }
            catch (Microsoft.VisualStudio.TestTools.UnitTesting.AssertFailedException)
            {
                failed = true;
            }

            Assert.IsTrue(failed, "a derived exception type must not satisfy ThrowsException");
        }

        [TestMethod]
        public void ThrowsException_NothingThrown_Fails()
        {
            var failed = false;
            try
            {
                Assert.ThrowsException(typeof(InvalidOperationException), () => { });
            }
            catch (Microsoft.VisualStudio.TestTools.UnitTesting.AssertFailedException)
            {
                failed = true;
            }

            Assert.IsTrue(failed);
        }
    }
}
