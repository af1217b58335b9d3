using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Xml;
using DeviceAgent.Provisioning;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceAgent.Tests.Provisioning
{
    /// <summary>
    /// Desktop only: random and mutated inputs may only ever produce ProvisioningFormatException, never hang, and what is
    /// accepted must be well-formed to System.Xml too.
    /// Set XML_FUZZ_SEED to replay a run; the seed is printed.
    /// </summary>
    [TestClass]
    public class ProvisioningXmlFuzzTests
    {
        private const int Inputs = 120_000;

        private static readonly string[] Fragments =
        {
            "<", ">", "/>", "</", "<!--", "-->", "<?xml version=\"1.0\"?>", "<!DOCTYPE x>", "<![CDATA[", "]]>", "&", "&amp;", "&#", "&#x",
            ";", "\"", "'", "=", " ", "\r\n", "\t", "<config>", "</config>", "<port>", "</port>", "<error code='x'>", "</error>",
            "<redirect>", "<server>", "</server>", "version=\"1\"", "<provision-response version=\"1\">", "</provision-response>",
            "\u00e9", "\u20ac", "\U0001F600", "\u0000", "&#xD800;", "&#1114112;", "&lt;", "<a><b><c><d><e><f><g><h><i>",
        };

        [TestMethod]
        [Timeout(300_000, CooperativeCancellation = true)]
        public void Read_RandomAndMutatedInputs_OnlyFormatException()
        {
            string fixedSeed = Environment.GetEnvironmentVariable("XML_FUZZ_SEED");
            int seed = fixedSeed != null ? int.Parse(fixedSeed) : Environment.TickCount;
            Console.WriteLine($"XML_FUZZ_SEED={seed}");
            var random = new Random(seed);

            byte[][] corpus =
            {
                Encoding.UTF8.GetBytes(ProvisioningSamples.ConfigurationXml),
                Encoding.UTF8.GetBytes(ProvisioningSamples.RequestXml),
                ProvisioningXml.WriteResponse(ProvisionResponse.ForConfiguration(ProvisioningXmlSystemXmlTests.RandomConfiguration(random))),
                ProvisioningXml.WriteResponse(ProvisionResponse.ForRedirect(new[] { "http://a:1/x", "https://10.0.0.1/p" })),
                ProvisioningXml.WriteResponse(ProvisionResponse.ForError(new ProvisioningError { Code = "server-busy", Text = "a&b", RetryAfterSeconds = 3 })),
                ProvisioningXml.WriteRequest(ProvisioningXmlSystemXmlTests.RandomRequest(random)),
            };

            var responseReader = new ProvisionResponseReader();
            var requestReader = new ProvisionRequestReader();
            int accepted = 0;
            var slowest = TimeSpan.Zero;
            for (int i = 0; i < Inputs; i++)
            {
                byte[] input = i % 10 == 0 ? RandomBytes(random) : Mutate(random, corpus[random.Next(corpus.Length)]);
                var watch = Stopwatch.StartNew();
                try
                {
                    if (random.Next(2) == 0)
                    {
                        responseReader.Reset();
                        FeedInChunks(random, input, responseReader.Feed);
                        responseReader.Finish();
                    }
                    else
                    {
                        requestReader.Reset();
                        FeedInChunks(random, input, requestReader.Feed);
                        requestReader.Finish();
                    }

                    accepted++;
                    AssertWellFormed(input, $"seed {seed} input {i}");
                }
                catch (ProvisioningFormatException e)
                {
                    Assert.IsTrue(e.Offset >= 0 && e.Offset <= input.Length, $"seed {seed} input {i}: offset {e.Offset} outside 0..{input.Length}");
                }
                catch (Exception e)
                {
                    Assert.Fail($"seed {seed} input {i}: {e}\n{Convert.ToBase64String(input)}");
                }

                if (watch.Elapsed > slowest)
                {
                    slowest = watch.Elapsed;
                }
            }

            Console.WriteLine($"{Inputs} inputs, {accepted} accepted, slowest {slowest.TotalMilliseconds:F1} ms");
            Assert.IsTrue(accepted > 0, "mutations never kept a document valid: the fuzzer is not reaching the value checks");
            Assert.IsTrue(slowest < TimeSpan.FromSeconds(1), $"seed {seed}: one input took {slowest}");
        }

        // Whatever we accept must be well-formed XML 1.0 to System.Xml as well: our reader is a subset, never more lenient.
        // Namespaces are off on both sides: the codec gives prefixes no meaning.
        private static void AssertWellFormed(byte[] input, string context)
        {
            try
            {
                using var reader = new XmlTextReader(new MemoryStream(input)) { Namespaces = false, DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
                while (reader.Read())
                {
                }
            }
            catch (XmlException e)
            {
                Assert.Fail($"{context}: accepted but System.Xml says {e.Message}\n{Encoding.UTF8.GetString(input)}");
            }
        }

        private static void FeedInChunks(Random random, byte[] input, Action<byte[], int, int> feed)
        {
            int chunk = random.Next(3) == 0 ? random.Next(1, 8) : input.Length + 1;
            for (int offset = 0; offset < input.Length; offset += chunk)
            {
                feed(input, offset, Math.Min(chunk, input.Length - offset));
            }
        }

        private static byte[] RandomBytes(Random random)
        {
            var input = new byte[random.Next(0, 300)];
            random.NextBytes(input);
            return input;
        }

        private static byte[] Mutate(Random random, byte[] document)
        {
            var bytes = new System.Collections.Generic.List<byte>(document);
            int mutations = random.Next(4) == 0 ? 0 : random.Next(1, 6);
            for (int m = 0; m < mutations && bytes.Count > 0; m++)
            {
                int at = random.Next(bytes.Count);
                switch (random.Next(7))
                {
                    case 0:
                        bytes[at] = (byte)random.Next(256);
                        break;
                    case 1:
                        bytes[at] ^= (byte)(1 << random.Next(8));
                        break;
                    case 2:
                        bytes.RemoveRange(at, Math.Min(random.Next(1, 20), bytes.Count - at));
                        break;
                    case 3:
                        bytes.InsertRange(at, Encoding.UTF8.GetBytes(Fragments[random.Next(Fragments.Length)]));
                        break;
                    case 4:
                        int length = Math.Min(random.Next(1, 60), bytes.Count - at);
                        bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                        break;
                    case 5:
                        bytes.RemoveRange(at, bytes.Count - at);
                        break;
                    default:
                        // Swap a byte with a neighbour: reorders tags and quotes without changing the length.
                        int other = Math.Min(at + 1, bytes.Count - 1);
                        (bytes[at], bytes[other]) = (bytes[other], bytes[at]);
                        break;
                }
            }

            if (random.Next(20) == 0)
            {
                bytes.AddRange(new byte[random.Next(4000, 5000)]);
            }

            return bytes.ToArray();
        }
    }
}
