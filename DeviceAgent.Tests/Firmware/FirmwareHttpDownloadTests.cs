using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading.Tasks;
using DeviceAgent.Firmware;
using DeviceAgent.Hal.Desktop;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceAgent.Tests.Firmware
{
    /// <summary>
    /// The streaming verify fed by a real HTTP response body (HttpListener on loopback, HttpClient reading the body as
    /// a stream), until the agent's HTTP seam lands: the adapter below is what that seam's body stream needs.
    /// </summary>
    [TestClass]
    public class FirmwareHttpDownloadTests
    {
        /// <summary>A response body as an <see cref="IFirmwareSource"/>.</summary>
        private sealed class StreamFirmwareSource : IFirmwareSource
        {
            private readonly Stream body;
            private readonly int declared;

            public StreamFirmwareSource(Stream body, long? contentLength)
            {
                this.body = body;
                declared = contentLength is long n && n <= int.MaxValue ? (int)n : -1;
            }

            public bool Cancelled { get; private set; }

            public int Open() => declared;

            public int Read(byte[] buffer, int offset, int count) => body.Read(buffer, offset, count);

            public void Cancel(FirmwareOutcome outcome, string detail)
            {
                Cancelled = true;
                body.Dispose();
            }
        }

        private static int FreeTcpPort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        private static (FirmwareOutcome, FirmwareVerifier, long) DownloadOverHttp(byte[] image, byte[] expectedHash, FileFirmwareStore store)
        {
            var prefix = "http://127.0.0.1:" + FreeTcpPort() + "/";
            using var listener = new HttpListener();
            listener.Prefixes.Add(prefix);
            listener.Start();
            var serve = Task.Run(() =>
            {
                var context = listener.GetContext();
                context.Response.ContentLength64 = image.Length;
                for (int offset = 0; offset < image.Length; offset += 8192)
                {
                    context.Response.OutputStream.Write(image, offset, Math.Min(8192, image.Length - offset));
                }

                context.Response.Close();
            });
            using var client = new HttpClient();
            using var response = client.GetAsync(prefix + "fw.bin", HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult();
            using var body = response.Content.ReadAsStream();
            var verifier = new FirmwareVerifier(store, expectedHash, 8 * 1024 * 1024);
            long progressCalls = 0;
            verifier.Progress = (received, total) => progressCalls++;
            var outcome = FirmwareUpdate.Install(new StreamFirmwareSource(body, response.Content.Headers.ContentLength), verifier, new byte[4096]);
            serve.Wait(10000);
            return (outcome, verifier, progressCalls);
        }

        [TestMethod]
        public void Install_HttpBody_CommittedImageHasDotNetSha256()
        {
            int seed = Environment.TickCount & 0x7FFFFFFF;
            Console.WriteLine("seed " + seed);
            var image = new byte[3 * 1024 * 1024 + seed % 1000];
            new Random(seed).NextBytes(image);
            var directory = Path.Combine(Path.GetTempPath(), "da-http-" + Guid.NewGuid().ToString("N"));
            try
            {
                using var store = new FileFirmwareStore(directory);
                var (outcome, verifier, progressCalls) = DownloadOverHttp(image, SHA256.HashData(image), store);
                Assert.AreEqual(FirmwareOutcome.Success, outcome, verifier.Detail);
                CollectionAssert.AreEqual(SHA256.HashData(image), SHA256.HashData(File.ReadAllBytes(store.ImagePath)));
                Assert.AreEqual(image.Length / FirmwareVerifier.DefaultProgressStep + 1, progressCalls, "every 64 KB and at the end");
            }
            finally
            {
                Directory.Delete(directory, true);
            }
        }

        [TestMethod]
        public void Install_HttpBodyWrongHash_HashMismatchNothingCommitted()
        {
            var image = new byte[200000];
            new Random(4).NextBytes(image);
            var directory = Path.Combine(Path.GetTempPath(), "da-http-" + Guid.NewGuid().ToString("N"));
            try
            {
                using var store = new FileFirmwareStore(directory);
                var (outcome, _, _) = DownloadOverHttp(image, new byte[32], store);
                Assert.AreEqual(FirmwareOutcome.HashMismatch, outcome);
                Assert.IsFalse(File.Exists(store.ImagePath));
            }
            finally
            {
                Directory.Delete(directory, true);
            }
        }
    }
}
