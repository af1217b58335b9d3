using System;
using System.Collections;
using System.Runtime.CompilerServices;
using Ms = Microsoft.VisualStudio.TestTools.UnitTesting;

// Portable tests are written once, against the nanoFramework.TestFramework names, and compiled twice: by
// DeviceAgent.Tests.nfproj for the device and by this project for MSTest. This file is the whole bridge: it maps
// the nanoFramework names used by the portable tests onto MSTest. Add a member here only when a portable test needs it
// and it exists in ../shared/nanoframework-api/nanoFramework.TestFramework.txt.
namespace nanoFramework.TestFramework
{
    [AttributeUsage(AttributeTargets.Class)]
    public sealed class TestClassAttribute : Ms.TestClassAttribute
    {
    }

    [AttributeUsage(AttributeTargets.Method)]
    public sealed class TestMethodAttribute : Ms.TestMethodAttribute
    {
        public TestMethodAttribute([CallerFilePath] string callerFilePath = "", [CallerLineNumber] int callerLineNumber = -1)
            : base(callerFilePath, callerLineNumber)
        {
        }
    }

    public static class OutputHelper
    {
        public static void WriteLine(string message) => Console.WriteLine(message);

        public static void Write(string message) => Console.Write(message);
    }

    public static class Assert
    {
        public static void AreEqual(object expected, object actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);

        public static void AreEqual(string expected, string actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);

        public static void AreEqual(long expected, long actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);

        public static void AreEqual(ulong expected, ulong actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);

        public static void AreEqual(int expected, int actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);

        public static void AreEqual(uint expected, uint actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);

        public static void AreEqual(byte expected, byte actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);

        public static void AreEqual(bool expected, bool actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);

        public static void AreEqual(DateTime expected, DateTime actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);

        public static void AreNotEqual(object notExpected, object actual, string message = "") => Ms.Assert.AreNotEqual(notExpected, actual, message);

        public static void IsTrue(bool condition, string message = "") => Ms.Assert.IsTrue(condition, message);

        public static void IsFalse(bool condition, string message = "") => Ms.Assert.IsFalse(condition, message);

        public static void IsNull(object value, string message = "") => Ms.Assert.IsNull(value, message);

        public static void IsNotNull(object value, string message = "") => Ms.Assert.IsNotNull(value, message);

        public static void IsInstanceOfType(object value, Type expected, string message = "") => Ms.Assert.IsInstanceOfType(value, expected, message);

        public static void Contains(string expected, string value, string message = "") => Ms.Assert.Contains(expected, value, message);

        public static void StartsWith(string expected, string value, string message = "") => Ms.Assert.StartsWith(expected, value, message);

        public static void SkipTest(string message = null) => Ms.Assert.Inconclusive(message);

        /// <summary>Passes when <paramref name="action"/> throws exactly <paramref name="exception"/>, as on the device.</summary>
        public static void ThrowsException(Type exception, Action action, string message = "")
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                if (e.GetType() != exception)
                {
                    Ms.Assert.Fail($"expected {exception.Name} but got {e.GetType().Name}: {e.Message} {message}");
                }

                return;
            }

            Ms.Assert.Fail($"expected {exception.Name} but nothing was thrown {message}");
        }
    }

    public static class CollectionAssert
    {
        public static void AreEqual(ICollection expected, ICollection actual, string message = "") => Ms.CollectionAssert.AreEqual(expected, actual, message);
    }
}
