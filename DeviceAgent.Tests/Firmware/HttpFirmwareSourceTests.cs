using System.IO;
using DeviceAgent.Crypto;
using DeviceAgent.Firmware;
using DeviceAgent.Tests.Fakes;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Firmware
{
    /// <summary>An HTTP body as a firmware source: status checks, the announced size, chunked reads, the connection closed.</summary>
    [TestClass]
    public class HttpFirmwareSourceTests
    {
        private const string Url = "http://fw.example.com/phone.bin";

        [TestMethod]
        public void Install_Image_StreamedThroughSmallBufferAndCommitted()
        {
            byte[] image = Image(3000);
            RoutedHttpTransport http = new RoutedHttpTransport();
            http.Route(Url, 200, image);
            MemoryFirmwareStore store = new MemoryFirmwareStore(10000);
            HttpFirmwareSource source = new HttpFirmwareSource(http, Url, 1000);

            FirmwareOutcome outcome = FirmwareUpdate.Install(source, new FirmwareVerifier(store, Sha256.Compute(image, 0, image.Length), 10000), new byte[256]);

            Assert.AreEqual((int)FirmwareOutcome.Success, (int)outcome);
            CollectionAssert.AreEqual(image, store.Image());
            Assert.AreEqual(3000, store.ExpectedSize);
            Assert.IsTrue(store.LargestWrite <= 256);
            Assert.AreEqual(0, http.OpenResponses, "the connection is closed at the end of the body");
        }

        [TestMethod]
        public void Open_NotFound_IOExceptionAndClosed()
        {
            RoutedHttpTransport http = new RoutedHttpTransport();
            http.Route(Url, 404, new byte[0]);
            HttpFirmwareSource source = new HttpFirmwareSource(http, Url, 1000);

            Assert.ThrowsException(typeof(IOException), () => source.Open());
            Assert.AreEqual(0, http.OpenResponses);
        }

        [TestMethod]
        public void Install_Unreachable_DownloadFailedNamingTheServer()
        {
            MemoryFirmwareStore store = new MemoryFirmwareStore(10000);
            FirmwareVerifier verifier = new FirmwareVerifier(store, new byte[32], 10000);

            FirmwareOutcome outcome = FirmwareUpdate.Install(new HttpFirmwareSource(new RoutedHttpTransport(), Url, 1000), verifier, new byte[256]);

            Assert.AreEqual((int)FirmwareOutcome.DownloadFailed, (int)outcome);
            Assert.IsTrue(verifier.Detail.IndexOf("fw.example.com") >= 0, verifier.Detail);
            Assert.AreEqual(0, store.Begins);
        }

        [TestMethod]
        public void Install_TooLargeAnnounced_NoSpaceAndClosed()
        {
            RoutedHttpTransport http = new RoutedHttpTransport();
            http.Route(Url, 200, Image(5000));
            MemoryFirmwareStore store = new MemoryFirmwareStore(4000);

            FirmwareOutcome outcome = FirmwareUpdate.Install(new HttpFirmwareSource(http, Url, 1000), new FirmwareVerifier(store, new byte[32], 10000), new byte[256]);

            Assert.AreEqual((int)FirmwareOutcome.NoSpace, (int)outcome);
            Assert.AreEqual(0, http.OpenResponses, "cancel closes the connection");
        }

        private static byte[] Image(int length)
        {
            byte[] image = new byte[length];
            for (int i = 0; i < length; i++)
            {
                image[i] = (byte)(i * 13);
            }

            return image;
        }
    }
}
