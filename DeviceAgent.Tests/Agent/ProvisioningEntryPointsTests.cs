using DeviceAgent.Agent;
using DeviceAgent.Dhcp;
using DeviceAgent.Identity;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Agent
{
    /// <summary>
    /// Mapping of lease options to provisioning entry points: option 125 sub-option 210 (RFC 3925 §4 vendor block),
    /// option 66 (RFC 2132 §9.4), option 150 (RFC 5859), option 120 (RFC 3361).
    /// </summary>
    [TestClass]
    public class ProvisioningEntryPointsTests
    {
        private const string Path = "/provisioning/v1/request";

        [TestMethod]
        public void FromDhcp_AllResources_ManagementThenNameThenAddresses()
        {
            DhcpVoipOptions lease = ChainHarness.Lease("prov.example.com:8443", "cfg.example.net", new uint[] { 0x0A000005, 0x0A000006 }, null, true);
            string notes;
            string[] urls = ProvisioningEntryPoints.FromDhcp(lease, Path, out notes);

            Assert.AreEqual(4, urls.Length, notes);
            Assert.AreEqual("https://prov.example.com:8443" + Path, urls[0]);
            Assert.AreEqual("http://cfg.example.net" + Path, urls[1]);
            Assert.AreEqual("http://10.0.0.5" + Path, urls[2]);
            Assert.AreEqual("http://10.0.0.6" + Path, urls[3]);
            Assert.Contains("not a provisioning entry point", notes);
        }

        [TestMethod]
        public void FromDhcp_SameServerByNameAndAddress_ListedOnce()
        {
            string notes;
            string[] urls = ProvisioningEntryPoints.FromDhcp(ChainHarness.Lease(null, "10.0.0.5", new uint[] { 0x0A000005 }, null, false), Path, out notes);

            Assert.AreEqual(1, urls.Length);
            Assert.Contains("150 10.0.0.5 duplicate", notes);
        }

        [TestMethod]
        public void FromDhcp_SipOnly_NoEntryPoint()
        {
            string notes;
            Assert.AreEqual(0, ProvisioningEntryPoints.FromDhcp(ChainHarness.Lease(null, null, null, null, true), Path, out notes).Length);
            Assert.Contains("120, 125/204", notes);
        }

        [TestMethod]
        public void FromDhcp_NoLease_Empty()
        {
            string notes;
            Assert.AreEqual(0, ProvisioningEntryPoints.FromDhcp(null, Path, out notes).Length);
            Assert.AreEqual("no lease options", notes);
        }

        [TestMethod]
        public void FromDhcp_TftpUrlInOption66_Ignored()
        {
            string notes;
            Assert.AreEqual(0, ProvisioningEntryPoints.FromDhcp(ChainHarness.Lease(null, "tftp://10.0.0.5/phones", null, null, false), Path, out notes).Length);
            Assert.Contains("ignored", notes);
        }

        [TestMethod]
        public void FromServer_UrlWithoutPath_PathAdded()
        {
            Assert.AreEqual("https://prov.example.com" + Path, ProvisioningEntryPoints.FromServer("HTTPS://Prov.Example.com", false, Path));
            Assert.AreEqual("http://10.0.0.5:8080" + Path, ProvisioningEntryPoints.FromServer("http://10.0.0.5:8080/", true, Path));
        }

        [TestMethod]
        public void FromServer_UrlWithPath_KeptAsGiven()
        {
            Assert.AreEqual("http://10.0.0.5/phones/prov", ProvisioningEntryPoints.FromServer("http://10.0.0.5/phones/prov", true, Path));
        }

        [TestMethod]
        public void FromServer_BareHost_SchemeByOrigin()
        {
            Assert.AreEqual("https://prov.example.com" + Path, ProvisioningEntryPoints.FromServer("prov.example.com", true, Path));
            Assert.AreEqual("http://prov.example.com" + Path, ProvisioningEntryPoints.FromServer("prov.example.com", false, Path));
        }

        [TestMethod]
        public void FromServer_Malformed_Null()
        {
            Assert.IsNull(ProvisioningEntryPoints.FromServer("prov example", true, Path));
            Assert.IsNull(ProvisioningEntryPoints.FromServer("https://user@prov.example.com/", true, Path));
            Assert.IsNull(ProvisioningEntryPoints.FromServer("", true, Path));
            Assert.IsNull(ProvisioningEntryPoints.FromServer("prov.example.com:99999", true, Path));
        }

        [TestMethod]
        public void FromContact_HostAndPort_AlwaysHttps()
        {
            Assert.AreEqual("https://192.0.2.10:8443" + Path, ProvisioningEntryPoints.FromContact(ProvisioningContact.Parse("192.0.2.10:8443"), Path));
        }

        [TestMethod]
        public void IsHttps_Schemes_CaseInsensitive()
        {
            Assert.IsTrue(ProvisioningEntryPoints.IsHttps("HTTPS://a/"));
            Assert.IsFalse(ProvisioningEntryPoints.IsHttps("http://a/"));
            Assert.IsFalse(ProvisioningEntryPoints.IsHttps("https:/"));
        }
    }
}
