using System;
using DeviceAgent.Provisioning;
using nanoFramework.TestFramework;
using static DeviceAgent.Tests.Provisioning.ProvisioningSamples;

namespace DeviceAgent.Tests.Provisioning
{
    /// <summary>The firmware-report document of the provisioning codec (schema on ProvisioningXml).</summary>
    [TestClass]
    public class FirmwareReportTests
    {
        private const string ReportXml =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" +
            "<firmware-report version=\"1\">\n" +
            "  <serial>SN0042</serial>\n" +
            "  <mac>aa:bb:cc:dd:ee:ff</mac>\n" +
            "  <version>1.5.0</version>\n" +
            "  <outcome>hash-mismatch</outcome>\n" +
            "  <detail>got 3f2a &amp; expected 9f86</detail>\n" +
            "</firmware-report>\n";

        [TestMethod]
        public void WriteFirmwareReport_Sample_IsTheDocumentedLayout()
        {
            Assert.AreEqual(ReportXml, Text(ProvisioningXml.WriteFirmwareReport(Report())));
        }

        [TestMethod]
        public void WriteFirmwareReport_ReadFirmwareReport_RoundTrips()
        {
            FirmwareReport read = Read(Text(ProvisioningXml.WriteFirmwareReport(Report())));

            Assert.AreEqual("SN0042", read.Serial);
            Assert.AreEqual("aa:bb:cc:dd:ee:ff", read.Mac);
            Assert.AreEqual("1.5.0", read.Version);
            Assert.AreEqual(FirmwareReport.HashMismatch, read.Outcome);
            Assert.AreEqual("got 3f2a & expected 9f86", read.Detail);
        }

        [TestMethod]
        public void WriteFirmwareReport_EmptyDetail_OmitsElementAndReadsEmpty()
        {
            FirmwareReport report = Report();
            report.Outcome = FirmwareReport.Success;
            report.Detail = "";
            string xml = Text(ProvisioningXml.WriteFirmwareReport(report));

            Assert.IsFalse(xml.IndexOf("detail") >= 0);
            Assert.AreEqual("", Read(xml).Detail);
            Assert.AreEqual(FirmwareReport.Success, Read(xml).Outcome);
        }

        [TestMethod]
        public void ReadFirmwareReport_UpperCaseMac_ReadAsLowerCase()
        {
            Assert.AreEqual("aa:bb:cc:dd:ee:ff", Read(Replace(ReportXml, "aa:bb:cc:dd:ee:ff", "AA:BB:CC:DD:EE:FF")).Mac);
        }

        [TestMethod]
        public void ReadFirmwareReport_EveryOutcome_Accepted()
        {
            string[] outcomes = new string[] { FirmwareReport.Success, FirmwareReport.HashMismatch, FirmwareReport.DownloadFailed, FirmwareReport.NoSpace };
            for (int i = 0; i < outcomes.Length; i++)
            {
                Assert.AreEqual(outcomes[i], Read(Replace(ReportXml, "hash-mismatch", outcomes[i])).Outcome);
            }
        }

        [TestMethod]
        public void ReadFirmwareReport_UnknownOutcome_NamesOutcomeElement()
        {
            ProvisioningFormatException e = Fails(Replace(ReportXml, "hash-mismatch", "exploded"));

            Assert.AreEqual("firmware-report/outcome", e.Path);
            Assert.AreEqual("must be success, hash-mismatch, download-failed or no-space", e.Reason);
        }

        [TestMethod]
        public void ReadFirmwareReport_MissingMac_NamesMacElement()
        {
            ProvisioningFormatException e = Fails(Replace(ReportXml, "  <mac>aa:bb:cc:dd:ee:ff</mac>\n", ""));

            Assert.AreEqual("firmware-report/mac", e.Path);
            Assert.AreEqual("missing", e.Reason);
        }

        [TestMethod]
        public void ReadFirmwareReport_BadMac_Rejected()
        {
            Assert.AreEqual("firmware-report/mac", Fails(Replace(ReportXml, "aa:bb:cc:dd:ee:ff", "aa-bb-cc-dd-ee-ff")).Path);
        }

        [TestMethod]
        public void ReadFirmwareReport_ProvisionRequest_RootRejected()
        {
            ProvisioningFormatException e = Fails(RequestXml);

            Assert.AreEqual("root element must be <firmware-report>", e.Reason);
        }

        [TestMethod]
        public void ReadFirmwareReport_TruncatedAtEveryByte_ThrowsFormatException()
        {
            byte[] document = Bytes(ReportXml);
            int rootEnd = ReportXml.LastIndexOf('>');
            for (int length = 0; length < rootEnd; length++)
            {
                try
                {
                    ProvisioningXml.ReadFirmwareReport(document, 0, length);
                    Assert.IsTrue(false, "prefix of " + length.ToString() + " bytes accepted");
                }
                catch (ProvisioningFormatException)
                {
                }
            }
        }

        [TestMethod]
        public void WriteFirmwareReport_UnknownOutcome_ThrowsArgumentException()
        {
            FirmwareReport report = Report();
            report.Outcome = "Success";

            Assert.ThrowsException(typeof(ArgumentException), () => ProvisioningXml.WriteFirmwareReport(report));
        }

        private static FirmwareReport Report()
        {
            return new FirmwareReport
            {
                Serial = "SN0042",
                Mac = "aa:bb:cc:dd:ee:ff",
                Version = "1.5.0",
                Outcome = FirmwareReport.HashMismatch,
                Detail = "got 3f2a & expected 9f86",
            };
        }

        private static FirmwareReport Read(string xml)
        {
            byte[] bytes = Bytes(xml);
            return ProvisioningXml.ReadFirmwareReport(bytes, 0, bytes.Length);
        }

        private static ProvisioningFormatException Fails(string xml)
        {
            try
            {
                Read(xml);
            }
            catch (ProvisioningFormatException e)
            {
                return e;
            }

            Assert.IsTrue(false, "document accepted: " + xml);
            return null;
        }
    }
}
