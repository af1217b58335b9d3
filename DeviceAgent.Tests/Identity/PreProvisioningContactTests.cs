using DeviceAgent.Identity;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Identity
{
    /// <summary>http(s) URLs per RFC 3986 section 3, restricted to what a factory should write (see PreProvisioningContact).</summary>
    [TestClass]
    public class PreProvisioningContactTests
    {
        [TestMethod]
        public void Parse_HttpHostOnly_DefaultsPortAndPath()
        {
            PreProvisioningContact contact = PreProvisioningContact.Parse("http://preprov.example.com");
            Assert.IsFalse(contact.IsHttps);
            Assert.AreEqual("preprov.example.com", contact.Host);
            Assert.AreEqual(80, contact.Port);
            Assert.AreEqual("/", contact.Path);
            Assert.AreEqual("http://preprov.example.com", contact.Url);
        }

        [TestMethod]
        public void Parse_HttpsWithPortPathAndQuery_KeepsThem()
        {
            PreProvisioningContact contact = PreProvisioningContact.Parse("https://preprov.example.com:8443/inquiry/v1?model=x1");
            Assert.IsTrue(contact.IsHttps);
            Assert.AreEqual(8443, contact.Port);
            Assert.AreEqual("/inquiry/v1?model=x1", contact.Path);
            Assert.AreEqual("https://preprov.example.com:8443/inquiry/v1?model=x1", contact.ToString());
        }

        [TestMethod]
        public void Parse_HttpsWithoutPort_Uses443()
        {
            Assert.AreEqual(443, PreProvisioningContact.Parse("https://a.example/").Port);
        }

        [TestMethod]
        public void Parse_IPv4Host_Accepted()
        {
            PreProvisioningContact contact = PreProvisioningContact.Parse("http://192.0.2.1:8080/x");
            Assert.AreEqual("192.0.2.1", contact.Host);
            Assert.AreEqual(8080, contact.Port);
        }

        [TestMethod]
        public void Parse_MixedCase_SchemeAndHostLowerCasedPathKept()
        {
            Assert.AreEqual("https://preprov.example.com/Path", PreProvisioningContact.Parse("HTTPS://PreProv.Example.COM/Path").Url);
        }

        [TestMethod]
        public void Parse_QueryWithoutPath_Accepted()
        {
            PreProvisioningContact contact = PreProvisioningContact.Parse("http://a.example:81?x=1");
            Assert.AreEqual(81, contact.Port);
            Assert.AreEqual("?x=1", contact.Path);
        }

        [TestMethod]
        public void Parse_BadUrls_ThrowNamingField()
        {
            string[] bad = new string[]
            {
                null, "", "ftp://x", "http://", "http:///path", "http://a b", "http://host:0", "http://host:70000",
                "http://host:", "http://host:x", "http://user@host", "http://user:pw@host/", "host:8080",
                "preprov.example.com", "http//host", "http:/host", "http://[::1]/", "http://host/#frag",
                "http://host/a b", "\thttp://host", "http://-bad.example", "http://256.0.0.1/", "http://host:80:81/",
                "https://host\u00e9.example", "http://a.example/" + new string('c', 239), // 256 characters
            };
            for (int i = 0; i < bad.Length; i++)
            {
                string url = bad[i];
                try
                {
                    PreProvisioningContact.Parse(url);
                    Assert.IsTrue(false, "accepted '" + url + "'");
                }
                catch (IdentityFormatException e)
                {
                    Assert.AreEqual("preProvisioningUrl", e.Field, url);
                }
            }
        }

        [TestMethod]
        public void Parse_Space_OffsetPointsAtIt()
        {
            try
            {
                PreProvisioningContact.Parse("http://a b");
                Assert.IsTrue(false, "accepted a space");
            }
            catch (IdentityFormatException e)
            {
                Assert.AreEqual(8, e.Offset);
                Assert.Contains("space", e.Reason);
            }
        }

        [TestMethod]
        public void Parse_UserInfo_SaysSo()
        {
            try
            {
                PreProvisioningContact.Parse("http://user@host/");
                Assert.IsTrue(false, "accepted user info");
            }
            catch (IdentityFormatException e)
            {
                Assert.Contains("user info", e.Message);
            }
        }

        [TestMethod]
        public void Equals_SameNormalizedUrl()
        {
            Assert.AreEqual(PreProvisioningContact.Parse("HTTP://A.example/x"), PreProvisioningContact.Parse("http://a.example/x"));
            Assert.AreNotEqual(PreProvisioningContact.Parse("http://a.example/x"), PreProvisioningContact.Parse("http://a.example/X"));
        }
    }
}
