using System;
using DeviceAgent.Agent;
using DeviceAgent.Dhcp;
using DeviceAgent.Identity;
using DeviceAgent.PreProvisioning;
using DeviceAgent.Provisioning;
using DeviceAgent.Tests.Fakes;
using DeviceAgent.Tests.Provisioning;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Agent
{
    /// <summary>
    /// The discovery chain on virtual time with scripted HTTP answers: every source, every fallback, every limit.
    /// Settings are the defaults (3 attempts per source, backoff 2 s doubling, 15 s request timeout, 4 redirects)
    /// and jitter is off (<see cref="FixedRandom"/> 0) unless a test says otherwise.
    /// </summary>
    [TestClass]
    public class DiscoveryChainTests
    {
        private const string DhcpUrl = "https://prov.example.com/provisioning/v1/request";
        private const string CachedUrl = "https://cached.example.com:8443/provisioning/v1/request";
        private const string InquiryUrl = "https://preprov.example.com/inquiry/v1/contact?device=DA-7F3A29";
        private const string LearnedUrl = "https://learned.example.com/provisioning/v1/request";
        private const string Redirect1 = "https://r1.example.com/p";
        private const string Redirect2 = "https://r2.example.com/p";

        private static IdentityRecord CachedValid => ChainHarness.CachedRecord("cached.example.com:8443", 3600);

        private static DhcpVoipOptions ManagementLease => ChainHarness.Lease("prov.example.com", null, null, null, false);

        [TestMethod]
        public void Start_DhcpManagementServer_ProvisionsThereFirst()
        {
            ChainHarness h = new ChainHarness();
            h.Start(CachedValid, ManagementLease, true);

            DiscoveryAction request = h.TakeHttp(DhcpUrl);
            Assert.AreEqual("POST", request.Method);
            Assert.AreEqual("application/xml", request.ContentType);
            ProvisionRequest sent = ProvisioningXml.ReadRequest(request.Body, 0, request.Body.Length);
            Assert.AreEqual("DA-7F3A29", sent.DeviceId, "the record's device ID replaces the template's");
            Assert.AreEqual("SN0042", sent.Serial);
            Assert.AreEqual("192.0.2.10", sent.Ip);
            h.Provision(request, ChainHarness.Configured());

            DiscoveryAction done = h.Take(DiscoveryActionKind.Configured);
            Assert.AreEqual("voip.example.net", done.Configuration.Domain);
            Assert.AreEqual((int)DiscoveryState.Configured, (int)h.Chain.State);
            Assert.AreEqual((int)DiscoverySource.Dhcp, (int)h.Chain.Source);
            Assert.AreEqual(DiscoveryChain.NoTimer, h.Chain.NextTimerAt);
            Assert.AreEqual(1, h.Count(DiscoveryActionKind.HttpRequest));
            Assert.AreEqual(0, h.Count(DiscoveryActionKind.StoreIdentity));
        }

        [TestMethod]
        public void Start_CachedContactValidNoLease_ProvisionsAtCachedContact()
        {
            ChainHarness h = new ChainHarness();
            h.Start(CachedValid, null, true);

            Assert.IsTrue(h.Reported(DiscoveryStep.DhcpResources, DiscoveryOutcome.Skipped, "no provisioning entry point"), h.Transcript());
            h.Provision(h.TakeHttp(CachedUrl), ChainHarness.Configured());
            Assert.IsNotNull(h.Take(DiscoveryActionKind.Configured));
            Assert.AreEqual((int)DiscoverySource.CachedContact, (int)h.Chain.Source);
            Assert.AreEqual(1, h.Count(DiscoveryActionKind.HttpRequest));
        }

        [TestMethod]
        public void Start_SipServersAndDomainOnly_NotAnEntryPoint()
        {
            ChainHarness h = new ChainHarness();
            h.Start(CachedValid, ChainHarness.Lease(null, null, null, null, true), true);

            Assert.IsTrue(h.Reported(DiscoveryStep.DhcpResources, DiscoveryOutcome.Skipped, "not a provisioning entry point"), h.Transcript());
            h.TakeHttp(CachedUrl);
        }

        [TestMethod]
        public void Start_CachedContactExpired_InquiresStoresThenProvisions()
        {
            ChainHarness h = new ChainHarness();
            h.Start(ChainHarness.CachedRecord("cached.example.com:8443", 90000), null, true);

            Assert.IsTrue(h.Reported(DiscoveryStep.CachedContact, DiscoveryOutcome.Skipped, "expired"), h.Transcript());
            DiscoveryAction inquiry = h.TakeHttp(InquiryUrl);
            Assert.AreEqual("GET", inquiry.Method);
            h.Now += 250;
            h.Respond(inquiry, 200, -1, ChainHarness.InquiryAnswer("learned.example.com", 7200));

            IdentityRecord stored = h.Take(DiscoveryActionKind.StoreIdentity).Record;
            Assert.AreEqual("learned.example.com", stored.ProvisioningContact.ToString());
            Assert.AreEqual(h.UtcNow, stored.ProvisioningContactLearnedAtUtc);
            Assert.AreEqual(7200u, stored.ProvisioningContactValidForSeconds);
            Assert.AreEqual("DA-7F3A29", stored.DeviceId);
            Assert.AreEqual(stored, h.Chain.Record);
            Assert.IsTrue(h.Reported(DiscoveryStep.StoreIdentity, DiscoveryOutcome.Started, "replaces cached.example.com:8443"), h.Transcript());

            h.Provision(h.TakeHttp(LearnedUrl), ChainHarness.Configured());
            Assert.IsNotNull(h.Take(DiscoveryActionKind.Configured));
            Assert.AreEqual((int)DiscoverySource.Inquiry, (int)h.Chain.Source);
        }

        [TestMethod]
        public void Start_NoContactEverLearned_InquiryStoredBeforeProvisioning()
        {
            ChainHarness h = new ChainHarness();
            h.Start(ChainHarness.NewRecord(), null, true);

            Assert.IsTrue(h.Reported(DiscoveryStep.CachedContact, DiscoveryOutcome.Skipped, "no contact cached"), h.Transcript());
            h.Respond(h.TakeHttp(InquiryUrl), 200, -1, ChainHarness.InquiryAnswer("learned.example.com", 7200));
            Assert.IsTrue(h.Reported(DiscoveryStep.StoreIdentity, DiscoveryOutcome.Started, "first contact"), h.Transcript());

            // Store first: a power cut during provisioning must not cost the answer.
            h.Take(DiscoveryActionKind.StoreIdentity);
            Assert.IsTrue(h.HasPending(DiscoveryActionKind.HttpRequest));
            h.Provision(h.TakeHttp(LearnedUrl), ChainHarness.Configured());
            Assert.IsNotNull(h.Take(DiscoveryActionKind.Configured));
        }

        [TestMethod]
        public void Redirect_TwoHops_FollowedToConfiguration()
        {
            ChainHarness h = new ChainHarness();
            h.Start(CachedValid, ManagementLease, true);

            h.Provision(h.TakeHttp(DhcpUrl), ChainHarness.Redirect(new string[] { Redirect1 }));
            h.Provision(h.TakeHttp(Redirect1), ChainHarness.Redirect(new string[] { Redirect2 }));
            h.Provision(h.TakeHttp(Redirect2), ChainHarness.Configured());

            Assert.IsNotNull(h.Take(DiscoveryActionKind.Configured));
            Assert.IsTrue(h.Reported(DiscoveryStep.Redirect, DiscoveryOutcome.Started, "depth 2"), h.Transcript());
        }

        [TestMethod]
        public void Redirect_BackToAskedServer_LoopDetectedFallsBackWithoutRetry()
        {
            ChainHarness h = new ChainHarness();
            h.Start(CachedValid, ManagementLease, true);

            h.Provision(h.TakeHttp(DhcpUrl), ChainHarness.Redirect(new string[] { Redirect1 }));
            h.Provision(h.TakeHttp(Redirect1), ChainHarness.Redirect(new string[] { DhcpUrl, Redirect1 }));

            Assert.IsTrue(h.Reported(DiscoveryStep.Redirect, DiscoveryOutcome.Failed, "already asked"), h.Transcript());
            Assert.IsTrue(h.Reported(DiscoveryStep.DhcpResources, DiscoveryOutcome.Failed, "redirect loop"), h.Transcript());
            h.TakeHttp(CachedUrl);
            Assert.AreEqual(3, h.Count(DiscoveryActionKind.HttpRequest), "a loop is not retried");
        }

        [TestMethod]
        public void Redirect_DeeperThanLimit_FallsBackToNextSource()
        {
            ChainHarness h = new ChainHarness();
            h.Start(CachedValid, ManagementLease, true);

            DiscoveryAction request = h.TakeHttp(DhcpUrl);
            for (int hop = 1; hop <= 4; hop++)
            {
                string next = "https://r" + hop.ToString() + ".example.com/p";
                h.Provision(request, ChainHarness.Redirect(new string[] { next }));
                request = h.TakeHttp(next);
            }

            h.Provision(request, ChainHarness.Redirect(new string[] { "https://r5.example.com/p" }));
            Assert.IsTrue(h.Reported(DiscoveryStep.DhcpResources, DiscoveryOutcome.Failed, "more than 4 redirects"), h.Transcript());
            h.TakeHttp(CachedUrl);
            Assert.AreEqual(6, h.Count(DiscoveryActionKind.HttpRequest));
        }

        [TestMethod]
        public void Redirect_FirstServerUnreachable_SecondAskedAtOnce()
        {
            ChainHarness h = new ChainHarness();
            h.Start(CachedValid, ManagementLease, true);

            h.Provision(h.TakeHttp(DhcpUrl), ChainHarness.Redirect(new string[] { Redirect1, Redirect2 }));
            long before = h.Now;
            h.Fail(h.TakeHttp(Redirect1), "connection refused");
            Assert.IsTrue(h.Reported(DiscoveryStep.Provisioning, DiscoveryOutcome.Failed, "trying " + Redirect2), h.Transcript());
            h.Provision(h.TakeHttp(Redirect2), ChainHarness.Configured());

            Assert.IsNotNull(h.Take(DiscoveryActionKind.Configured));
            Assert.AreEqual(before, h.Now, "no wait between servers of one list");
        }

        [TestMethod]
        public void Error_UnknownDeviceAtDhcpServer_ReportedAndFallsBackToCachedContact()
        {
            ChainHarness h = new ChainHarness();
            h.Start(CachedValid, ManagementLease, true);

            h.Provision(h.TakeHttp(DhcpUrl), ChainHarness.Error(ProvisioningError.UnknownDevice, -1));
            Assert.IsTrue(h.Reported(DiscoveryStep.Provisioning, DiscoveryOutcome.Failed, "unknown-device (scripted)"), h.Transcript());
            Assert.IsTrue(h.Reported(DiscoveryStep.DhcpResources, DiscoveryOutcome.Failed, "falling back to the cached contact"), h.Transcript());
            h.Provision(h.TakeHttp(CachedUrl), ChainHarness.Configured());

            Assert.IsNotNull(h.Take(DiscoveryActionKind.Configured));
            Assert.AreEqual(2, h.Count(DiscoveryActionKind.HttpRequest));
        }

        [TestMethod]
        public void Error_IdentityMismatchAtCachedContact_InquiresKeepingRecord()
        {
            ChainHarness h = new ChainHarness();
            h.Start(CachedValid, null, true);

            h.Provision(h.TakeHttp(CachedUrl), ChainHarness.Error(ProvisioningError.IdentityMismatch, -1));
            Assert.IsTrue(h.Reported(DiscoveryStep.CachedContact, DiscoveryOutcome.Failed, "contact kept in flash"), h.Transcript());
            h.TakeHttp(InquiryUrl);
            Assert.AreEqual(CachedValid, h.Chain.Record);
            Assert.AreEqual(0, h.Count(DiscoveryActionKind.StoreIdentity));
        }

        [TestMethod]
        public void Error_ServerBusy_WaitsRetryAfterThenAsksSameServer()
        {
            ChainHarness h = new ChainHarness();
            h.Start(CachedValid, ManagementLease, true);

            h.Provision(h.TakeHttp(DhcpUrl), ChainHarness.Error(ProvisioningError.ServerBusy, 30));
            Assert.IsFalse(h.HasPending(DiscoveryActionKind.HttpRequest));
            Assert.AreEqual((int)DiscoveryState.WaitingToRetry, (int)h.Chain.State);
            Assert.AreEqual(30000L, h.AdvanceToTimer());
            h.Provision(h.TakeHttp(DhcpUrl), ChainHarness.Configured());
            Assert.IsNotNull(h.Take(DiscoveryActionKind.Configured));
        }

        [TestMethod]
        public void Error_Http503WithRetryAfterHeader_WaitsThenAsksSameServer()
        {
            ChainHarness h = new ChainHarness();
            h.Start(CachedValid, ManagementLease, true);

            h.Respond(h.TakeHttp(DhcpUrl), 503, 12, ProvisioningSamples.Bytes("<html>busy</html>"));
            Assert.AreEqual(12000L, h.AdvanceToTimer());
            h.TakeHttp(DhcpUrl);
        }

        [TestMethod]
        public void Error_ServerBusyHugeRetryAfter_CappedAndBounded()
        {
            ChainHarness h = new ChainHarness();
            h.Start(CachedValid, ManagementLease, true);

            for (int attempt = 1; attempt <= 3; attempt++)
            {
                h.Provision(h.TakeHttp(DhcpUrl), ChainHarness.Error(ProvisioningError.ServerBusy, 86400));
                if (attempt < 3)
                {
                    Assert.AreEqual(600000L, h.AdvanceToTimer(), "retry-after is cut to MaxRetryAfterSeconds");
                }
            }

            Assert.IsTrue(h.Reported(DiscoveryStep.DhcpResources, DiscoveryOutcome.Failed, "busy"), h.Transcript());
            h.TakeHttp(CachedUrl);
        }

        [TestMethod]
        public void Provision_ServerDownThenUp_RetriesWithDoublingBackoff()
        {
            ChainHarness h = new ChainHarness();
            h.Start(CachedValid, ManagementLease, true);

            h.Fail(h.TakeHttp(DhcpUrl), "connection refused");
            Assert.IsTrue(h.Reported(DiscoveryStep.Provisioning, DiscoveryOutcome.Retrying, "attempt 2 of 3 in 2000 ms"), h.Transcript());
            Assert.AreEqual(2000L, h.AdvanceToTimer());
            h.Fail(h.TakeHttp(DhcpUrl), "connection refused");
            Assert.AreEqual(4000L, h.AdvanceToTimer());
            h.Provision(h.TakeHttp(DhcpUrl), ChainHarness.Configured());

            Assert.IsNotNull(h.Take(DiscoveryActionKind.Configured));
            Assert.AreEqual((int)DiscoverySource.Dhcp, (int)h.Chain.Source);
        }

        [TestMethod]
        public void Provision_EverySourceDown_FailsBoundedWithReasonsAndRetryTime()
        {
            ChainHarness h = new ChainHarness();
            h.Start(CachedValid, ManagementLease, true);
            long start = h.Now;

            for (int step = 0; h.Chain.State != DiscoveryState.Failed; step++)
            {
                Assert.IsTrue(step < 100, "the phase must end; transcript:\n" + h.Transcript());
                if (h.HasPending(DiscoveryActionKind.HttpRequest))
                {
                    h.Fail(h.Take(DiscoveryActionKind.HttpRequest), "host unreachable");
                }
                else
                {
                    h.AdvanceToTimer();
                }
            }

            DiscoveryAction failed = h.Take(DiscoveryActionKind.Failed);
            Assert.AreEqual(9, h.Count(DiscoveryActionKind.HttpRequest), "3 sources x 3 attempts");
            Assert.AreEqual(3, failed.Reasons.Length);
            Assert.StartsWith("dhcp: " + DhcpUrl + ": host unreachable", failed.Reasons[0]);
            Assert.StartsWith("cached contact: ", failed.Reasons[1]);
            Assert.StartsWith("inquiry: ", failed.Reasons[2]);
            Assert.AreEqual(3 * (2000L + 4000L), h.Now - start, "two backoffs per source");
            Assert.AreEqual(h.Now + 300000, failed.RetryAtMilliseconds);
            Assert.AreEqual(DiscoveryChain.NoTimer, h.Chain.NextTimerAt);
            Assert.AreEqual(0, h.Count(DiscoveryActionKind.StoreIdentity), "a failed phase never touches flash");
            Assert.AreEqual(CachedValid, h.Chain.Record);
        }

        [TestMethod]
        public void Provision_CorruptedResponse_RetriedThenFallsBack()
        {
            ChainHarness h = new ChainHarness();
            h.Start(CachedValid, ManagementLease, true);

            byte[] truncated = ProvisioningXml.WriteResponse(ChainHarness.Configured());
            byte[] corrupt = new byte[truncated.Length / 2];
            Array.Copy(truncated, corrupt, corrupt.Length);
            for (int attempt = 1; attempt <= 3; attempt++)
            {
                h.Respond(h.TakeHttp(DhcpUrl), 200, -1, corrupt);
                if (attempt < 3)
                {
                    Assert.IsTrue(h.Reported(DiscoveryStep.Provisioning, DiscoveryOutcome.Retrying, "corrupted response"), h.Transcript());
                    h.AdvanceToTimer();
                }
            }

            Assert.IsTrue(h.Reported(DiscoveryStep.DhcpResources, DiscoveryOutcome.Failed, "(3 attempts)"), h.Transcript());
            h.Provision(h.TakeHttp(CachedUrl), ChainHarness.Configured());
            Assert.IsNotNull(h.Take(DiscoveryActionKind.Configured));
        }

        [TestMethod]
        public void CachedContact_FailsEveryAttempt_InquiresWithoutWipingIt()
        {
            ChainHarness h = new ChainHarness();
            h.Start(CachedValid, null, true);

            for (int attempt = 1; attempt <= 3; attempt++)
            {
                h.Fail(h.TakeHttp(CachedUrl), "TLS handshake failed");
                if (attempt < 3)
                {
                    h.AdvanceToTimer();
                }
            }

            DiscoveryAction inquiry = h.TakeHttp(InquiryUrl);
            Assert.AreEqual(0, h.Count(DiscoveryActionKind.StoreIdentity));
            Assert.AreEqual("cached.example.com:8443", h.Chain.Record.ProvisioningContact.ToString());

            h.Respond(inquiry, 200, -1, ChainHarness.InquiryAnswer("cached.example.com:8443", 86400));
            IdentityRecord stored = h.Take(DiscoveryActionKind.StoreIdentity).Record;
            Assert.AreEqual("cached.example.com:8443", stored.ProvisioningContact.ToString());
            Assert.AreEqual(h.UtcNow, stored.ProvisioningContactLearnedAtUtc, "the same contact is re-dated, not dropped");
            Assert.IsTrue(h.Reported(DiscoveryStep.StoreIdentity, DiscoveryOutcome.Started, "same contact"), h.Transcript());
            h.TakeHttp(CachedUrl);
        }

        [TestMethod]
        public void CachedContact_FailsAndInquiryFails_RecordUntouched()
        {
            ChainHarness h = new ChainHarness();
            h.Start(CachedValid, null, true);

            for (int step = 0; h.Chain.State != DiscoveryState.Failed; step++)
            {
                Assert.IsTrue(step < 50, h.Transcript());
                if (h.HasPending(DiscoveryActionKind.HttpRequest))
                {
                    h.Respond(h.Take(DiscoveryActionKind.HttpRequest), 500, -1, new byte[0]);
                }
                else
                {
                    h.AdvanceToTimer();
                }
            }

            Assert.AreEqual(0, h.Count(DiscoveryActionKind.StoreIdentity));
            Assert.AreEqual(CachedValid, h.Chain.Record);
            Assert.Contains("HTTP 500", h.Take(DiscoveryActionKind.Failed).Reasons[0]);
        }

        [TestMethod]
        public void Time_NotSetBeforeHttps_SyncsFromDhcpNtpThenSends()
        {
            ChainHarness h = new ChainHarness();
            h.Start(CachedValid, ChainHarness.Lease("prov.example.com", null, null, new uint[] { 0xC000027B, 0xC000027C }, false), false);

            DiscoveryAction sync = h.Take(DiscoveryActionKind.SyncTime);
            Assert.AreEqual(2, sync.TimeServers.Length);
            Assert.AreEqual("192.0.2.123", sync.TimeServers[0]);
            Assert.IsFalse(h.HasPending(DiscoveryActionKind.HttpRequest), "no HTTPS before the clock is valid");
            Assert.AreEqual((int)DiscoveryState.WaitingForTime, (int)h.Chain.State);

            h.Now += 800;
            h.TimeSynced();
            h.Provision(h.TakeHttp(DhcpUrl), ChainHarness.Configured());
            Assert.IsNotNull(h.Take(DiscoveryActionKind.Configured));
        }

        [TestMethod]
        public void Time_SyncFails_HttpsRefusedWithNoTimeYetThenRetriedAfterSync()
        {
            ChainHarness h = new ChainHarness();
            h.Start(CachedValid, null, false);

            DiscoveryAction sync = h.Take(DiscoveryActionKind.SyncTime);
            Assert.AreEqual("pool.ntp.org", sync.TimeServers[0], "configured servers when the lease names none");
            h.TimeSyncFailed("no route to host");
            Assert.IsTrue(h.Reported(DiscoveryStep.Provisioning, DiscoveryOutcome.Retrying, "no time yet (no route to host)"), h.Transcript());
            Assert.IsFalse(h.HasPending(DiscoveryActionKind.HttpRequest));

            h.AdvanceToTimer();
            h.Take(DiscoveryActionKind.SyncTime);
            h.TimeSynced();
            h.TakeHttp(CachedUrl);
        }

        [TestMethod]
        public void Time_SyncNeverAnswers_TimesOutAsFailure()
        {
            ChainHarness h = new ChainHarness();
            h.Start(CachedValid, ManagementLease, false);

            h.Take(DiscoveryActionKind.SyncTime);
            Assert.AreEqual(30000L, h.AdvanceToTimer());
            Assert.IsTrue(h.Reported(DiscoveryStep.TimeSync, DiscoveryOutcome.Failed, "no answer within 30000 ms"), h.Transcript());
            Assert.AreEqual((int)DiscoveryState.WaitingToRetry, (int)h.Chain.State);
        }

        [TestMethod]
        public void Time_NotSetPlainHttpConfigServer_SentWithoutSync()
        {
            ChainHarness h = new ChainHarness();
            h.Start(CachedValid, ChainHarness.Lease(null, "http://10.0.0.5", null, null, false), false);

            h.TakeHttp("http://10.0.0.5/provisioning/v1/request");
            Assert.AreEqual(0, h.Count(DiscoveryActionKind.SyncTime));
        }

        [TestMethod]
        public void Time_NotSetPlainHttpInquiry_ContactUsedButNotStored()
        {
            ChainHarness h = new ChainHarness();
            IdentityRecord record = new IdentityRecord("DA-7F3A29", PreProvisioningContact.Parse("http://preprov.example.com/inquiry"));
            h.Start(record, null, false);

            h.Respond(h.TakeHttp("http://preprov.example.com/inquiry/v1/contact?device=DA-7F3A29"), 200, -1, ChainHarness.InquiryAnswer("learned.example.com", 7200));
            Assert.IsTrue(h.Reported(DiscoveryStep.StoreIdentity, DiscoveryOutcome.Skipped, "cannot be dated"), h.Transcript());
            Assert.AreEqual(0, h.Count(DiscoveryActionKind.StoreIdentity));
            h.Take(DiscoveryActionKind.SyncTime);
        }

        [TestMethod]
        public void Http_NoAnswerWithinTimeout_FailsAndLateAnswerIgnored()
        {
            ChainHarness h = new ChainHarness();
            h.Start(CachedValid, ManagementLease, true);

            DiscoveryAction first = h.TakeHttp(DhcpUrl);
            Assert.AreEqual(15000L, h.AdvanceToTimer());
            Assert.IsTrue(h.Reported(DiscoveryStep.Provisioning, DiscoveryOutcome.Retrying, "no answer within 15000 ms"), h.Transcript());

            h.Provision(first, ChainHarness.Configured());
            Assert.AreEqual(0, h.Count(DiscoveryActionKind.Configured), "an answer to a timed-out request is ignored");
            h.AdvanceToTimer();
            DiscoveryAction second = h.TakeHttp(DhcpUrl);
            Assert.IsTrue(second.RequestId != first.RequestId);
        }

        [TestMethod]
        public void Backoff_SeededJitter_DelaysBetweenHalfAndFull()
        {
            int seed = RandomSeed.Next();
            ChainHarness h = new ChainHarness(new DiscoverySettings(), new Random(seed));
            h.Start(CachedValid, ManagementLease, true);

            long expected = 2000;
            for (int attempt = 1; attempt < 3; attempt++)
            {
                h.Fail(h.TakeHttp(DhcpUrl), "connection refused");
                long delay = h.AdvanceToTimer();
                Assert.IsTrue(delay >= expected / 2 && delay <= expected, "delay " + delay.ToString() + " for nominal " + expected.ToString());
                expected *= 2;
            }
        }

        [TestMethod]
        public void Inquiry_DeviceUnknown404_FailsPhaseWithReason()
        {
            ChainHarness h = new ChainHarness();
            h.Start(ChainHarness.NewRecord(), null, true);

            h.Respond(h.TakeHttp(InquiryUrl), 404, -1, new byte[0]);
            DiscoveryAction failed = h.Take(DiscoveryActionKind.Failed);
            Assert.AreEqual(1, failed.Reasons.Length);
            Assert.Contains("does not know device DA-7F3A29", failed.Reasons[0]);
            Assert.AreEqual(1, h.Count(DiscoveryActionKind.HttpRequest), "a 404 is not retried");
        }

        [TestMethod]
        public void Inquiry_CorruptedAnswer_RetriedThenFails()
        {
            ChainHarness h = new ChainHarness();
            h.Start(ChainHarness.NewRecord(), null, true);

            for (int attempt = 1; attempt <= 3; attempt++)
            {
                h.Respond(h.TakeHttp(InquiryUrl), 200, -1, new byte[] { 9, 0, 0, 0, 60 });
                if (attempt < 3)
                {
                    h.AdvanceToTimer();
                }
            }

            Assert.Contains("corrupted pre-provisioning answer", h.Take(DiscoveryActionKind.Failed).Reasons[0]);
            Assert.AreEqual(0, h.Count(DiscoveryActionKind.StoreIdentity));
        }

        [TestMethod]
        public void Inquiry_SignatureRefused401_FailsPhaseWithoutRetry()
        {
            ChainHarness h = new ChainHarness();
            h.Start(ChainHarness.NewRecord(), null, true);

            h.Respond(h.TakeHttp(InquiryUrl), 401, -1, new byte[0]);
            Assert.Contains("refused the device signature", h.Take(DiscoveryActionKind.Failed).Reasons[0]);
            Assert.AreEqual(1, h.Count(DiscoveryActionKind.HttpRequest));
        }

        [TestMethod]
        public void Inquiry_ServerError500_RetriedWithBackoff()
        {
            ChainHarness h = new ChainHarness();
            h.Start(ChainHarness.NewRecord(), null, true);

            h.Respond(h.TakeHttp(InquiryUrl), 500, -1, new byte[0]);
            Assert.IsTrue(h.Reported(DiscoveryStep.Inquiry, DiscoveryOutcome.Retrying, "HTTP 500"), h.Transcript());
            Assert.AreEqual(2000L, h.AdvanceToTimer());
            h.TakeHttp(InquiryUrl);
        }

        [TestMethod]
        public void Inquiry_ValidForZero_UsedButNotStored()
        {
            ChainHarness h = new ChainHarness();
            h.Start(ChainHarness.NewRecord(), null, true);

            h.Respond(h.TakeHttp(InquiryUrl), 200, -1, ChainHarness.InquiryAnswer("learned.example.com", 0));
            Assert.IsTrue(h.Reported(DiscoveryStep.StoreIdentity, DiscoveryOutcome.Skipped, "not to cache"), h.Transcript());
            h.TakeHttp(LearnedUrl);
            Assert.AreEqual(0, h.Count(DiscoveryActionKind.StoreIdentity));
        }

        [TestMethod]
        public void Inquiry_DeviceSecretClockNotSet_SyncsThenSendsSignedRequest()
        {
            ChainHarness h = new ChainHarness();
            byte[] secret = new byte[32];
            for (int i = 0; i < secret.Length; i++)
            {
                secret[i] = (byte)(i + 1);
            }

            IdentityRecord record = new IdentityRecord("DA-7F3A29", PreProvisioningContact.Parse("http://preprov.example.com/inquiry")).WithDeviceSecret(secret);
            h.Start(record, null, false);

            h.Take(DiscoveryActionKind.SyncTime);
            Assert.IsFalse(h.HasPending(DiscoveryActionKind.HttpRequest), "the signature's timestamp needs the time, even over http");
            h.TimeSynced();
            DiscoveryAction inquiry = h.TakeHttp("http://preprov.example.com/inquiry/v1/contact?device=DA-7F3A29");
            Assert.AreEqual(4, inquiry.Headers.Length);
            Assert.AreEqual("Authorization", inquiry.Headers[2]);
            string expected = DeviceSignature.Authorization(secret, "GET", "/inquiry/v1/contact?device=DA-7F3A29", "DA-7F3A29", DeviceSignature.ToUnixSeconds(h.UtcNow));
            Assert.AreEqual(expected, inquiry.Headers[3]);
        }

        [TestMethod]
        public void Start_InvalidDeviceFacts_FailsAtOnceWithReason()
        {
            ChainHarness h = new ChainHarness();
            ProvisionRequest device = ChainHarness.Device();
            device.Mac = "not a mac";
            h.Start(CachedValid, ManagementLease, true, device);

            Assert.StartsWith("provision-request: ", h.Take(DiscoveryActionKind.Failed).Reasons[0]);
            Assert.AreEqual(0, h.Count(DiscoveryActionKind.HttpRequest));
        }

        [TestMethod]
        public void Start_AgainWhileWaiting_ForgetsOldRequest()
        {
            ChainHarness h = new ChainHarness();
            h.Start(CachedValid, ManagementLease, true);
            DiscoveryAction old = h.TakeHttp(DhcpUrl);

            h.Start(CachedValid, null, true);
            h.Provision(old, ChainHarness.Configured());
            Assert.AreEqual(0, h.Count(DiscoveryActionKind.Configured));
            h.Provision(h.TakeHttp(CachedUrl), ChainHarness.Configured());
            Assert.AreEqual(1, h.Count(DiscoveryActionKind.Configured));
        }
    }
}
