using DeviceAgent.Benchmarks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceAgent.Tests.Agent
{
    /// <summary>
    /// Desktop only (not in the .nfproj): guards the goal the <c>cycle</c> benchmark prints, with the same workload
    /// (DeviceAgent.Benchmarks/PhoneCycle.cs): one inquiry + provisioning cycle allocates at most 16 KB on the phone side.
    /// </summary>
    [TestClass]
    public class CycleAllocationTests
    {
        [TestMethod]
        public void Run_NothingCached_AllocatesAtMost16KilobytesPerCycle()
        {
            var cycle = new PhoneCycle();

            var (total, inquiry, provisioning) = cycle.Measure(200, 500);

            System.Console.WriteLine($"per cycle: {total:N0} B (inquiry {inquiry:N0} B, provisioning {provisioning:N0} B)");
            Assert.IsTrue(total <= PhoneCycle.GoalBytes, $"{total:N0} B per cycle, goal {PhoneCycle.GoalBytes:N0} B");
            Assert.IsTrue(inquiry > 0 && provisioning > 0, "both halves measured");
        }

        [TestMethod]
        public void Run_NothingCached_ConfigurationFromScriptedServer()
        {
            var configuration = new PhoneCycle().Run();

            Assert.AreEqual("voip.example.net", configuration.Domain);
            Assert.AreEqual("https://prov.example.com:8443/firmware", configuration.FirmwareServer);
            Assert.AreEqual(3600, configuration.PollIntervalSeconds);
        }
    }
}
