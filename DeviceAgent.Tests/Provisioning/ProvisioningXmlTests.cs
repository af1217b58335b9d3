using DeviceAgent.Provisioning;
using nanoFramework.TestFramework;
using static DeviceAgent.Tests.Provisioning.ProvisioningSamples;

namespace DeviceAgent.Tests.Provisioning
{
    /// <summary>
    /// Round trips and accepted XML variations of the provisioning codec. XML rules cited from XML 1.0 (5th ed.):
    /// 2.3 quoting, 2.5 comments, 2.8 prolog, 2.11 line ends, 3.3.3 attribute normalisation, 4.1 references, 4.6 predefined entities.
    /// </summary>
    [TestClass]
    public class ProvisioningXmlTests
    {
        [TestMethod]
        public void WriteRequest_ReadRequest_RoundTrips()
        {
            ProvisionRequest read = ReadRequest(Text(ProvisioningXml.WriteRequest(Request())));

            AssertRequest(Request(), read);
        }

        [TestMethod]
        public void WriteRequest_Sample_IsTheDocumentedLayout()
        {
            Assert.AreEqual(RequestXml, Text(ProvisioningXml.WriteRequest(Request())));
        }

        [TestMethod]
        public void WriteResponse_Configuration_RoundTrips()
        {
            TelephonyConfiguration written = Configuration();
            ProvisionResponse read = ReadResponse(Text(ProvisioningXml.WriteResponse(ProvisionResponse.ForConfiguration(written))));

            Assert.AreEqual((int)ProvisionResponseKind.Configuration, (int)read.Kind);
            Assert.IsNull(read.Redirects);
            Assert.IsNull(read.Error);
            AssertConfiguration(written, read.Configuration);
        }

        [TestMethod]
        public void ReadResponse_Sample_AllFields()
        {
            TelephonyConfiguration c = ReadResponse(ConfigurationXml).Configuration;

            Assert.AreEqual("voip.example.net", c.Domain);
            Assert.AreEqual("ca1.example.net", c.CallAgentHost);
            Assert.AreEqual(5060, c.CallAgentPort);
            Assert.AreEqual("Reception", c.DeviceName);
            Assert.AreEqual("tftp://10.0.0.5/phones", c.FirmwareServer);
            Assert.AreEqual("phone-1.5.0.bin", c.FirmwareFile);
            Assert.AreEqual("1.5.0", c.FirmwareVersion);
            Assert.AreEqual((byte)0x9f, c.FirmwareSha256[0]);
            Assert.AreEqual((byte)0x08, c.FirmwareSha256[31]);
            Assert.AreEqual(86400, c.PollIntervalSeconds);
        }

        [TestMethod]
        public void WriteResponse_Redirect_RoundTripsInOrder()
        {
            var urls = new string[] { "https://prov2.example.net/provision", "http://10.1.2.3:8080/p?x=1&y=2", "https://p4.example.net" };
            ProvisionResponse read = ReadResponse(Text(ProvisioningXml.WriteResponse(ProvisionResponse.ForRedirect(urls))));

            Assert.AreEqual((int)ProvisionResponseKind.Redirect, (int)read.Kind);
            Assert.IsNull(read.Configuration);
            CollectionAssert.AreEqual(urls, read.Redirects);
        }

        [TestMethod]
        public void WriteResponse_ErrorWithRetryAfter_RoundTrips()
        {
            var error = new ProvisioningError { Code = ProvisioningError.ServerBusy, Text = "Try again later", RetryAfterSeconds = 30 };
            byte[] document = ProvisioningXml.WriteResponse(ProvisionResponse.ForError(error));
            ProvisionResponse read = ReadResponse(Text(document));

            Assert.Contains("<error code=\"server-busy\" retry-after=\"30\">Try again later</error>", Text(document));
            Assert.AreEqual((int)ProvisionResponseKind.Error, (int)read.Kind);
            Assert.AreEqual("server-busy", read.Error.Code);
            Assert.AreEqual("Try again later", read.Error.Text);
            Assert.AreEqual(30, read.Error.RetryAfterSeconds);
        }

        [TestMethod]
        public void WriteResponse_ErrorWithoutTextOrRetry_RoundTrips()
        {
            var error = new ProvisioningError { Code = ProvisioningError.UnknownDevice };
            ProvisionResponse read = ReadResponse(Text(ProvisioningXml.WriteResponse(ProvisionResponse.ForError(error))));

            Assert.AreEqual("unknown-device", read.Error.Code);
            Assert.AreEqual(string.Empty, read.Error.Text);
            Assert.AreEqual(-1, read.Error.RetryAfterSeconds);
        }

        [TestMethod]
        public void WriteResponse_MarkupCharactersAndNonAscii_EscapedAndRoundTrip()
        {
            TelephonyConfiguration written = Configuration();
            written.DeviceName = "A&B <\"x\"> 'y' Zürich € \uD83D\uDE00";
            var error = new ProvisioningError { Code = "bad-request", Text = "<mac> & \"ip\" aren't valid" };

            string configDocument = Text(ProvisioningXml.WriteResponse(ProvisionResponse.ForConfiguration(written)));
            string errorDocument = Text(ProvisioningXml.WriteResponse(ProvisionResponse.ForError(error)));

            Assert.Contains("<device-name>A&amp;B &lt;&quot;x&quot;&gt; &apos;y&apos; Zürich € \uD83D\uDE00</device-name>", configDocument);
            Assert.AreEqual(written.DeviceName, ReadResponse(configDocument).Configuration.DeviceName);
            Assert.Contains("&lt;mac&gt; &amp; &quot;ip&quot; aren&apos;t valid", errorDocument);
            Assert.AreEqual(error.Text, ReadResponse(errorDocument).Error.Text);
        }

        [TestMethod]
        public void ReadResponse_PredefinedEntitiesAndCharacterReferences_Decoded()
        {
            string xml = Replace(ConfigurationXml, "Reception", "&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#xe9;&#233;&#x20AC;&#x1F600;");

            Assert.AreEqual("<>&\"'ABéé€\uD83D\uDE00", ReadResponse(xml).Configuration.DeviceName);
        }

        [TestMethod]
        public void ReadResponse_ReferencesInAttribute_Decoded()
        {
            ProvisionResponse read = ReadResponse("<provision-response version='&#49;'><error code=\"server&#x2D;busy\" retry-after='&#51;0'>x</error></provision-response>");

            Assert.AreEqual("server-busy", read.Error.Code);
            Assert.AreEqual(30, read.Error.RetryAfterSeconds);
        }

        [TestMethod]
        public void ReadResponse_CommentsEverywhere_Ignored()
        {
            string xml = "<?xml version=\"1.0\"?><!-- before --><provision-response version=\"1\"><!-- in root -->" +
                "<error code=\"server-busy\"><!---->Try <!-- inside text - with dash -->later</error><!-- after error -->" +
                "</provision-response><!-- after root -->\n";

            Assert.AreEqual("Try later", ReadResponse(xml).Error.Text);
        }

        [TestMethod]
        public void ReadResponse_UnknownElementsAndAttributes_SkippedWithSubtree()
        {
            string xml = Replace(ConfigurationXml, "<device-name>", "<vendor x=\"1\"><port>1</port><config><domain>evil</domain></config>text &amp; more<deeper><a/><b c='d'/></deeper></vendor><device-name new-attribute=\"z\">");
            xml = Replace(xml, "</config>", "<future/></config><extension>x</extension>");
            xml = Replace(xml, "version=\"1\"", "version=\"1\" xmlns:v=\"urn:vendor\" v:extra='1'");

            TelephonyConfiguration c = ReadResponse(xml).Configuration;

            Assert.AreEqual(5060, c.CallAgentPort);
            Assert.AreEqual("voip.example.net", c.Domain);
            Assert.AreEqual("Reception", c.DeviceName);
        }

        [TestMethod]
        public void ReadResponse_ElementAndAttributeOrder_Irrelevant()
        {
            string xml = "<provision-response version='1'><error foo=\"bar\" retry-after='5' code = \"server-busy\" >busy</error></provision-response>";
            string reordered = "<provision-response version=\"1\"><config><poll-interval>60</poll-interval>" +
                "<firmware><sha256>" + Sha256Hex + "</sha256><version>2</version><file>f.bin</file><server>ftp://fw</server></firmware>" +
                "<device-name>d</device-name><call-agent><port>5060</port><host>10.0.0.1</host></call-agent><domain>x.y</domain>" +
                "</config></provision-response>";

            ProvisionResponse error = ReadResponse(xml);
            TelephonyConfiguration c = ReadResponse(reordered).Configuration;

            Assert.AreEqual("server-busy", error.Error.Code);
            Assert.AreEqual(5, error.Error.RetryAfterSeconds);
            Assert.AreEqual("10.0.0.1", c.CallAgentHost);
            Assert.AreEqual("ftp://fw", c.FirmwareServer);
            Assert.AreEqual(60, c.PollIntervalSeconds);
        }

        [TestMethod]
        public void ReadResponse_WhitespaceVariations_Accepted()
        {
            string xml = "  \t\n<provision-response\n\tversion\n=\n'1'\n>\n<config ><domain>\t voip.example.net \n</domain><call-agent\t><host>h</host ><port> 5060 </port\n>" +
                "</call-agent ><device-name>  Reception  desk </device-name><firmware><server>http://f</server><file>f</file><version>1</version>" +
                "<sha256>\n" + Sha256Hex + "\n</sha256></firmware><poll-interval>86400</poll-interval></config></provision-response \n>\n\n";

            TelephonyConfiguration c = ReadResponse(xml).Configuration;

            Assert.AreEqual("voip.example.net", c.Domain);
            Assert.AreEqual(5060, c.CallAgentPort);
            Assert.AreEqual("Reception  desk", c.DeviceName);
        }

        [TestMethod]
        public void ReadResponse_CompactSelfClosingError_Accepted()
        {
            ProvisionResponse read = ReadResponse("<provision-response version=\"1\"><error code=\"identity-mismatch\"/></provision-response>");

            Assert.AreEqual(ProvisioningError.IdentityMismatch, read.Error.Code);
            Assert.AreEqual(string.Empty, read.Error.Text);
        }

        [TestMethod]
        public void ReadResponse_CrLfLineEnds_Accepted()
        {
            string xml = ConfigurationXml;
            string crlf = string.Empty;
            for (int i = 0; i < xml.Length; i++)
            {
                crlf += xml[i] == '\n' ? "\r\n" : xml[i].ToString();
            }

            TelephonyConfiguration c = ReadResponse(crlf).Configuration;

            Assert.AreEqual("Reception", c.DeviceName);
            Assert.AreEqual(86400, c.PollIntervalSeconds);
        }

        [TestMethod]
        public void ReadResponse_ByteOrderMark_Accepted()
        {
            byte[] body = Bytes(ConfigurationXml);
            var withBom = new byte[body.Length + 3];
            withBom[0] = 0xEF;
            withBom[1] = 0xBB;
            withBom[2] = 0xBF;
            System.Array.Copy(body, 0, withBom, 3, body.Length);

            Assert.AreEqual(5060, ProvisioningXml.ReadResponse(withBom, 0, withBom.Length).Configuration.CallAgentPort);
        }

        [TestMethod]
        public void ReadResponse_DeclarationVariants_Accepted()
        {
            string body = Replace(ConfigurationXml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", string.Empty);

            Assert.AreEqual(5060, ReadResponse(body).Configuration.CallAgentPort);
            Assert.AreEqual(5060, ReadResponse("<?xml version='1.0' encoding='utf-8' standalone='yes' ?>" + body).Configuration.CallAgentPort);
            Assert.AreEqual(5060, ReadResponse("<?xml version=\"1.0\"?>" + body).Configuration.CallAgentPort);
        }

        [TestMethod]
        public void Feed_EveryChunkSize_SameResult()
        {
            byte[] document = Bytes(Replace(ConfigurationXml, "Reception", "R&#xe9;ception Zürich &amp; €"));
            var reader = new ProvisionResponseReader();
            for (int chunk = 1; chunk <= 17; chunk++)
            {
                reader.Reset();
                for (int offset = 0; offset < document.Length; offset += chunk)
                {
                    reader.Feed(document, offset, offset + chunk > document.Length ? document.Length - offset : chunk);
                }

                TelephonyConfiguration c = reader.Finish().Configuration;
                Assert.AreEqual("Réception Zürich & €", c.DeviceName, "chunk " + chunk.ToString());
                Assert.AreEqual(5060, c.CallAgentPort);
            }
        }

        [TestMethod]
        public void Feed_RequestInTwoChunks_SameAsWhole()
        {
            byte[] document = Bytes(RequestXml);
            var reader = new ProvisionRequestReader();
            reader.Feed(document, 0, 100);
            reader.Feed(document, 100, document.Length - 100);

            AssertRequest(Request(), reader.Finish());
        }

        [TestMethod]
        public void ReadRequest_UpperCaseMac_ReturnedLowerCase()
        {
            Assert.AreEqual("aa:bb:cc:0d:ee:ff", ReadRequest(Replace(RequestXml, "aa:bb:cc:dd:ee:ff", "AA:bB:Cc:0D:ee:FF")).Mac);
        }

        [TestMethod]
        public void ReadResponse_UpperCaseSha256_Accepted()
        {
            byte[] sha = ReadResponse(Replace(ConfigurationXml, Sha256Hex, Sha256Hex.ToUpper())).Configuration.FirmwareSha256;

            Assert.AreEqual(32, sha.Length);
            Assert.AreEqual((byte)0x9f, sha[0]);
        }

        [TestMethod]
        public void WriteResponse_IntoBuffer_SameBytesAtOffset()
        {
            ProvisionResponse response = ProvisionResponse.ForConfiguration(Configuration());
            byte[] whole = ProvisioningXml.WriteResponse(response);
            var buffer = new byte[whole.Length + 10];

            int count = ProvisioningXml.WriteResponse(response, buffer, 10);

            Assert.AreEqual(whole.Length, count);
            for (int i = 0; i < count; i++)
            {
                Assert.AreEqual(whole[i], buffer[10 + i]);
            }
        }

        internal static void AssertRequest(ProvisionRequest expected, ProvisionRequest actual)
        {
            Assert.AreEqual(expected.Product, actual.Product);
            Assert.AreEqual(expected.Customer, actual.Customer);
            Assert.AreEqual(expected.DeviceId, actual.DeviceId);
            Assert.AreEqual(expected.Serial, actual.Serial);
            Assert.AreEqual(expected.Mac, actual.Mac);
            Assert.AreEqual(expected.Ip, actual.Ip);
            Assert.AreEqual(expected.FirmwareVersion, actual.FirmwareVersion);
        }

        internal static void AssertConfiguration(TelephonyConfiguration expected, TelephonyConfiguration actual)
        {
            Assert.AreEqual(expected.Domain, actual.Domain);
            Assert.AreEqual(expected.CallAgentHost, actual.CallAgentHost);
            Assert.AreEqual(expected.CallAgentPort, actual.CallAgentPort);
            Assert.AreEqual(expected.DeviceName, actual.DeviceName);
            Assert.AreEqual(expected.FirmwareServer, actual.FirmwareServer);
            Assert.AreEqual(expected.FirmwareFile, actual.FirmwareFile);
            Assert.AreEqual(expected.FirmwareVersion, actual.FirmwareVersion);
            CollectionAssert.AreEqual(expected.FirmwareSha256, actual.FirmwareSha256);
            Assert.AreEqual(expected.PollIntervalSeconds, actual.PollIntervalSeconds);
        }
    }
}
