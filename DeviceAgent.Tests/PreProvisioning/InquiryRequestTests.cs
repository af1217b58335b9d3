using DeviceAgent.Identity;
using DeviceAgent.PreProvisioning;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.PreProvisioning
{
    /// <summary>The inquiry's request line; device IDs need no escaping (RFC 3986 section 2.3, unreserved characters).</summary>
    [TestClass]
    public class InquiryRequestTests
    {
        [TestMethod]
        public void PathAndQuery_UrlWithoutPath_ContactPathAtRoot()
        {
            PreProvisioningContact server = PreProvisioningContact.Parse("https://preprov.example.com");
            Assert.AreEqual("/v1/contact?device=PHONE-0001", InquiryRequest.PathAndQuery(server, "PHONE-0001"));
            Assert.AreEqual("https://preprov.example.com/v1/contact?device=PHONE-0001", InquiryRequest.Url(server, "PHONE-0001"));
        }

        [TestMethod]
        public void PathAndQuery_UrlWithPathAndQuery_PrefixKeptQueryAppended()
        {
            PreProvisioningContact server = PreProvisioningContact.Parse("http://192.0.2.1:8080/inquiry/?fleet=7");
            Assert.AreEqual("/inquiry/v1/contact?device=a.b_c-1&fleet=7", InquiryRequest.PathAndQuery(server, "a.b_c-1"));
            Assert.AreEqual("http://192.0.2.1:8080/inquiry/v1/contact?device=a.b_c-1&fleet=7", InquiryRequest.Url(server, "a.b_c-1"));
            Assert.AreEqual("/x/v1/contact?device=P", InquiryRequest.PathAndQuery(PreProvisioningContact.Parse("http://h/x"), "P"));
            Assert.AreEqual("/v1/contact?device=P&q", InquiryRequest.PathAndQuery(PreProvisioningContact.Parse("http://h?q"), "P"));
        }

        [TestMethod]
        public void PathAndQuery_BadDeviceId_Throws()
        {
            PreProvisioningContact server = PreProvisioningContact.Parse("http://h");
            Assert.ThrowsException(typeof(IdentityFormatException), () => InquiryRequest.PathAndQuery(server, "a&device=b"));
            Assert.ThrowsException(typeof(IdentityFormatException), () => InquiryRequest.PathAndQuery(server, ""));
        }
    }
}
