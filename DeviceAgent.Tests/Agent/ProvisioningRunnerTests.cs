using System;
using System.Collections;
using DeviceAgent.Agent;
using DeviceAgent.Hal;
using DeviceAgent.Identity;
using DeviceAgent.Provisioning;
using DeviceAgent.Tests.Fakes;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Agent
{
    /// <summary>The runner with scripted HTTP, power-cut flash, a virtual clock and a fake time sync.</summary>
    [TestClass]
    public class ProvisioningRunnerTests
    {
        private const string LearnedUrl = "https://learned.example.com/provisioning/v1/request";

        [TestMethod]
        public void Run_NoContactCached_InquiryStoredInFlashThenConfigured()
        {
            Rig rig = new Rig(true);
            rig.Http.Answer(200, ChainHarness.InquiryAnswer("learned.example.com", 7200), null);
            rig.Http.Answer(200, ProvisioningXml.WriteResponse(ChainHarness.Configured()), null);

            DiscoveryAction end = rig.Run(ChainHarness.NewRecord());

            Assert.AreEqual((int)DiscoveryActionKind.Configured, (int)end.Kind);
            Assert.AreEqual("GET", rig.Http.Method(0));
            Assert.AreEqual(LearnedUrl, rig.Http.Url(1));
            IdentityRecord stored = new IdentityStore(rig.Flash).Load().Record;
            Assert.AreEqual("learned.example.com", stored.ProvisioningContact.ToString());
            Assert.AreEqual(7200u, stored.ProvisioningContactValidForSeconds);
            Assert.IsTrue(rig.Http.Reads > 2, "the body is streamed in chunks");
            Assert.IsTrue(rig.Http.LargestRead <= ProvisioningRunner.ChunkSize);
            Assert.IsTrue(rig.Observed(DiscoveryStep.StoreIdentity, DiscoveryOutcome.Succeeded));
        }

        [TestMethod]
        public void Run_ClockNotSet_SyncsBeforeFirstHttps()
        {
            Rig rig = new Rig(false);
            rig.Http.Answer(200, ChainHarness.InquiryAnswer("learned.example.com", 7200), null);
            rig.Http.Answer(200, ProvisioningXml.WriteResponse(ChainHarness.Configured()), null);

            rig.Run(ChainHarness.NewRecord());

            Assert.AreEqual(1, rig.TimeSync.Calls);
            Assert.AreEqual(0, rig.TimeSync.RequestsBeforeFirstCall);
        }

        [TestMethod]
        public void Run_ServerDownThenUp_SleepsTheBackoff()
        {
            Rig rig = new Rig(true);
            IdentityRecord cached = ChainHarness.NewRecord().WithProvisioningContact(ProvisioningContact.Parse("learned.example.com"), rig.Clock.UtcNow, 86400);
            rig.Http.Fail(HttpTransportError.ConnectFailed);
            rig.Http.Answer(503, new byte[0], "7");
            rig.Http.Answer(200, ProvisioningXml.WriteResponse(ChainHarness.Configured()), null);

            DiscoveryAction end = rig.Run(cached);

            Assert.AreEqual((int)DiscoveryActionKind.Configured, (int)end.Kind);
            Assert.AreEqual(2000L + 7000L, rig.Slept);
            Assert.AreEqual(3, rig.Http.Count);
        }

        [TestMethod]
        public void Run_AllDown_FailedWithRetryTime()
        {
            Rig rig = new Rig(true);
            for (int i = 0; i < 3; i++)
            {
                rig.Http.Fail(HttpTransportError.Timeout);
            }

            DiscoveryAction end = rig.Run(ChainHarness.NewRecord());

            Assert.AreEqual((int)DiscoveryActionKind.Failed, (int)end.Kind);
            Assert.AreEqual(rig.Clock.MonotonicMilliseconds + 300000, end.RetryAtMilliseconds);
            Assert.AreEqual(3, rig.Http.Count);
        }

        [TestMethod]
        public void ParseRetryAfter_Forms_SecondsOrMinusOne()
        {
            Assert.AreEqual(120, ProvisioningRunner.ParseRetryAfter(" 120 "));
            Assert.AreEqual(-1, ProvisioningRunner.ParseRetryAfter(null));
            Assert.AreEqual(-1, ProvisioningRunner.ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
            Assert.AreEqual(-1, ProvisioningRunner.ParseRetryAfter("-5"));
            Assert.AreEqual(-1, ProvisioningRunner.ParseRetryAfter("9999999999"));
        }

        private sealed class Rig
        {
            internal readonly VirtualClock Clock = new VirtualClock();
            internal readonly ScriptedTransport Http;
            internal readonly PowerCutFlashStore Flash = new PowerCutFlashStore(2, 256);
            internal readonly FakeTimeSync TimeSync;
            internal readonly ArrayList Actions = new ArrayList();
            internal long Slept;

            internal Rig(bool clockValid)
            {
                Clock.Valid = clockValid;
                Http = new ScriptedTransport(Clock);
                TimeSync = new FakeTimeSync(Clock, Http);
            }

            internal DiscoveryAction Run(IdentityRecord record)
            {
                new IdentityStore(Flash).Save(record);
                ProvisioningRunner runner = new ProvisioningRunner(new DiscoveryChain(new DiscoverySettings(), new FixedRandom(0)), Http, new IdentityStore(Flash), TimeSync, Clock);
                runner.Sleep = new SleepHandler(Advance);
                runner.ActionObserved = new DiscoveryActionHandler(Record);
                return runner.Run(record, null, ChainHarness.Device());
            }

            internal bool Observed(DiscoveryStep step, DiscoveryOutcome outcome)
            {
                for (int i = 0; i < Actions.Count; i++)
                {
                    DiscoveryAction action = (DiscoveryAction)Actions[i];
                    if (action.Kind == DiscoveryActionKind.Event && action.Step == step && action.Outcome == outcome)
                    {
                        return true;
                    }
                }

                return false;
            }

            private void Advance(int milliseconds)
            {
                Slept += milliseconds;
                Clock.Now += milliseconds;
            }

            private void Record(DiscoveryAction action)
            {
                Actions.Add(action);
            }
        }

        private sealed class VirtualClock : IClock
        {
            internal long Now = 5000;
            internal bool Valid;

            public long MonotonicMilliseconds => Now;

            public DateTime UtcNow => Valid ? ChainHarness.Epoch.AddMilliseconds(Now) : ChainHarness.Unset;

            public bool IsWallClockValid => Valid;
        }

        private sealed class FakeTimeSync : ITimeSync
        {
            private readonly VirtualClock _clock;
            private readonly ScriptedTransport _http;

            internal FakeTimeSync(VirtualClock clock, ScriptedTransport http)
            {
                _clock = clock;
                _http = http;
            }

            internal int Calls;
            internal int RequestsBeforeFirstCall = -1;

            public bool Sync(string[] servers, int timeoutMilliseconds, out string reason)
            {
                if (Calls++ == 0)
                {
                    RequestsBeforeFirstCall = _http.Count;
                }

                _clock.Now += 300;
                _clock.Valid = true;
                reason = null;
                return true;
            }
        }

        /// <summary>Answers requests in order from a script; each response hands out its body a few bytes at a time.</summary>
        private sealed class ScriptedTransport : IHttpTransport
        {
            private const int Trickle = 5;
            private readonly VirtualClock _clock;
            private readonly ArrayList _script = new ArrayList();
            private readonly ArrayList _methods = new ArrayList();
            private readonly ArrayList _urls = new ArrayList();

            internal ScriptedTransport(VirtualClock clock)
            {
                _clock = clock;
            }

            internal int Count => _urls.Count;

            internal int Reads;
            internal int LargestRead;

            internal void Answer(int status, byte[] body, string retryAfter)
            {
                _script.Add(new ScriptedResponse(this, status, body, retryAfter));
            }

            internal void Fail(HttpTransportError error)
            {
                _script.Add(new HttpTransportException(error, "scripted " + error.ToString(), null));
            }

            internal string Method(int index) => (string)_methods[index];

            internal string Url(int index) => (string)_urls[index];

            public IHttpResponse Get(string url, string[] headers, int timeoutMilliseconds)
            {
                return Next("GET", url);
            }

            public IHttpResponse Post(string url, string[] headers, string contentType, byte[] body, int offset, int count, int timeoutMilliseconds)
            {
                return Next("POST", url);
            }

            internal void CountRead(int count)
            {
                Reads++;
                LargestRead = count > LargestRead ? count : LargestRead;
            }

            private IHttpResponse Next(string method, string url)
            {
                Assert.IsTrue(_script.Count > 0, "unscripted " + method + " " + url);
                Assert.IsTrue(!url.StartsWith("https:") || _clock.Valid, "HTTPS without a valid clock: " + url);
                _methods.Add(method);
                _urls.Add(url);
                object next = _script[0];
                _script.RemoveAt(0);
                _clock.Now += 40;
                HttpTransportException failure = next as HttpTransportException;
                if (failure != null)
                {
                    throw failure;
                }

                return (IHttpResponse)next;
            }

            private sealed class ScriptedResponse : IHttpResponse
            {
                private readonly ScriptedTransport _owner;
                private readonly byte[] _body;
                private readonly string _retryAfter;
                private int _position;

                internal ScriptedResponse(ScriptedTransport owner, int status, byte[] body, string retryAfter)
                {
                    _owner = owner;
                    StatusCode = status;
                    _body = body;
                    _retryAfter = retryAfter;
                }

                public int StatusCode { get; }

                public string ContentType => null;

                public long ContentLength => _body.Length;

                public string GetHeader(string name)
                {
                    return name == "Retry-After" ? _retryAfter : null;
                }

                public int Read(byte[] buffer, int offset, int count)
                {
                    _owner.CountRead(count);
                    int n = _body.Length - _position;
                    n = n < Trickle ? n : Trickle;
                    n = n < count ? n : count;
                    Array.Copy(_body, _position, buffer, offset, n);
                    _position += n;
                    return n;
                }

                public void Dispose()
                {
                }
            }
        }
    }
}
