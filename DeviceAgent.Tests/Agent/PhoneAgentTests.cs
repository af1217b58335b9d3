using System;
using System.Collections;
using DeviceAgent.Agent;
using DeviceAgent.Crypto;
using DeviceAgent.Dhcp;
using DeviceAgent.Firmware;
using DeviceAgent.Hal;
using DeviceAgent.Identity;
using DeviceAgent.PreProvisioning;
using DeviceAgent.Provisioning;
using DeviceAgent.Tests.Dhcp;
using DeviceAgent.Tests.Fakes;
using DeviceAgent.Tests.Tftp;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Agent
{
    /// <summary>
    /// The whole power-up on fakes: an in-memory DHCP server behind the socket, HTTP answered by URL, power-cut flash,
    /// a firmware store in RAM and a clock that moves only when something waits.
    /// </summary>
    [TestClass]
    public class PhoneAgentTests
    {
        private const string PreProvisioningUrl = "https://preprov.example.com/";
        private const string EntryPoint = "https://prov.example.com:8443/provisioning/v1/request";
        private const string ReportUrl = "https://prov.example.com:8443/provisioning/v1/firmware-report";
        private const string FirmwareUrl = "https://prov.example.com:8443/firmware/phone-1.1.0.bin";
        private const string NewEntryPoint = "https://prov2.example.com:8443/provisioning/v1/request";

        [TestMethod]
        public void Run_NewPhone_InquiryConfigurationFirmwareAndReport()
        {
            Rig rig = new Rig();
            rig.AnswerInquiry();
            rig.Http.Route(EntryPoint, 200, ProvisioningXml.WriteResponse(ProvisionResponse.ForConfiguration(rig.Configuration("1.1.0"))));
            rig.Http.Route(FirmwareUrl, 200, rig.Image);
            rig.Http.Route(ReportUrl, 204, new byte[0]);

            PhoneAgentResult result = rig.Run();

            Assert.IsTrue(result.Configured, rig.Log());
            Assert.AreEqual(EntryPoint, result.ConfiguredBy);
            Assert.AreEqual("prov.example.com:8443", result.Record.ProvisioningContact.ToString());
            Assert.AreEqual((int)FirmwareOutcome.Success, (int)result.Firmware);
            Assert.IsTrue(result.FirmwareReported);
            CollectionAssert.AreEqual(rig.Image, rig.Store.Image());
            Assert.AreEqual(1, rig.Store.Commits);
            Assert.IsTrue(rig.Store.LargestWrite <= new PhoneSettings().FirmwareChunkSize, "the image streams through the small buffer");
            string[] order = new string[]
            {
                "identity succeeded", "dhcp succeeded", "dhcp-options skipped", "cached-contact skipped", "inquiry succeeded",
                "store succeeded", "provisioning succeeded", "discovery succeeded", "firmware started", "firmware succeeded",
                "report succeeded", "done succeeded",
            };
            rig.AssertInOrder(order);
            Assert.IsTrue(rig.Has("dhcp-options skipped: no provisioning entry point in the lease: none of 125/210, 66, 150 in the lease"), rig.Log());

            ProvisionRequest sent = ProvisioningXml.ReadRequest(rig.Http.BodyOf(EntryPoint), 0, rig.Http.BodyOf(EntryPoint).Length);
            Assert.AreEqual("10.77.10.100", sent.Ip, "IP from the lease");
            Assert.AreEqual("02:00:00:00:00:01", sent.Mac, "MAC from the interface");
            Assert.AreEqual("PHONE-0001", sent.DeviceId);
            Assert.AreEqual("SN-0001", sent.Serial);
            Assert.AreEqual("C-1000", sent.Customer);
            Assert.AreEqual("1.0.0", sent.FirmwareVersion);

            FirmwareReport report = ProvisioningXml.ReadFirmwareReport(rig.Http.BodyOf(ReportUrl), 0, rig.Http.BodyOf(ReportUrl).Length);
            Assert.AreEqual(FirmwareReport.Success, report.Outcome);
            Assert.AreEqual("1.1.0", report.Version);
            Assert.AreEqual("SN-0001", report.Serial);
            Assert.AreEqual("02:00:00:00:00:01", report.Mac);
        }

        [TestMethod]
        public void Run_SameVersionOffered_UpToDateAndNotReported()
        {
            Rig rig = new Rig();
            rig.AnswerInquiry();
            rig.Http.Route(EntryPoint, 200, ProvisioningXml.WriteResponse(ProvisionResponse.ForConfiguration(rig.Configuration("1.0.0"))));

            PhoneAgentResult result = rig.Run();

            Assert.IsTrue(result.Configured, rig.Log());
            Assert.AreEqual((int)FirmwareOutcome.UpToDate, (int)result.Firmware);
            Assert.AreEqual(0, rig.Http.CountOf(FirmwareUrl));
            Assert.AreEqual(0, rig.Http.CountOf(ReportUrl));
            Assert.IsTrue(rig.Has("firmware skipped: up to date"), rig.Log());
            Assert.AreEqual(0, rig.Store.Begins);
        }

        [TestMethod]
        public void Run_CachedContactSecondPowerUp_NoInquiry()
        {
            Rig rig = new Rig();
            rig.AnswerInquiry();
            rig.Http.Route(EntryPoint, 200, ProvisioningXml.WriteResponse(ProvisionResponse.ForConfiguration(rig.Configuration("1.0.0"))));
            PhoneAgentResult first = rig.Run();
            rig.Events.Clear();

            PhoneAgentResult second = rig.Run(first.Lease);

            Assert.IsTrue(second.Configured, rig.Log());
            Assert.AreEqual(1, rig.Http.CountOf(rig.InquiryUrl), "the second power-up asks no pre-provisioning server");
            Assert.IsTrue(rig.Has("cached-contact started: prov.example.com:8443"), rig.Log());
            Assert.IsTrue(rig.Has("rebooted with the stored lease"), rig.Log());
        }

        [TestMethod]
        public void Run_WrongHash_HashMismatchReportedStillConfigured()
        {
            Rig rig = new Rig();
            rig.AnswerInquiry();
            TelephonyConfiguration configuration = rig.Configuration("1.1.0");
            configuration.FirmwareSha256 = new byte[32];
            rig.Http.Route(EntryPoint, 200, ProvisioningXml.WriteResponse(ProvisionResponse.ForConfiguration(configuration)));
            rig.Http.Route(FirmwareUrl, 200, rig.Image);
            rig.Http.Route(ReportUrl, 204, new byte[0]);

            PhoneAgentResult result = rig.Run();

            Assert.IsTrue(result.Configured);
            Assert.AreEqual((int)FirmwareOutcome.HashMismatch, (int)result.Firmware);
            Assert.AreEqual(0, rig.Store.Commits);
            FirmwareReport report = ProvisioningXml.ReadFirmwareReport(rig.Http.BodyOf(ReportUrl), 0, rig.Http.BodyOf(ReportUrl).Length);
            Assert.AreEqual(FirmwareReport.HashMismatch, report.Outcome);
            Assert.IsTrue(rig.Has("firmware failed: 1.1.0 from " + FirmwareUrl + ": hash-mismatch"), rig.Log());
            Assert.IsTrue(rig.Has("1.0.0 keeps running"), rig.Log());
        }

        [TestMethod]
        public void Run_FirmwareMissing_DownloadFailedReported()
        {
            Rig rig = new Rig();
            rig.AnswerInquiry();
            rig.Http.Route(EntryPoint, 200, ProvisioningXml.WriteResponse(ProvisionResponse.ForConfiguration(rig.Configuration("1.1.0"))));
            rig.Http.Route(FirmwareUrl, 404, new byte[0]);
            rig.Http.Route(ReportUrl, 204, new byte[0]);

            PhoneAgentResult result = rig.Run();

            Assert.AreEqual((int)FirmwareOutcome.DownloadFailed, (int)result.Firmware);
            Assert.AreEqual("HTTP 404", result.FirmwareDetail);
            FirmwareReport report = ProvisioningXml.ReadFirmwareReport(rig.Http.BodyOf(ReportUrl), 0, rig.Http.BodyOf(ReportUrl).Length);
            Assert.AreEqual(FirmwareReport.DownloadFailed, report.Outcome);
            Assert.AreEqual("HTTP 404", report.Detail);
        }

        [TestMethod]
        public void Run_ReportRefused_ConfiguredAndSaysUnreported()
        {
            Rig rig = new Rig();
            rig.AnswerInquiry();
            rig.Http.Route(EntryPoint, 200, ProvisioningXml.WriteResponse(ProvisionResponse.ForConfiguration(rig.Configuration("1.1.0"))));
            rig.Http.Route(FirmwareUrl, 200, rig.Image);
            rig.Http.Route(ReportUrl, 500, new byte[0]);

            PhoneAgentResult result = rig.Run();

            Assert.IsTrue(result.Configured);
            Assert.IsFalse(result.FirmwareReported);
            Assert.IsTrue(rig.Has("report failed: POST " + ReportUrl + ": HTTP 500; the outcome (success) stays unreported"), rig.Log());
        }

        [TestMethod]
        public void Run_TftpFirmwareServer_DownloadedOverTheBoardSocket()
        {
            Rig rig = new Rig();
            rig.AnswerInquiry();
            TelephonyConfiguration configuration = rig.Configuration("1.1.0");
            configuration.FirmwareServer = "tftp://127.0.0.2/phones/";
            rig.Http.Route(EntryPoint, 200, ProvisioningXml.WriteResponse(ProvisionResponse.ForConfiguration(configuration)));
            rig.Http.Route(ReportUrl, 204, new byte[0]);
            rig.Tftp = new FakeTftpServer(rig.Clock, rig.Image, "phones/phone-1.1.0.bin");

            PhoneAgentResult result = rig.Run();

            Assert.AreEqual((int)FirmwareOutcome.Success, (int)result.Firmware, rig.Log());
            CollectionAssert.AreEqual(rig.Image, rig.Store.Image());
            Assert.IsTrue(rig.Has("downloading tftp://127.0.0.2/phones/phone-1.1.0.bin"), rig.Log());
        }

        [TestMethod]
        public void Run_TftpServerByName_DownloadFailedWithReason()
        {
            Rig rig = new Rig();
            rig.AnswerInquiry();
            TelephonyConfiguration configuration = rig.Configuration("1.1.0");
            configuration.FirmwareServer = "tftp://tftp.example.com/phones";
            rig.Http.Route(EntryPoint, 200, ProvisioningXml.WriteResponse(ProvisionResponse.ForConfiguration(configuration)));
            rig.Http.Route(ReportUrl, 204, new byte[0]);

            PhoneAgentResult result = rig.Run();

            Assert.AreEqual((int)FirmwareOutcome.DownloadFailed, (int)result.Firmware);
            Assert.IsTrue(result.FirmwareDetail.IndexOf("dotted IPv4") >= 0, result.FirmwareDetail);
        }

        [TestMethod]
        public void Run_DhcpSilent_FailsAtDhcpWithRetryTime()
        {
            Rig rig = new Rig();
            rig.Dhcp.Answering = false;

            PhoneAgentResult result = rig.Run();

            Assert.IsFalse(result.Configured);
            Assert.AreEqual(PhoneAgent.StepDhcp, result.FailedStep);
            Assert.AreEqual(0, rig.Http.Count);
            Assert.AreEqual(rig.Clock.MonotonicMilliseconds + new DiscoverySettings().FailedRetryMilliseconds, result.RetryAtMilliseconds);
            Assert.IsTrue(rig.Has("dhcp failed: no lease within 30 s for 02:00:00:00:00:01"), rig.Log());
            Assert.IsTrue(rig.Has("discovery not started, next power-up phase in 300 s"), rig.Log());
        }

        [TestMethod]
        public void Run_NoIdentity_FailsAtIdentity()
        {
            Rig rig = new Rig();

            PhoneAgentResult result = rig.Run(null, false);

            Assert.IsFalse(result.Configured);
            Assert.AreEqual(PhoneAgent.StepIdentity, result.FailedStep);
            Assert.AreEqual(0, rig.Dhcp.Sent, "no network without an identity");
            Assert.IsTrue(rig.Has("identity failed: no identity in flash"), rig.Log());
        }

        [TestMethod]
        public void Run_UnknownDevice_FailsAtDiscoveryWithReasons()
        {
            Rig rig = new Rig();
            rig.Http.Route(rig.InquiryUrl, 404, new byte[0]);

            PhoneAgentResult result = rig.Run();

            Assert.IsFalse(result.Configured);
            Assert.AreEqual(PhoneAgent.StepDiscovery, result.FailedStep);
            Assert.IsTrue(result.Reasons.Length > 0);
            Assert.IsTrue(rig.Has("discovery failed: no configuration from any source: "), rig.Log());
            Assert.IsTrue(rig.Has("next power-up phase in"), rig.Log());
            Assert.AreEqual(0, rig.Store.Begins);
        }

        [TestMethod]
        public void Run_NoDhcpSocket_StaticAddressInRequest()
        {
            Rig rig = new Rig();
            rig.UseDhcp = false;
            rig.AnswerInquiry();
            rig.Http.Route(EntryPoint, 200, ProvisioningXml.WriteResponse(ProvisionResponse.ForConfiguration(rig.Configuration("1.0.0"))));

            PhoneAgentResult result = rig.Run();

            Assert.IsTrue(result.Configured, rig.Log());
            Assert.IsNull(result.Lease);
            ProvisionRequest sent = ProvisioningXml.ReadRequest(rig.Http.BodyOf(EntryPoint), 0, rig.Http.BodyOf(EntryPoint).Length);
            Assert.AreEqual("127.0.0.1", sent.Ip);
            Assert.IsTrue(rig.Has("dhcp skipped: no DHCP on this board; static address 127.0.0.1"), rig.Log());
        }

        // RFC 3203 with RFC 6704 §3: an authenticated FORCERENEW makes the client renew; the renewal ACK carries a new
        // option 125 sub-option 210, so the agent provisions again from the entry point it names.
        [TestMethod]
        public void HoldOnce_AuthenticatedForceRenewChangesOption125_ReprovisionsFromNewEntryPoint()
        {
            Rig rig = ConfiguredWithReconfigureKey();
            TelephonyConfiguration moved = rig.Configuration("1.0.0");
            moved.DeviceName = "Lobby";
            rig.Http.Route(NewEntryPoint, 200, ProvisioningXml.WriteResponse(ProvisionResponse.ForConfiguration(moved)));
            rig.Dhcp.Server.ManagementServer = "prov2.example.com:8443";
            rig.Dhcp.Inject(rig.Dhcp.Server.ForceRenew(rig.Network.HardwareAddress, rig.Dhcp.Server.Address, 2, DhcpFakeServer.DefaultKey));

            PhoneAgentResult next = rig.Hold(4, 500);

            Assert.IsNotNull(next, rig.Log());
            Assert.IsTrue(next.Configured, rig.Log());
            Assert.AreEqual(NewEntryPoint, next.ConfiguredBy);
            Assert.AreEqual("Lobby", next.Configuration.DeviceName);
            Assert.AreEqual("prov2.example.com:8443", next.Lease.VoipOptions.ManagementServer);
            Assert.AreEqual(1, rig.Agent.DhcpRunner.Client.ForceRenewAcceptedCount);
            rig.AssertInOrder(new string[] { "reprovision started", "dhcp-options started", "provisioning succeeded", "firmware skipped", "done succeeded" });
            Assert.IsTrue(rig.Has("reprovision started: provisioning options changed after FORCERENEW"), rig.Log());
            Assert.AreEqual(1, rig.Http.CountOf(NewEntryPoint));
        }

        [TestMethod]
        public void HoldOnce_AuthenticatedForceRenewSameOptions_RenewsWithoutReprovisioning()
        {
            Rig rig = ConfiguredWithReconfigureKey();
            int sent = rig.Dhcp.Sent;
            int requests = rig.Http.Count;
            rig.Dhcp.Inject(rig.Dhcp.Server.ForceRenew(rig.Network.HardwareAddress, rig.Dhcp.Server.Address, 2, DhcpFakeServer.DefaultKey));

            Assert.IsNull(rig.Hold(4, 500), rig.Log());

            Assert.AreEqual(1, rig.Agent.DhcpRunner.Client.ForceRenewAcceptedCount);
            Assert.AreEqual(sent + 1, rig.Dhcp.Sent, "one renewal REQUEST");
            Assert.AreEqual((int)DhcpClientState.Bound, (int)rig.Agent.DhcpRunner.Client.State);
            Assert.AreEqual(requests, rig.Http.Count, "no HTTP at all");
            Assert.IsFalse(rig.Has("reprovision"), rig.Log());
        }

        [TestMethod]
        public void HoldOnce_UnauthenticatedForceRenew_NothingChanges()
        {
            Rig rig = ConfiguredWithReconfigureKey();
            int sent = rig.Dhcp.Sent;
            int requests = rig.Http.Count;
            rig.Dhcp.Server.ManagementServer = "prov2.example.com:8443";
            rig.Dhcp.Inject(rig.Dhcp.Server.ForceRenew(rig.Network.HardwareAddress, rig.Dhcp.Server.Address, 2, null));

            Assert.IsNull(rig.Hold(4, 500), rig.Log());

            Assert.AreEqual(1, rig.Agent.DhcpRunner.Client.ForceRenewUnauthenticatedCount);
            Assert.AreEqual(0, rig.Agent.DhcpRunner.Client.ForceRenewAcceptedCount);
            Assert.AreEqual(sent, rig.Dhcp.Sent, "no renewal");
            Assert.AreEqual(requests, rig.Http.Count);
            Assert.IsNull(rig.Agent.DhcpRunner.Client.Lease.VoipOptions.ManagementServer);
            Assert.IsFalse(rig.Has("reprovision"), rig.Log());
        }

        [TestMethod]
        public void HoldOnce_PollIntervalElapses_ReprovisionsThroughTheCachedContact()
        {
            Rig rig = new Rig();
            rig.AnswerInquiry();
            TelephonyConfiguration configuration = rig.Configuration("1.0.0");
            configuration.PollIntervalSeconds = 600;
            rig.Http.Route(EntryPoint, 200, ProvisioningXml.WriteResponse(ProvisionResponse.ForConfiguration(configuration)));
            Assert.IsTrue(rig.Run().Configured, rig.Log());
            long configuredAt = rig.Clock.MonotonicMilliseconds;
            Assert.AreEqual(configuredAt + 600000, rig.Agent.NextProvisioningAt);
            rig.Events.Clear();

            PhoneAgentResult next = rig.Hold(20, 60000);

            Assert.IsNotNull(next, rig.Log());
            Assert.IsTrue(next.Configured, rig.Log());
            Assert.IsTrue(rig.Clock.MonotonicMilliseconds >= configuredAt + 600000, "not before the interval");
            Assert.IsTrue(rig.Clock.MonotonicMilliseconds < configuredAt + 660000, "within one turn of it");
            Assert.IsTrue(rig.Has("reprovision started: poll interval of 600 s elapsed"), rig.Log());
            Assert.IsTrue(rig.Has("cached-contact started: prov.example.com:8443"), rig.Log());
            Assert.AreEqual(2, rig.Http.CountOf(EntryPoint));
            Assert.AreEqual(1, rig.Http.CountOf(rig.InquiryUrl));
            Assert.IsTrue(rig.Agent.NextProvisioningAt >= rig.Clock.MonotonicMilliseconds + 600000 - 1000, "the next poll is scheduled");
        }

        [TestMethod]
        public void HoldOnce_NotConfigured_Throws()
        {
            Rig rig = new Rig();
            rig.Http.Route(rig.InquiryUrl, 404, new byte[0]);
            Assert.IsFalse(rig.Run().Configured);

            Assert.ThrowsException(typeof(InvalidOperationException), () => rig.Agent.HoldOnce(500));
        }

        [TestMethod]
        public void Origin_Urls_SchemeHostAndPortOnly()
        {
            Assert.AreEqual("https://prov.example.com:8443", PhoneAgent.Origin("https://prov.example.com:8443/provisioning/v1/request"));
            Assert.AreEqual("http://10.0.0.1", PhoneAgent.Origin("http://10.0.0.1"));
            Assert.AreEqual("http://10.0.0.1", PhoneAgent.Origin("http://10.0.0.1?x=/y"));
            Assert.IsNull(PhoneAgent.Origin("prov.example.com/x"));
            Assert.IsNull(PhoneAgent.Origin(null));
        }

        [TestMethod]
        public void FirmwareUrl_ServerWithOrWithoutSlash_OneSlash()
        {
            TelephonyConfiguration configuration = new TelephonyConfiguration { FirmwareServer = "http://fw/phones/", FirmwareFile = "a.bin" };
            Assert.AreEqual("http://fw/phones/a.bin", PhoneAgent.FirmwareUrl(configuration));
            configuration.FirmwareServer = "http://fw/phones";
            Assert.AreEqual("http://fw/phones/a.bin", PhoneAgent.FirmwareUrl(configuration));
        }

        [TestMethod]
        public void FormatMac_Bytes_LowerCaseColons()
        {
            Assert.AreEqual("0a:bb:00:01:fe:ff", PhoneAgent.FormatMac(new byte[] { 0x0A, 0xBB, 0x00, 0x01, 0xFE, 0xFF }));
        }

        private static Rig ConfiguredWithReconfigureKey()
        {
            Rig rig = new Rig();
            rig.Dhcp.Server.ReconfigureKey = DhcpFakeServer.DefaultKey;
            rig.Dhcp.Server.ReplayCounter = 1;
            rig.AnswerInquiry();
            rig.Http.Route(EntryPoint, 200, ProvisioningXml.WriteResponse(ProvisionResponse.ForConfiguration(rig.Configuration("1.0.0"))));
            Assert.IsTrue(rig.Run().Configured, rig.Log());
            Assert.IsNotNull(rig.Agent.DhcpRunner.Client.Lease.ReconfigureKey, "the ACK delivered the reconfigure key");
            rig.Events.Clear();
            return rig;
        }

        private sealed class Rig
        {
            internal readonly ManualClock Clock = new ManualClock();
            internal readonly RoutedHttpTransport Http = new RoutedHttpTransport();
            internal readonly PowerCutFlashStore Flash = new PowerCutFlashStore(2, 256);
            internal readonly MemoryFirmwareStore Store = new MemoryFirmwareStore(1024 * 1024);
            internal readonly FakeNetwork Network = new FakeNetwork();
            internal readonly DhcpSocket Dhcp;
            internal readonly ArrayList Events = new ArrayList();
            internal readonly byte[] Image = new byte[5000];
            internal bool UseDhcp = true;
            internal FakeTftpServer Tftp;
            internal PhoneAgent Agent;

            internal Rig()
            {
                Dhcp = new DhcpSocket(Clock);
                for (int i = 0; i < Image.Length; i++)
                {
                    Image[i] = (byte)((i * 31) + (i >> 8));
                }
            }

            internal string InquiryUrl => InquiryRequest.Url(PreProvisioningContact.Parse(PreProvisioningUrl), "PHONE-0001");

            internal void AnswerInquiry()
            {
                ProvisioningContact contact = ProvisioningContact.Parse("prov.example.com:8443");
                byte[] body = new byte[InquiryResponse.EncodedLength(contact)];
                InquiryResponse.Encode(contact, 86400, body, 0);
                Http.Route(InquiryUrl, 200, body);
            }

            internal TelephonyConfiguration Configuration(string firmwareVersion)
            {
                return new TelephonyConfiguration
                {
                    Domain = "voip.example.com",
                    CallAgentHost = "192.0.2.1",
                    CallAgentPort = 5060,
                    DeviceName = "Reception",
                    FirmwareServer = "https://prov.example.com:8443/firmware",
                    FirmwareFile = "phone-1.1.0.bin",
                    FirmwareVersion = firmwareVersion,
                    FirmwareSha256 = Sha256.Compute(Image, 0, Image.Length),
                    PollIntervalSeconds = 3600,
                };
            }

            internal PhoneAgentResult Run()
            {
                return Run(null, true);
            }

            internal PhoneAgentResult Run(DhcpLease previous)
            {
                return Run(previous, false);
            }

            internal PhoneAgentResult Run(DhcpLease previous, bool factory)
            {
                if (factory)
                {
                    new IdentityStore(Flash).Save(new IdentityRecord("PHONE-0001", PreProvisioningContact.Parse(PreProvisioningUrl)));
                }

                PhonePlatform platform = new PhonePlatform
                {
                    Clock = Clock,
                    Network = Network,
                    DhcpSocket = UseDhcp ? Dhcp : null,
                    Http = Http,
                    TimeSync = new NoTimeSync(),
                    Flash = Flash,
                    FirmwareStore = Store,
                    Random = new Random(7),
                };
                if (Tftp != null)
                {
                    platform.OpenTftpSocket = new UdpSocketOpener(OpenTftp);
                }

                PhoneSettings settings = new PhoneSettings
                {
                    Product = "DA-100",
                    Customer = "C-1000",
                    Serial = "SN-0001",
                    FirmwareVersion = "1.0.0",
                    StaticAddress = DhcpAddress.FromOctets(127, 0, 0, 1),
                };
                Agent = new PhoneAgent(settings, platform);
                Agent.StepReported = new PhoneEventHandler(Record);
                Agent.Sleep = new SleepHandler(Advance);
                Agent.PreviousLease = previous;
                return Agent.Run();
            }

            /// <summary>Up to <paramref name="turns"/> turns of <see cref="PhoneAgent.HoldOnce"/>; the first provisioning result, or null.</summary>
            internal PhoneAgentResult Hold(int turns, int maxWaitMilliseconds)
            {
                for (int i = 0; i < turns; i++)
                {
                    PhoneAgentResult result = Agent.HoldOnce(maxWaitMilliseconds);
                    if (result != null)
                    {
                        return result;
                    }
                }

                return null;
            }

            internal bool Has(string text)
            {
                for (int i = 0; i < Events.Count; i++)
                {
                    if (((string)Events[i]).IndexOf(text) >= 0)
                    {
                        return true;
                    }
                }

                return false;
            }

            internal void AssertInOrder(string[] prefixes)
            {
                int next = 0;
                for (int i = 0; i < Events.Count && next < prefixes.Length; i++)
                {
                    if (((string)Events[i]).StartsWith(prefixes[next] + ":"))
                    {
                        next++;
                    }
                }

                Assert.AreEqual(prefixes.Length, next, "missing '" + (next < prefixes.Length ? prefixes[next] : "") + "' in\n" + Log());
            }

            internal string Log()
            {
                string text = "";
                for (int i = 0; i < Events.Count; i++)
                {
                    text += (string)Events[i] + "\n";
                }

                return text;
            }

            private IUdpSocket OpenTftp()
            {
                return Tftp;
            }

            private void Record(string step, DiscoveryOutcome outcome, string detail)
            {
                string line = PhoneAgent.Describe(step, outcome, detail);
                OutputHelper.WriteLine(line);
                Events.Add(line);
            }

            private void Advance(int milliseconds)
            {
                Clock.Advance(milliseconds);
            }
        }

        /// <summary>The DHCP server in the socket: DISCOVER gets an OFFER, REQUEST an ACK, with no provisioning options.</summary>
        private sealed class DhcpSocket : IUdpSocket
        {
            private readonly ManualClock _clock;
            internal readonly DhcpFakeServer Server = new DhcpFakeServer(1);
            private byte[] _pending;

            internal DhcpSocket(ManualClock clock)
            {
                _clock = clock;
                Server.TftpServerName = null;
                Server.SipServerNames = null;
            }

            internal bool Answering = true;

            internal int Sent;

            /// <summary>Queues a datagram from the server, e.g. a FORCERENEW, for the next receive.</summary>
            internal void Inject(byte[] message)
            {
                _pending = message;
            }

            public void Send(byte[] buffer, int offset, int count, uint address, int port)
            {
                Sent++;
                if (!Answering)
                {
                    return;
                }

                DhcpMessage message = DhcpMessage.Read(buffer, offset, count);
                if (message.MessageType == DhcpMessageType.Discover)
                {
                    _pending = Server.Offer(message);
                }
                else if (message.MessageType == DhcpMessageType.Request)
                {
                    _pending = Server.Ack(message);
                }
            }

            public int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds, out uint address, out int port)
            {
                address = Server.ServerId;
                port = DhcpClient.ServerPort;
                if (_pending == null)
                {
                    _clock.Advance(timeoutMilliseconds);
                    return -1;
                }

                byte[] reply = _pending;
                _pending = null;
                Array.Copy(reply, 0, buffer, offset, reply.Length);
                return reply.Length;
            }

            public void Dispose()
            {
            }
        }

        private sealed class FakeNetwork : INetworkInterface
        {
            public byte[] HardwareAddress => new byte[] { 0x02, 0, 0, 0, 0, 0x01 };

            public bool IsLinkUp => true;

            public void ApplyAddress(uint address, uint subnetMask, uint router, uint[] dnsServers)
            {
            }

            public void ClearAddress()
            {
            }
        }

        private sealed class NoTimeSync : ITimeSync
        {
            public bool Sync(string[] servers, int timeoutMilliseconds, out string reason)
            {
                reason = "no time sync in this test";
                return false;
            }
        }
    }
}
