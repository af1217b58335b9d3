using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using DeviceAgent.Provisioning;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceAgent.Tests.Provisioning
{
    /// <summary>Desktop only: our writer and reader agree with System.Xml in both directions.</summary>
    [TestClass]
    public class ProvisioningXmlSystemXmlTests
    {
        private const int Documents = 1000;

        private static readonly XmlReaderSettings Strict = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };

        [TestMethod]
        public void WriteResponse_RandomConfigurations_SystemXmlReadsSameValues()
        {
            var random = Seeded(out int seed);
            for (int i = 0; i < Documents; i++)
            {
                TelephonyConfiguration c = RandomConfiguration(random);
                XElement config = Parse(ProvisioningXml.WriteResponse(ProvisionResponse.ForConfiguration(c))).Element("config");
                string context = $"seed {seed} document {i}";

                Assert.AreEqual(c.Domain, config.Element("domain").Value, context);
                Assert.AreEqual(c.CallAgentHost, config.Element("call-agent").Element("host").Value, context);
                Assert.AreEqual(c.CallAgentPort, (int)config.Element("call-agent").Element("port"), context);
                Assert.AreEqual(c.DeviceName, config.Element("device-name").Value, context);
                Assert.AreEqual(c.FirmwareServer, config.Element("firmware").Element("server").Value, context);
                Assert.AreEqual(c.FirmwareFile, config.Element("firmware").Element("file").Value, context);
                Assert.AreEqual(c.FirmwareVersion, config.Element("firmware").Element("version").Value, context);
                Assert.AreEqual(Convert.ToHexStringLower(c.FirmwareSha256), config.Element("firmware").Element("sha256").Value, context);
                Assert.AreEqual(c.PollIntervalSeconds, (int)config.Element("poll-interval"), context);
            }
        }

        [TestMethod]
        public void WriteResponseAndRequest_ErrorRedirectRequest_SystemXmlReadsSameValues()
        {
            var random = Seeded(out int seed);
            for (int i = 0; i < Documents; i++)
            {
                var error = new ProvisioningError { Code = "server-busy", Text = RandomText(random, 0, 45), RetryAfterSeconds = random.Next(-1, 86401) };
                XElement e = Parse(ProvisioningXml.WriteResponse(ProvisionResponse.ForError(error))).Element("error");
                Assert.AreEqual(error.Text, e.Value, $"seed {seed}");
                Assert.AreEqual(error.RetryAfterSeconds, e.Attribute("retry-after") is { } a ? (int)a : -1, $"seed {seed}");

                string[] urls = Enumerable.Range(0, random.Next(1, 5)).Select(_ => RandomUrl(random, false)).ToArray();
                XElement redirect = Parse(ProvisioningXml.WriteResponse(ProvisionResponse.ForRedirect(urls))).Element("redirect");
                CollectionAssert.AreEqual(urls, redirect.Elements("server").Select(s => s.Value).ToArray(), $"seed {seed}");

                ProvisionRequest request = RandomRequest(random);
                XElement root = Parse(ProvisioningXml.WriteRequest(request));
                Assert.AreEqual("1", root.Attribute("version").Value);
                Assert.AreEqual(request.Product, root.Element("header").Element("product").Value, $"seed {seed}");
                Assert.AreEqual(request.Customer, root.Element("header").Element("customer").Value, $"seed {seed}");
                Assert.AreEqual(request.Serial, root.Element("device").Element("serial").Value, $"seed {seed}");
                Assert.AreEqual(request.DeviceId, root.Element("device").Element("id").Value, $"seed {seed}");
                Assert.AreEqual(request.Mac, root.Element("device").Element("mac").Value, $"seed {seed}");
            }
        }

        [TestMethod]
        public void ReadResponse_RandomDocumentsFromXmlWriter_SameValues()
        {
            var random = Seeded(out int seed);
            for (int i = 0; i < Documents; i++)
            {
                TelephonyConfiguration c = RandomConfiguration(random);
                var settings = new XmlWriterSettings
                {
                    Encoding = new UTF8Encoding(random.Next(2) == 0),
                    Indent = random.Next(2) == 0,
                    IndentChars = random.Next(2) == 0 ? "\t" : "  ",
                    NewLineChars = random.Next(2) == 0 ? "\r\n" : "\n",
                    OmitXmlDeclaration = random.Next(2) == 0,
                };
                var stream = new MemoryStream();
                using (var w = XmlWriter.Create(stream, settings))
                {
                    w.WriteStartElement("provision-response");
                    Unknown(random, w, "ext-a");
                    w.WriteAttributeString("version", "1");
                    Unknown(random, w, "ext-b");
                    Unknown(random, w, null);
                    w.WriteStartElement("config");
                    var leaves = new Action[]
                    {
                        () => Leaf(random, w, "domain", c.Domain),
                        () =>
                        {
                            w.WriteStartElement("call-agent");
                            Shuffled(random, () => Leaf(random, w, "port", c.CallAgentPort.ToString()), () => Leaf(random, w, "host", c.CallAgentHost));
                            w.WriteEndElement();
                        },
                        () => Leaf(random, w, "device-name", c.DeviceName),
                        () =>
                        {
                            w.WriteStartElement("firmware");
                            Shuffled(
                                random,
                                () => Leaf(random, w, "server", c.FirmwareServer),
                                () => Leaf(random, w, "file", c.FirmwareFile),
                                () => Leaf(random, w, "version", c.FirmwareVersion),
                                () => Leaf(random, w, "sha256", random.Next(2) == 0 ? Convert.ToHexString(c.FirmwareSha256) : Convert.ToHexStringLower(c.FirmwareSha256)));
                            w.WriteEndElement();
                        },
                        () => Leaf(random, w, "poll-interval", c.PollIntervalSeconds.ToString()),
                    };
                    Shuffled(random, leaves);
                    w.WriteEndElement();
                    Unknown(random, w, null);
                    w.WriteEndElement();
                }

                byte[] document = stream.ToArray();
                TelephonyConfiguration read;
                try
                {
                    read = ProvisioningXml.ReadResponse(document, 0, document.Length).Configuration;
                }
                catch (ProvisioningFormatException e)
                {
                    Assert.Fail($"seed {seed} document {i}: {e.Message}\n{Encoding.UTF8.GetString(document)}");
                    throw;
                }

                ProvisioningXmlTests.AssertConfiguration(c, read);
            }
        }

        private static Random Seeded(out int seed)
        {
            seed = Environment.TickCount;
            Console.WriteLine($"seed {seed}");
            return new Random(seed);
        }

        private static XElement Parse(byte[] document)
        {
            using var reader = XmlReader.Create(new MemoryStream(document), Strict);
            return XDocument.Load(reader).Root;
        }

        private static void Leaf(Random random, XmlWriter w, string name, string value)
        {
            w.WriteStartElement(name);
            if (random.Next(4) == 0)
            {
                w.WriteAttributeString("unit", "x&y<\"'");
            }

            if (random.Next(6) == 0 && value.Length > 1 && !char.IsSurrogate(value[0]))
            {
                // Split the value around a comment; XML joins the text on both sides.
                w.WriteString(value.Substring(0, 1));
                w.WriteComment(" split ");
                w.WriteString(value.Substring(1));
            }
            else if (random.Next(6) == 0 && !char.IsSurrogate(value[0]))
            {
                w.WriteCharEntity(value[0]);
                w.WriteString(value.Substring(1));
            }
            else
            {
                w.WriteString(value);
            }

            w.WriteEndElement();
            Unknown(random, w, null);
        }

        // Extensions a later schema version might add: unknown attributes, elements with subtrees, comments.
        private static void Unknown(Random random, XmlWriter w, string attribute)
        {
            if (random.Next(3) != 0)
            {
                return;
            }

            if (attribute != null)
            {
                w.WriteAttributeString(attribute, RandomText(random, 0, 20));
                return;
            }

            switch (random.Next(3))
            {
                case 0:
                    w.WriteComment(RandomText(random, 0, 20).Replace("-", "_"));
                    break;
                case 1:
                    w.WriteElementString("vendor-" + random.Next(10), RandomText(random, 0, 40));
                    break;
                default:
                    w.WriteStartElement("future");
                    w.WriteAttributeString("a", "1");
                    w.WriteElementString("port", "not a port");
                    w.WriteStartElement("config");
                    w.WriteElementString("domain", "ignored");
                    w.WriteEndElement();
                    w.WriteEndElement();
                    break;
            }
        }

        private static void Shuffled(Random random, params Action[] actions)
        {
            foreach (Action action in actions.OrderBy(_ => random.Next()))
            {
                action();
            }
        }

        internal static TelephonyConfiguration RandomConfiguration(Random random)
        {
            var sha = new byte[32];
            random.NextBytes(sha);
            return new TelephonyConfiguration
            {
                Domain = RandomHost(random),
                CallAgentHost = random.Next(2) == 0 ? RandomHost(random) : RandomIp(random),
                CallAgentPort = random.Next(1, 65536),
                DeviceName = RandomText(random, 1, 15),
                FirmwareServer = RandomUrl(random, true),
                FirmwareFile = "fw-" + random.Next(1000) + (random.Next(2) == 0 ? ".bin" : "&v=1"),
                FirmwareVersion = random.Next(10) + "." + random.Next(100) + (random.Next(2) == 0 ? "-rc+1" : string.Empty),
                FirmwareSha256 = sha,
                PollIntervalSeconds = random.Next(10, 31536001),
            };
        }

        internal static ProvisionRequest RandomRequest(Random random)
        {
            var mac = new byte[6];
            random.NextBytes(mac);
            return new ProvisionRequest
            {
                Product = RandomText(random, 1, 15),
                Customer = RandomText(random, 1, 15),
                DeviceId = RandomText(random, 1, 15),
                Serial = RandomText(random, 1, 15),
                Mac = string.Join(":", mac.Select(b => b.ToString("x2"))),
                Ip = RandomIp(random),
                FirmwareVersion = "1." + random.Next(100),
            };
        }

        private static string RandomIp(Random random) => $"{random.Next(256)}.{random.Next(256)}.{random.Next(256)}.{random.Next(256)}";

        private static string RandomHost(Random random) =>
            string.Join(".", Enumerable.Range(0, random.Next(1, 4)).Select(_ => "h" + random.Next(1000) + (random.Next(2) == 0 ? "-x" : "Y")));

        private static string RandomUrl(Random random, bool firmware)
        {
            string[] schemes = firmware ? new[] { "ftp", "tftp", "http", "https" } : new[] { "http", "https" };
            string port = random.Next(2) == 0 ? ":" + random.Next(1, 65536) : string.Empty;
            string path = random.Next(2) == 0 ? "/p/" + random.Next(100) + "?a=1&b='2'" : string.Empty;
            return schemes[random.Next(schemes.Length)] + "://" + (random.Next(2) == 0 ? RandomHost(random) : RandomIp(random)) + port + path;
        }

        /// <summary>Single-line text with markup characters, non-ASCII and a surrogate pair, no surrounding spaces.</summary>
        internal static string RandomText(Random random, int min, int max)
        {
            const string Alphabet = "abcXYZ019 &<>\"'é€ßж中";
            var text = new StringBuilder();
            int length = random.Next(min, max + 1);
            for (int i = 0; i < length; i++)
            {
                if (random.Next(20) == 0)
                {
                    text.Append("\U0001F600");
                }
                else
                {
                    text.Append(Alphabet[random.Next(Alphabet.Length)]);
                }
            }

            string trimmed = text.ToString().Trim(' ');
            return trimmed.Length < min ? trimmed + "x" : trimmed;
        }
    }
}
