using System;
using System.Threading;
using DeviceAgent.Dhcp;
using DeviceAgent.Hal;
using DeviceAgent.Identity;
using DeviceAgent.Provisioning;

namespace DeviceAgent.Agent
{
    /// <summary>Receives each action of a phase as the runner handles it: the events for logs and the demo, the requests, the end.</summary>
    public delegate void DiscoveryActionHandler(DiscoveryAction action);

    /// <summary>Lets time pass; tests replace it with one that advances a virtual clock.</summary>
    public delegate void SleepHandler(int milliseconds);

    /// <summary>
    /// Drives a <see cref="DiscoveryChain"/> on a thread of its own with the HAL: HTTP through <see cref="IHttpTransport"/>
    /// (the body streamed in small chunks into the chain, never held whole), the identity through
    /// <see cref="IdentityStore"/>, time sync through <see cref="ITimeSync"/>, time from <see cref="IClock"/>. Portable:
    /// the same code runs on the ESP32 and on the desktop.
    /// </summary>
    public sealed class ProvisioningRunner
    {
        /// <summary>Size of the one body buffer; a response of any length costs no more.</summary>
        public const int ChunkSize = 256;

        private readonly DiscoveryChain _chain;
        private readonly IHttpTransport _http;
        private readonly IdentityStore _store;
        private readonly ITimeSync _timeSync;
        private readonly IClock _clock;
        private readonly byte[] _chunk = new byte[ChunkSize];

        /// <summary>Drives <paramref name="chain"/> with the given seams; <see cref="Sleep"/> is <see cref="Thread.Sleep(int)"/>.</summary>
        public ProvisioningRunner(DiscoveryChain chain, IHttpTransport http, IdentityStore store, ITimeSync timeSync, IClock clock)
        {
            if (chain == null || http == null || store == null || timeSync == null || clock == null)
            {
                throw new ArgumentNullException(chain == null ? "chain" : http == null ? "http" : store == null ? "store" : timeSync == null ? "timeSync" : "clock");
            }

            _chain = chain;
            _http = http;
            _store = store;
            _timeSync = timeSync;
            _clock = clock;
            Sleep = new SleepHandler(ThreadSleep);
        }

        /// <summary>Called with every action, before the runner carries it out; null for none.</summary>
        public DiscoveryActionHandler ActionObserved { get; set; }

        /// <summary>How the runner waits for the chain's timer.</summary>
        public SleepHandler Sleep { get; set; }

        /// <summary>
        /// Runs one phase to its end and returns its last action: Configured, or Failed with the time to call again.
        /// </summary>
        public DiscoveryAction Run(IdentityRecord record, DhcpVoipOptions lease, ProvisionRequest device)
        {
            _chain.Start(_clock.MonotonicMilliseconds, _clock.UtcNow, _clock.IsWallClockValid, record, lease, device);
            while (true)
            {
                DiscoveryAction action = _chain.NextAction();
                if (action == null)
                {
                    WaitForTimer();
                    continue;
                }

                Observe(action);
                switch (action.Kind)
                {
                    case DiscoveryActionKind.HttpRequest:
                        Exchange(action);
                        break;
                    case DiscoveryActionKind.StoreIdentity:
                        Store(action.Record);
                        break;
                    case DiscoveryActionKind.SyncTime:
                        SyncTime(action.TimeServers);
                        break;
                    case DiscoveryActionKind.Configured:
                    case DiscoveryActionKind.Failed:
                        return action;
                }
            }
        }

        /// <summary>Reads a Retry-After header in its delay-seconds form; the HTTP-date form and garbage read as -1.</summary>
        public static int ParseRetryAfter(string value)
        {
            if (value == null)
            {
                return -1;
            }

            value = value.Trim();
            if (value.Length == 0 || value.Length > 9)
            {
                return -1;
            }

            int seconds = 0;
            for (int i = 0; i < value.Length; i++)
            {
                if (value[i] < '0' || value[i] > '9')
                {
                    return -1;
                }

                seconds = (seconds * 10) + (value[i] - '0');
            }

            return seconds;
        }

        private static void ThreadSleep(int milliseconds)
        {
            Thread.Sleep(milliseconds);
        }

        private void WaitForTimer()
        {
            long at = _chain.NextTimerAt;
            if (at == DiscoveryChain.NoTimer)
            {
                throw new InvalidOperationException("discovery chain waits for nothing: " + _chain.State.ToString());
            }

            long wait = at - _clock.MonotonicMilliseconds;
            if (wait > 0)
            {
                Sleep((int)wait);
            }

            _chain.OnTimer(_clock.MonotonicMilliseconds);
        }

        private void Exchange(DiscoveryAction request)
        {
            int timeout = _chain.Settings.RequestTimeoutMilliseconds;
            try
            {
                IHttpResponse response = request.Body == null
                    ? _http.Get(request.Url, request.Headers, timeout)
                    : _http.Post(request.Url, request.Headers, request.ContentType, request.Body, 0, request.Body.Length, timeout);
                try
                {
                    _chain.OnHttpResponse(_clock.MonotonicMilliseconds, request.RequestId, response.StatusCode, ParseRetryAfter(response.GetHeader("Retry-After")));
                    int count;
                    while ((count = response.Read(_chunk, 0, _chunk.Length)) > 0)
                    {
                        _chain.OnHttpBody(request.RequestId, _chunk, 0, count);
                    }
                }
                finally
                {
                    response.Dispose();
                }

                _chain.OnHttpCompleted(_clock.MonotonicMilliseconds, request.RequestId);
            }
            catch (HttpTransportException e)
            {
                _chain.OnHttpFailed(_clock.MonotonicMilliseconds, request.RequestId, e.Message);
            }
        }

        private void Store(IdentityRecord record)
        {
            try
            {
                uint sequence = _store.Save(record);
                Observe(DiscoveryAction.Report(DiscoveryStep.StoreIdentity, DiscoveryOutcome.Succeeded, "saved as sequence " + sequence.ToString()));
            }
            catch (Exception e)
            {
                // The contact is still used for this phase; the previous record stays in the other slot.
                Observe(DiscoveryAction.Report(DiscoveryStep.StoreIdentity, DiscoveryOutcome.Failed, e.Message));
            }
        }

        private void SyncTime(string[] servers)
        {
            string reason;
            bool synced = _timeSync.Sync(servers, _chain.Settings.TimeSyncTimeoutMilliseconds, out reason);
            if (synced && _clock.IsWallClockValid)
            {
                _chain.OnTimeSynced(_clock.MonotonicMilliseconds, _clock.UtcNow);
            }
            else
            {
                _chain.OnTimeSyncFailed(_clock.MonotonicMilliseconds, reason == null ? "the clock is still not valid" : reason);
            }
        }

        private void Observe(DiscoveryAction action)
        {
            DiscoveryActionHandler observer = ActionObserved;
            if (observer != null)
            {
                observer(action);
            }
        }
    }
}
