using DeviceAgent.Firmware;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Firmware
{
    [TestClass]
    public class FirmwareVersionTests
    {
        private static int Compare(string a, string b)
        {
            int result;
            Assert.IsTrue(FirmwareVersion.TryCompare(a, b, out result), a + " vs " + b);
            return result;
        }

        [TestMethod]
        public void TryCompare_NumericComponents_ComparesAsNumbers()
        {
            Assert.IsTrue(Compare("1.2.10", "1.2.9") > 0);
            Assert.IsTrue(Compare("1.2.9", "1.2.10") < 0);
            Assert.IsTrue(Compare("2.0", "1.99.99") > 0);
            Assert.IsTrue(Compare("10", "9") > 0);
            Assert.IsTrue(Compare("1.10.0", "1.9.100") > 0);
        }

        [TestMethod]
        public void TryCompare_EqualVersions_ReturnsZero()
        {
            Assert.AreEqual(0, Compare("1.2.3", "1.2.3"));
            Assert.AreEqual(0, Compare("1.2", "1.2.0"));
            Assert.AreEqual(0, Compare("1.2.0.0", "1.2"));
            Assert.AreEqual(0, Compare("01.002", "1.2"));
            Assert.AreEqual(0, Compare("0", "0.0"));
        }

        [TestMethod]
        public void TryCompare_MissingComponentIsZero_ExtraNonZeroIsNewer()
        {
            Assert.IsTrue(Compare("1.2.0.1", "1.2") > 0);
            Assert.IsTrue(Compare("1.2", "1.2.0.1") < 0);
        }

        [TestMethod]
        public void TryCompare_ComponentsLongerThanInt_ComparesByValue()
        {
            Assert.IsTrue(Compare("1.99999999999999999999", "1.99999999999999999998") > 0);
            Assert.IsTrue(Compare("1.0000000000000000000002", "1.3") < 0);
        }

        [TestMethod]
        public void TryCompare_NotDottedNumeric_ReturnsFalse()
        {
            string[] bad = { null, "", ".", "1.", ".1", "1..2", "1.2a", "v1.2", "1.2-rc1", " 1.2", "1,2" };
            int result;
            for (int i = 0; i < bad.Length; i++)
            {
                Assert.IsFalse(FirmwareVersion.IsValid(bad[i]), "'" + bad[i] + "'");
                Assert.IsFalse(FirmwareVersion.TryCompare(bad[i], "1.0", out result), "'" + bad[i] + "'");
                Assert.IsFalse(FirmwareVersion.TryCompare("1.0", bad[i], out result), "'" + bad[i] + "'");
                Assert.AreEqual(0, result);
            }
        }

        [TestMethod]
        public void ShouldInstall_NewerOnly()
        {
            Assert.IsTrue(FirmwareUpdate.ShouldInstall("1.2.10", "1.2.9"));
            Assert.IsFalse(FirmwareUpdate.ShouldInstall("1.2.9", "1.2.10"));
            Assert.IsFalse(FirmwareUpdate.ShouldInstall("1.2.0", "1.2"));
            Assert.IsFalse(FirmwareUpdate.ShouldInstall(null, "1.2"));
            Assert.IsFalse(FirmwareUpdate.ShouldInstall("", "1.2"));
        }

        [TestMethod]
        public void ShouldInstall_NotComparable_InstallsAnyOtherVersion()
        {
            Assert.IsTrue(FirmwareUpdate.ShouldInstall("1.3-beta", "1.2"));
            Assert.IsTrue(FirmwareUpdate.ShouldInstall("1.3", "unknown"));
            Assert.IsFalse(FirmwareUpdate.ShouldInstall("1.3-beta", "1.3-beta"));
        }
    }
}
