using System;
using DeviceAgent.Provisioning;
using nanoFramework.TestFramework;
using static DeviceAgent.Tests.Provisioning.ProvisioningSamples;

namespace DeviceAgent.Tests.Provisioning
{
    /// <summary>
    /// Documents the codec must refuse, each with ProvisioningFormatException naming the element and offset. XML 1.0
    /// (5th ed.) 2.8 (DOCTYPE), 2.6 (processing instructions), 2.7 (CDATA), 3 (element matching), 4.3.3 (UTF-8).
    /// </summary>
    [TestClass]
    public class ProvisioningXmlMalformedTests
    {
        [TestMethod]
        public void ReadResponse_TruncatedAtEveryByte_ThrowsFormatException()
        {
            AssertEveryPrefixFails(Bytes(Replace(ConfigurationXml, "Reception", "Récep&amp;tion €")), true);
            AssertEveryPrefixFails(ProvisioningXml.WriteResponse(ProvisionResponse.ForRedirect(new string[] { "http://a", "https://b/c" })), true);
            AssertEveryPrefixFails(ProvisioningXml.WriteResponse(ProvisionResponse.ForError(new ProvisioningError { Code = "x", Text = "y", RetryAfterSeconds = 1 })), true);
            AssertEveryPrefixFails(Bytes(RequestXml), false);
        }

        [TestMethod]
        public void ReadResponse_Truncated_OffsetIsEndOfInput()
        {
            ProvisioningFormatException e = ResponseFails(ConfigurationXml.Substring(0, 200));

            Assert.AreEqual(200, e.Offset);
            Assert.AreEqual("document truncated", e.Reason);
        }

        [TestMethod]
        public void ReadResponse_BillionLaughsDoctype_Rejected()
        {
            string xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>\n" +
                "<provision-response version=\"1\"><error code=\"x\">&lol2;</error></provision-response>";

            ProvisioningFormatException e = ResponseFails(xml);

            Assert.AreEqual("DOCTYPE is not allowed", e.Reason);
            Assert.AreEqual(24, e.Offset);
        }

        [TestMethod]
        public void ReadResponse_ExternalEntity_Rejected()
        {
            Assert.AreEqual("DOCTYPE is not allowed", ResponseFails("<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><provision-response version=\"1\"><error code=\"x\">&x;</error></provision-response>").Reason);
            Assert.Contains("unknown entity", ResponseFails("<provision-response version=\"1\"><error code=\"x\">&x;</error></provision-response>").Reason);
            Assert.Contains("unknown entity", ResponseFails("<provision-response version=\"1\"><error code=\"x\">&ampx;</error></provision-response>").Reason);
        }

        [TestMethod]
        public void ReadResponse_ProcessingInstructionsAndCdata_Rejected()
        {
            Assert.AreEqual("processing instructions are not allowed", ResponseFails("<?xml version=\"1.0\"?><?xml-stylesheet href=\"a\"?>" + "<provision-response/>").Reason);
            Assert.AreEqual("processing instructions are not allowed", ResponseFails("<?php echo 1 ?><provision-response/>").Reason);
            Assert.AreEqual("processing instructions are not allowed", ResponseFails(" <?xml version=\"1.0\"?><provision-response/>").Reason);
            Assert.AreEqual("processing instructions are not allowed", ResponseFails(Replace(ConfigurationXml, "<config>", "<config><?pi x?>")).Reason);
            Assert.AreEqual("CDATA sections are not allowed", ResponseFails(Replace(ConfigurationXml, "Reception", "<![CDATA[Reception]]>")).Reason);
            Assert.AreEqual("unsupported XML declaration", ResponseFails("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><provision-response/>").Reason);
            Assert.AreEqual("unsupported XML declaration", ResponseFails("<?xml version=\"1.1\"?><provision-response/>").Reason);
        }

        [TestMethod]
        public void ReadResponse_MismatchedEndTag_NamesOpenElement()
        {
            ProvisioningFormatException e = ResponseFails(Replace(ConfigurationXml, "5060</port>", "5060</host>"));

            Assert.AreEqual("provision-response/config/call-agent/port", e.Path);
            Assert.Contains("</host>", e.Reason);
        }

        [TestMethod]
        public void ReadResponse_StructuralErrors_Rejected()
        {
            ResponseFails("<provision-response version=\"1\"><error code=\"x\"/></provision-response><provision-response/>");
            ResponseFails("<provision-response version=\"1\"><error code=\"x\"/></provision-response>trailing");
            ResponseFails("leading<provision-response version=\"1\"><error code=\"x\"/></provision-response>");
            ResponseFails("<provision-response version=\"1\"><error code=\"x\" code=\"y\"/></provision-response>");
            ResponseFails("<provision-response version=\"1\"><error code=x/></provision-response>");
            ResponseFails("<provision-response version=\"1\"><error code=\"x\"retry-after=\"1\"/></provision-response>");
            ResponseFails("<provision-response version=\"1\"><error code=\"a<b\"/></provision-response>");
            ResponseFails("<provision-response version=\"1\"><error code=\"x\">a &amp b</error></provision-response>");
            ResponseFails("<provision-response version=\"1\"><error code=\"x\">&#0;</error></provision-response>");
            ResponseFails("<provision-response version=\"1\"><error code=\"x\">a]]>b</error></provision-response>");
            ResponseFails("<provision-response version=\"1\"><error code=\"x\">&#xD800;</error></provision-response>");
            ResponseFails("<provision-response version=\"1\"><error code=\"x\">&#x110000;</error></provision-response>");
            ResponseFails("<provision-response version=\"1\"><!-- a -- b --><error code=\"x\"/></provision-response>");
            ResponseFails("<provision-response version=\"1\"><error code=\"x\"/></provision-response");
            ResponseFails("</provision-response>");
            ResponseFails(string.Empty);
            ResponseFails("   ");
        }

        [TestMethod]
        public void ReadResponse_WrongRootOrVersion_Rejected()
        {
            Assert.AreEqual("root element must be <provision-response>", ResponseFails(RequestXml).Reason);
            Assert.AreEqual("provision-response/@version", ResponseFails(Replace(ConfigurationXml, "version=\"1\"", "version=\"2\"")).Path);
            Assert.AreEqual("provision-response/@version", ResponseFails(Replace(ConfigurationXml, " version=\"1\"", string.Empty)).Path);
        }

        [TestMethod]
        public void ReadResponse_NestedTooDeep_Rejected()
        {
            // provision-response and config are levels 1 and 2, so a..f reach the limit of 8 and g exceeds it.
            string deep = "<a><b><c><d><e><f x='1'></f></e></d></c></b></a>";
            string tooDeep = "<a><b><c><d><e><f><g/></f></e></d></c></b></a>";

            Assert.AreEqual(5060, ReadResponse(Replace(ConfigurationXml, "<config>", "<config>" + deep)).Configuration.CallAgentPort);
            Assert.AreEqual("elements nested deeper than 8", ResponseFails(Replace(ConfigurationXml, "<config>", "<config>" + tooDeep)).Reason);
        }

        [TestMethod]
        public void ReadResponse_OversizedValue_Rejected()
        {
            string longName = new string('n', 257);

            ProvisioningFormatException e = ResponseFails(Replace(ConfigurationXml, "Reception", longName));

            Assert.AreEqual("value longer than 256 bytes", e.Reason);
            Assert.AreEqual("provision-response/config/device-name", e.Path);
            Assert.AreEqual(ConfigurationXml.IndexOf("Reception") + 256, e.Offset);
            Assert.AreEqual("longer than 64 bytes", ResponseFails(Replace(ConfigurationXml, "Reception", new string('n', 65))).Reason);
            Assert.AreEqual("name longer than 32 bytes", ResponseFails(Replace(ConfigurationXml, "<config>", "<config><" + new string('x', 33) + "/>")).Reason);
        }

        [TestMethod]
        public void ReadResponse_DocumentLongerThan4096_Rejected()
        {
            string xml = Replace(ConfigurationXml, "<config>", "<config><!--" + new string('c', 4096) + "-->");

            ProvisioningFormatException e = ResponseFails(xml);

            Assert.AreEqual(4096, e.Offset);
            Assert.Contains("4096", e.Reason);
        }

        [TestMethod]
        public void ReadResponse_MissingRequiredField_NamesElement()
        {
            string xml = Replace(ConfigurationXml, "      <port>5060</port>\n", string.Empty);

            ProvisioningFormatException e = ResponseFails(xml);

            Assert.AreEqual("missing", e.Reason);
            Assert.AreEqual("provision-response/config/call-agent/port", e.Path);
            Assert.AreEqual(xml.IndexOf("</call-agent>"), e.Offset);
            Assert.AreEqual("provision-request/device/mac", Fails(Bytes(Replace(RequestXml, "<mac>aa:bb:cc:dd:ee:ff</mac>", string.Empty)), false).Path);
            Assert.AreEqual("provision-response/error/@code", ResponseFails("<provision-response version=\"1\"><error/></provision-response>").Path);
        }

        [TestMethod]
        public void ReadResponse_NoneOrSeveralAlternatives_Rejected()
        {
            Assert.AreEqual("one of config, redirect or error expected", ResponseFails("<provision-response version=\"1\"></provision-response>").Reason);
            Assert.AreEqual("more than one of config, redirect and error", ResponseFails(Replace(ConfigurationXml, "</config>", "</config><error code=\"x\"/>")).Reason);
        }

        [TestMethod]
        public void ReadResponse_DuplicateKnownElement_Rejected()
        {
            ProvisioningFormatException e = ResponseFails(Replace(ConfigurationXml, "<port>5060</port>", "<port>5060</port><port>5061</port>"));

            Assert.AreEqual("duplicate element", e.Reason);
            Assert.AreEqual("provision-response/config/call-agent/port", e.Path);
            Assert.AreEqual(ConfigurationXml.IndexOf("<port>") + 17, e.Offset);
        }

        [TestMethod]
        public void ReadResponse_TooManyRedirects_Rejected()
        {
            string five = "<provision-response version=\"1\"><redirect><server>http://a</server><server>http://b</server><server>http://c</server>" +
                "<server>http://d</server><server>http://e</server></redirect></provision-response>";

            Assert.AreEqual("more than 4 elements", ResponseFails(five).Reason);
            Assert.AreEqual("provision-response/redirect/server", ResponseFails("<provision-response version=\"1\"><redirect/></provision-response>").Path);
        }

        [TestMethod]
        public void ReadResponse_TextInContainerOrElementInValue_Rejected()
        {
            Assert.AreEqual("text inside a container element", ResponseFails(Replace(ConfigurationXml, "<call-agent>", "<call-agent>stray")).Reason);
            Assert.AreEqual("element inside a value", ResponseFails(Replace(ConfigurationXml, "5060", "50<b/>60")).Reason);
        }

        [TestMethod]
        public void ReadResponse_BadPort_NamesElementAndOffset()
        {
            string[] bad = new string[] { "0", "65536", "50a0", "-1", "+80", "0x50", "", "9999999999" };
            for (int i = 0; i < bad.Length; i++)
            {
                string xml = Replace(ConfigurationXml, "<port>5060</port>", "<port>" + bad[i] + "</port>");
                ProvisioningFormatException e = ResponseFails(xml);

                Assert.AreEqual("provision-response/config/call-agent/port", e.Path, bad[i]);
                Assert.AreEqual(xml.IndexOf("<port>") + (bad[i].Length == 0 ? 0 : 6), e.Offset, bad[i]);
            }
        }

        [TestMethod]
        public void ReadRequest_BadMacOrIp_NamesElement()
        {
            string[] macs = new string[] { "aa:bb:cc:dd:ee", "aa-bb-cc-dd-ee-ff", "aa:bb:cc:dd:ee:fg", "aabbccddeeff", "aa:bb:cc:dd:ee:ff:00" };
            for (int i = 0; i < macs.Length; i++)
            {
                Assert.AreEqual("provision-request/device/mac", Fails(Bytes(Replace(RequestXml, "aa:bb:cc:dd:ee:ff", macs[i])), false).Path, macs[i]);
            }

            string[] ips = new string[] { "256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "1..3.4", "a.b.c.d", "1.2.3.4 5", "" };
            for (int i = 0; i < ips.Length; i++)
            {
                Assert.AreEqual("provision-request/device/ip", Fails(Bytes(Replace(RequestXml, "192.0.2.10", ips[i])), false).Path, ips[i]);
            }
        }

        [TestMethod]
        public void ReadResponse_BadSha256_NamesElement()
        {
            string[] bad = new string[] { Sha256Hex.Substring(1), Sha256Hex + "0", Replace(Sha256Hex, "9f", "9g"), "" };
            for (int i = 0; i < bad.Length; i++)
            {
                Assert.AreEqual("provision-response/config/firmware/sha256", ResponseFails(Replace(ConfigurationXml, Sha256Hex, bad[i])).Path, bad[i]);
            }
        }

        [TestMethod]
        public void ReadResponse_BadUrlsAndHosts_NamesElement()
        {
            string[] servers = new string[] { "gopher://x/y", "tftp:/x", "TFTP://x", "tftp://", "tftp://a b/", "tftp://x:0/", "tftp://-x/", "tftp://[::1]/", "tftp://u@x/", "10.0.0.5" };
            for (int i = 0; i < servers.Length; i++)
            {
                Assert.AreEqual("provision-response/config/firmware/server", ResponseFails(Replace(ConfigurationXml, "tftp://10.0.0.5/phones", servers[i])).Path, servers[i]);
            }

            string redirect = "<provision-response version=\"1\"><redirect><server>http://ok</server><server>tftp://x</server></redirect></provision-response>";
            ProvisioningFormatException e = ResponseFails(redirect);
            Assert.AreEqual("provision-response/redirect/server", e.Path);
            Assert.AreEqual(redirect.IndexOf("tftp://x"), e.Offset);

            Assert.AreEqual("provision-response/config/call-agent/host", ResponseFails(Replace(ConfigurationXml, "ca1.example.net", "ca1..example.net")).Path);
            Assert.AreEqual("provision-response/config/call-agent/host", ResponseFails(Replace(ConfigurationXml, "ca1.example.net", "300.1.1.1")).Path);
            Assert.AreEqual("provision-response/config/firmware/file", ResponseFails(Replace(ConfigurationXml, "phone-1.5.0.bin", "../etc/x")).Path);
            Assert.AreEqual("provision-response/config/poll-interval", ResponseFails(Replace(ConfigurationXml, "86400", "5")).Path);
            Assert.AreEqual("provision-response/error/@retry-after", ResponseFails("<provision-response version=\"1\"><error code=\"x\" retry-after=\"-1\"/></provision-response>").Path);
            Assert.AreEqual("provision-response/error/@code", ResponseFails("<provision-response version=\"1\"><error code=\"Busy\"/></provision-response>").Path);
        }

        [TestMethod]
        public void ReadResponse_InvalidUtf8_Rejected()
        {
            byte[][] sequences = new byte[][]
            {
                new byte[] { 0xC0, 0x80 }, new byte[] { 0x80 }, new byte[] { 0xED, 0xA0, 0x80 }, new byte[] { 0xF4, 0x90, 0x80, 0x80 },
                new byte[] { 0xE2, 0x82 }, new byte[] { 0xFF }, new byte[] { 0xEF, 0xBF, 0xBE }, new byte[] { 0x01 },
            };
            byte[] document = Bytes(ConfigurationXml);
            int at = ConfigurationXml.IndexOf("Reception");
            for (int i = 0; i < sequences.Length; i++)
            {
                var bad = new byte[document.Length + sequences[i].Length];
                Array.Copy(document, bad, at);
                Array.Copy(sequences[i], 0, bad, at, sequences[i].Length);
                Array.Copy(document, at, bad, at + sequences[i].Length, document.Length - at);

                ProvisioningFormatException e = Fails(bad, true);

                Assert.AreEqual("provision-response/config/device-name", e.Path, i.ToString());
                Assert.IsTrue(e.Offset >= at && e.Offset < at + 4, i.ToString());
            }
        }

        [TestMethod]
        public void WriteResponse_InvalidValues_ThrowArgumentException()
        {
            TelephonyConfiguration c = Configuration();
            c.CallAgentPort = 0;
            Assert.ThrowsException(typeof(ArgumentException), () => ProvisioningXml.WriteResponse(ProvisionResponse.ForConfiguration(c)));
            c = Configuration();
            c.FirmwareSha256 = new byte[31];
            Assert.ThrowsException(typeof(ArgumentException), () => ProvisioningXml.WriteResponse(ProvisionResponse.ForConfiguration(c)));
            c = Configuration();
            c.DeviceName = "two\nlines";
            Assert.ThrowsException(typeof(ArgumentException), () => ProvisioningXml.WriteResponse(ProvisionResponse.ForConfiguration(c)));
            c = Configuration();
            c.DeviceName = "lone \uD800 surrogate";
            Assert.ThrowsException(typeof(ArgumentException), () => ProvisioningXml.WriteResponse(ProvisionResponse.ForConfiguration(c)));
            Assert.ThrowsException(typeof(ArgumentException), () => ProvisioningXml.WriteResponse(ProvisionResponse.ForRedirect(new string[] { "ftp://x" })));
            Assert.ThrowsException(typeof(ArgumentException), () => ProvisioningXml.WriteResponse(ProvisionResponse.ForRedirect(new string[0])));
            ProvisionRequest r = Request();
            r.Mac = "aa:bb";
            Assert.ThrowsException(typeof(ArgumentException), () => ProvisioningXml.WriteRequest(r));
            Assert.ThrowsException(typeof(ArgumentException), () => ProvisioningXml.WriteRequest(Request(), new byte[100], 0));
        }

        private static void AssertEveryPrefixFails(byte[] document, bool response)
        {
            int rootEnd = document.Length;
            while (document[rootEnd - 1] != '>')
            {
                rootEnd--;
            }

            for (int length = 0; length < rootEnd; length++)
            {
                var prefix = new byte[length];
                Array.Copy(document, prefix, length);
                Fails(prefix, response);
            }
        }
    }
}
