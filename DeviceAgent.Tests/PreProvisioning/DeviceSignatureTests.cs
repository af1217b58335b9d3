using System;
using DeviceAgent.PreProvisioning;
using DeviceAgent.Tests.Crypto;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.PreProvisioning
{
    /// <summary>The DA-HMAC1 signature: HMAC-SHA-256 (RFC 2104) in an Authorization header (RFC 7235 section 2.1).</summary>
    [TestClass]
    public class DeviceSignatureTests
    {
        private const string Path = "/v1/contact?device=PHONE-0001";

        // Known answer computed independently (Python hmac/hashlib) over
        // "DA-HMAC1\nGET\n/v1/contact?device=PHONE-0001\nPHONE-0001\n1735689600" with the key 00 01 02 ... 1f.
        private const string KnownSignature = "3f9376064588a856a5467e2c82fbed890fafbea400d76a898a6854f4c67d0cc9";

        private static byte[] Secret()
        {
            byte[] secret = new byte[32];
            for (int i = 0; i < secret.Length; i++)
            {
                secret[i] = (byte)i;
            }

            return secret;
        }

        [TestMethod]
        public void Compute_KnownVector_MatchesIndependentHmac()
        {
            Assert.AreEqual(KnownSignature, HashTestData.Hex(DeviceSignature.Compute(Secret(), "GET", Path, "PHONE-0001", 1735689600)));
            Assert.AreEqual("c1f3c9d9fea2ea385f8c7623a349ac0117f1cc5465f5e3321602a3a237cd7d96",
                HashTestData.Hex(DeviceSignature.Compute(Secret(), "GET", "/inquiry/v1/contact?device=PHONE-0001&fleet=7", "PHONE-0001", 0)));
        }

        [TestMethod]
        public void Authorization_KnownVector_ExactHeader()
        {
            Assert.AreEqual("DA-HMAC1 device=PHONE-0001,ts=1735689600,sig=" + KnownSignature,
                DeviceSignature.Authorization(Secret(), "GET", Path, "PHONE-0001", 1735689600));
        }

        [TestMethod]
        public void ParseAuthorization_OwnHeader_VerifiesOnlyForSameRequest()
        {
            DeviceCredentials credentials = DeviceSignature.ParseAuthorization(DeviceSignature.Authorization(Secret(), "GET", Path, "PHONE-0001", 1735689600));
            Assert.AreEqual("PHONE-0001", credentials.DeviceId);
            Assert.AreEqual(1735689600L, credentials.Timestamp);
            Assert.IsTrue(DeviceSignature.Verify(Secret(), "GET", Path, credentials));
            Assert.IsFalse(DeviceSignature.Verify(Secret(), "POST", Path, credentials), "other method");
            Assert.IsFalse(DeviceSignature.Verify(Secret(), "GET", Path + "&x=1", credentials), "other path");
            Assert.IsFalse(DeviceSignature.Verify(HashTestData.Counting(31), "GET", Path, credentials), "other secret");
        }

        [TestMethod]
        public void ParseAuthorization_LenientSpellings_Accepted()
        {
            DeviceCredentials credentials = DeviceSignature.ParseAuthorization("da-hmac1   sig=" + KnownSignature.ToUpper() + " , ts=1735689600,device=PHONE-0001 ");
            Assert.AreEqual("PHONE-0001", credentials.DeviceId);
            Assert.IsTrue(DeviceSignature.Verify(Secret(), "GET", Path, credentials));
        }

        [TestMethod]
        public void ParseAuthorization_Malformed_NamesFieldAndOffset()
        {
            string sig = ",sig=" + KnownSignature;
            AssertHeaderError(null, "authorization", -1);
            AssertHeaderError("Bearer abc", "authorization", 0);
            AssertHeaderError("DA-HMAC1", "authorization", 0);
            AssertHeaderError("DA-HMAC1 ", "authorization", 9);
            AssertHeaderError("DA-HMAC1 device=P,ts=1", "sig", 22);                              // missing sig
            AssertHeaderError("DA-HMAC1 ts=1" + sig, "device", 82);                              // missing device
            AssertHeaderError("DA-HMAC1 device=P" + sig, "ts", 86);                              // missing ts
            AssertHeaderError("DA-HMAC1 device=P/1,ts=1" + sig, "device", 17);                    // bad device ID
            AssertHeaderError("DA-HMAC1 device=P,ts=-1" + sig, "ts", 21);
            AssertHeaderError("DA-HMAC1 device=P,ts=" + sig, "ts", 21);
            AssertHeaderError("DA-HMAC1 device=P,ts=1234567890123" + sig, "ts", 21);              // 13 digits
            AssertHeaderError("DA-HMAC1 device=P,ts=1,sig=abc", "sig", 27);                       // short
            AssertHeaderError("DA-HMAC1 device=P,ts=1,sig=" + KnownSignature.Substring(1) + "g", "sig", 90);
            AssertHeaderError("DA-HMAC1 device=P,device=P,ts=1" + sig, "device", 18);             // twice
            AssertHeaderError("DA-HMAC1 device=P,ts=1,nonce=2" + sig, "authorization", 23);       // unknown parameter
            AssertHeaderError("DA-HMAC1 device=P,ts=1,x" + sig, "authorization", 23);
        }

        [TestMethod]
        public void IsWithinWindow_Boundaries_300SecondsEitherWay()
        {
            Assert.IsTrue(DeviceSignature.IsWithinWindow(1000, 1300));
            Assert.IsFalse(DeviceSignature.IsWithinWindow(1000, 1301));
            Assert.IsTrue(DeviceSignature.IsWithinWindow(1300, 1000));
            Assert.IsFalse(DeviceSignature.IsWithinWindow(1301, 1000));
        }

        [TestMethod]
        public void ToUnixSeconds_KnownDates()
        {
            Assert.AreEqual(0L, DeviceSignature.ToUnixSeconds(new DateTime(1970, 1, 1, 0, 0, 0)));
            Assert.AreEqual(1735689600L, DeviceSignature.ToUnixSeconds(new DateTime(2025, 1, 1, 0, 0, 0)));
        }

        [TestMethod]
        public void Compute_BadArguments_Throw()
        {
            Assert.ThrowsException(typeof(ArgumentNullException), () => DeviceSignature.Compute(null, "GET", Path, "P", 1));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => DeviceSignature.Compute(Secret(), "GET", Path, "P", -1));
            Assert.ThrowsException(typeof(ArgumentException), () => DeviceSignature.Compute(Secret(), "GET", "/\u00e9", "P", 1));
        }

        private static void AssertHeaderError(string header, string field, int offset)
        {
            try
            {
                DeviceSignature.ParseAuthorization(header);
            }
            catch (PreProvisioningFormatException e)
            {
                Assert.AreEqual(field, e.Field, e.Message);
                Assert.AreEqual(offset, e.Offset, e.Message);
                return;
            }

            Assert.IsTrue(false, "parsed a malformed header: " + header);
        }
    }
}
