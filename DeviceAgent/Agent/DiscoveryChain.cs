using System;
using System.Collections;
using DeviceAgent.Dhcp;
using DeviceAgent.Identity;
using DeviceAgent.PreProvisioning;
using DeviceAgent.Provisioning;

namespace DeviceAgent.Agent
{
    /// <summary>
    /// The discovery chain: how a phone that knows only its device ID and pre-provisioning URL ends up with its
    /// telephony configuration. A sans-I/O state machine: the host feeds events (the On* methods), drains
    /// <see cref="NextAction"/> and calls <see cref="OnTimer"/> at <see cref="NextTimerAt"/>; time is passed in.
    /// </summary>
    /// <remarks>
    /// <para>Sources, in this order (details and reasons in docs/discovery-chain.md):</para>
    /// <list type="number">
    /// <item>DHCP: entry points the lease names (<see cref="ProvisioningEntryPoints.FromDhcp"/>). First, because the
    /// network the phone is plugged into knows best where its provisioning server is, and it costs no extra round trip.</item>
    /// <item>The cached provisioning contact, while <see cref="IdentityRecord.IsProvisioningContactValidAt"/> says it is
    /// valid by a synchronised wall clock. Second, because it needs no pre-provisioning server at all.</item>
    /// <item>The inquiry: the device ID sent to the pre-provisioning server, whose answer (contact and validity) is
    /// stored in flash (<see cref="DiscoveryActionKind.StoreIdentity"/>) and then used. Last, because it depends on
    /// a server outside the customer's network; it is also the only way to learn a new contact.</item>
    /// </list>
    /// <para>Each source's entry point gets the provision-request. A configuration ends the phase; a redirect is
    /// followed (at most <see cref="DiscoverySettings.MaxRedirectDepth"/> in a row, no URL asked twice, the listed
    /// servers tried in order until one answers); unknown-device, identity-mismatch and bad-request end the source, since
    /// asking again gets the same answer; server-busy waits the retry-after the server gives.</para>
    /// <para>A round asks the source's servers in order until one answers with a provision-response; a server that
    /// cannot be reached, times out, or answers anything else is skipped. A failed round is repeated after an
    /// exponential backoff with jitter, at most <see cref="DiscoverySettings.AttemptsPerSource"/> rounds per source;
    /// then the chain falls back to the next source. When all have failed, the phase ends with
    /// <see cref="DiscoveryActionKind.Failed"/>, the reasons, and a time to start again. The cached contact is never
    /// erased: it is only replaced by a newer inquiry answer.</para>
    /// <para>Before an HTTPS request, and before judging the cached contact's validity, the wall clock must be valid;
    /// if it is not, the chain asks for <see cref="DiscoveryActionKind.SyncTime"/> and waits. A failed sync fails the
    /// attempt with "no time yet"; the next attempt syncs again.</para>
    /// </remarks>
    public sealed class DiscoveryChain
    {
        /// <summary><see cref="NextTimerAt"/> when no timer is needed.</summary>
        public const long NoTimer = -1;

        private const string ContentType = "application/xml";
        private static readonly string[] ProvisionHeaders = new string[] { "Accept", ContentType };

        private const int ResumeRound = 1;
        private const int ResumeSameServer = 2;

        private readonly DiscoverySettings _settings;
        private readonly Random _random;
        private readonly ProvisionResponseReader _reader = new ProvisionResponseReader();
        private readonly ArrayList _actions = new ArrayList();
        private readonly ArrayList _reasons = new ArrayList();
        private readonly ArrayList _visited = new ArrayList();
        private readonly byte[] _inquiryAnswer = new byte[InquiryResponse.MaxLength];

        private DiscoveryState _state;
        private DiscoverySource _source;
        private bool _inquiring;
        private IdentityRecord _record;
        private DhcpVoipOptions _dhcp;
        private byte[] _requestBody;
        private string[] _timeServers;
        private TelephonyConfiguration _configuration;

        private long _now;
        private long _utcOffsetTicks;
        private bool _clockValid;

        private string[] _entryPoints;
        private string[] _servers;
        private int _serverIndex;
        private int _depth;
        private int _attempts;

        private int _lastRequestId;
        private int _pendingId;
        private bool _responseStarted;
        private int _status;
        private int _retryAfterSeconds;
        private string _bodyError;
        private int _inquiryCount;

        private long _timer = NoTimer;
        private int _resume;

        /// <summary>Creates an idle chain; <paramref name="random"/> draws the jitter (seed it in tests).</summary>
        public DiscoveryChain(DiscoverySettings settings, Random random)
        {
            if (settings == null)
            {
                throw new ArgumentNullException("settings");
            }

            if (random == null)
            {
                throw new ArgumentNullException("random");
            }

            _settings = settings;
            _random = random;
        }

        /// <summary>The limits and timings in force; hosts take the request and time-sync timeouts from here.</summary>
        public DiscoverySettings Settings => _settings;

        /// <summary>What the chain waits for.</summary>
        public DiscoveryState State => _state;

        /// <summary>The source being tried.</summary>
        public DiscoverySource Source => _source;

        /// <summary>The identity record as the chain knows it: the one given to <see cref="Start"/>, or the one last sent to be stored.</summary>
        public IdentityRecord Record => _record;

        /// <summary>The configuration once <see cref="State"/> is Configured, else null.</summary>
        public TelephonyConfiguration Configuration => _configuration;

        /// <summary>Monotonic time at which <see cref="OnTimer"/> must be called, or <see cref="NoTimer"/>.</summary>
        public long NextTimerAt => _timer;

        /// <summary>The next action for the host, in order, or null when there is none.</summary>
        public DiscoveryAction NextAction()
        {
            if (_actions.Count == 0)
            {
                return null;
            }

            DiscoveryAction action = (DiscoveryAction)_actions[0];
            _actions.RemoveAt(0);
            return action;
        }

        /// <summary>
        /// Starts a phase (again): forgets any request in flight and walks the sources from the first.
        /// </summary>
        /// <param name="nowMilliseconds">Monotonic time.</param>
        /// <param name="utcNow">Wall-clock time; ignored unless <paramref name="wallClockValid"/>.</param>
        /// <param name="wallClockValid">Whether the wall clock has been set (RTC or time sync).</param>
        /// <param name="record">The identity record loaded from flash.</param>
        /// <param name="dhcp">The VoIP options of the current lease, or null when there is none.</param>
        /// <param name="device">What to tell the provisioning server: product, customer, serial, MAC, IP and
        /// firmware version; its device ID is replaced by the record's.</param>
        public void Start(long nowMilliseconds, DateTime utcNow, bool wallClockValid, IdentityRecord record, DhcpVoipOptions dhcp, ProvisionRequest device)
        {
            if (record == null)
            {
                throw new ArgumentNullException("record");
            }

            if (device == null)
            {
                throw new ArgumentNullException("device");
            }

            _now = nowMilliseconds;
            SetClock(utcNow, wallClockValid);
            _actions.Clear();
            _reasons.Clear();
            _visited.Clear();
            _record = record;
            _dhcp = dhcp;
            _configuration = null;
            _pendingId = 0;
            _timer = NoTimer;
            _source = DiscoverySource.None;
            _inquiring = false;
            _timeServers = TimeServersFrom(dhcp);
            Report(DiscoveryStep.Chain, DiscoveryOutcome.Started, "device " + record.DeviceId + ", clock " + (wallClockValid ? "valid" : "not set"));
            try
            {
                _requestBody = ProvisioningXml.WriteRequest(new ProvisionRequest
                {
                    Product = device.Product,
                    Customer = device.Customer,
                    DeviceId = record.DeviceId,
                    Serial = device.Serial,
                    Mac = device.Mac,
                    Ip = device.Ip,
                    FirmwareVersion = device.FirmwareVersion,
                });
            }
            catch (ArgumentException e)
            {
                _reasons.Add("provision-request: " + e.Message);
                EndFailed();
                return;
            }

            BeginDhcp();
        }

        /// <summary>The status line and headers of request <paramref name="requestId"/> have arrived.</summary>
        /// <param name="nowMilliseconds">Monotonic time.</param>
        /// <param name="requestId">The id of the HttpRequest action.</param>
        /// <param name="status">HTTP status code.</param>
        /// <param name="retryAfterSeconds">The Retry-After header in seconds, or -1 when absent.</param>
        public void OnHttpResponse(long nowMilliseconds, int requestId, int status, int retryAfterSeconds)
        {
            if (requestId != _pendingId || _state != DiscoveryState.WaitingForHttp)
            {
                return;
            }

            _now = nowMilliseconds;
            _responseStarted = true;
            _status = status;
            _retryAfterSeconds = retryAfterSeconds;
            _bodyError = null;
            _inquiryCount = 0;
            _reader.Reset();
        }

        /// <summary>
        /// The next chunk of the body of request <paramref name="requestId"/>. A provision-response goes straight into
        /// the streaming reader, so the host never holds a whole response; the chunk may be reused once this returns.
        /// </summary>
        public void OnHttpBody(int requestId, byte[] buffer, int offset, int count)
        {
            if (requestId != _pendingId || !_responseStarted || _bodyError != null)
            {
                return;
            }

            if (_inquiring)
            {
                if (count > _inquiryAnswer.Length - _inquiryCount)
                {
                    _bodyError = "longer than " + _inquiryAnswer.Length.ToString() + " bytes";
                    return;
                }

                Array.Copy(buffer, offset, _inquiryAnswer, _inquiryCount, count);
                _inquiryCount += count;
                return;
            }

            try
            {
                _reader.Feed(buffer, offset, count);
            }
            catch (ProvisioningFormatException e)
            {
                _bodyError = e.Message;
            }
        }

        /// <summary>The body of request <paramref name="requestId"/> is complete.</summary>
        public void OnHttpCompleted(long nowMilliseconds, int requestId)
        {
            if (requestId != _pendingId || _state != DiscoveryState.WaitingForHttp)
            {
                return;
            }

            _now = nowMilliseconds;
            _pendingId = 0;
            if (!_responseStarted)
            {
                RequestFailed("completed without a response");
            }
            else if (_inquiring)
            {
                InquiryAnswered();
            }
            else
            {
                ProvisioningAnswered();
            }
        }

        /// <summary>Request <paramref name="requestId"/> failed: no connection, TLS failure, reset, timeout.</summary>
        public void OnHttpFailed(long nowMilliseconds, int requestId, string reason)
        {
            if (requestId != _pendingId || _state != DiscoveryState.WaitingForHttp)
            {
                return;
            }

            _now = nowMilliseconds;
            _pendingId = 0;
            RequestFailed(reason);
        }

        /// <summary>The wall clock is now valid and reads <paramref name="utcNow"/>.</summary>
        public void OnTimeSynced(long nowMilliseconds, DateTime utcNow)
        {
            _now = nowMilliseconds;
            SetClock(utcNow, true);
            if (_state != DiscoveryState.WaitingForTime)
            {
                return;
            }

            Report(DiscoveryStep.TimeSync, DiscoveryOutcome.Succeeded, "wall clock " + utcNow.ToString());
            Continue();
        }

        /// <summary>The SyncTime action failed.</summary>
        public void OnTimeSyncFailed(long nowMilliseconds, string reason)
        {
            if (_state != DiscoveryState.WaitingForTime)
            {
                return;
            }

            _now = nowMilliseconds;
            Report(DiscoveryStep.TimeSync, DiscoveryOutcome.Failed, reason);
            AttemptFailed("no time yet (" + reason + "): HTTPS and validity checks need a valid wall clock");
        }

        /// <summary>Time passes; call at <see cref="NextTimerAt"/> (calling earlier or more often is harmless).</summary>
        public void OnTimer(long nowMilliseconds)
        {
            _now = nowMilliseconds;
            if (_timer == NoTimer || nowMilliseconds < _timer)
            {
                return;
            }

            _timer = NoTimer;
            switch (_state)
            {
                case DiscoveryState.WaitingForHttp:
                    _pendingId = 0;
                    RequestFailed("no answer within " + _settings.RequestTimeoutMilliseconds.ToString() + " ms");
                    break;
                case DiscoveryState.WaitingForTime:
                    OnTimeSyncFailed(nowMilliseconds, "no answer within " + _settings.TimeSyncTimeoutMilliseconds.ToString() + " ms");
                    break;
                case DiscoveryState.WaitingToRetry:
                    if (_resume == ResumeRound)
                    {
                        StartRound();
                    }
                    else
                    {
                        Continue();
                    }

                    break;
            }
        }

        private DateTime UtcNow => new DateTime(_utcOffsetTicks + (_now * TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);

        private void SetClock(DateTime utcNow, bool valid)
        {
            _clockValid = valid;
            _utcOffsetTicks = utcNow.Ticks - (_now * TimeSpan.TicksPerMillisecond);
        }

        private string[] TimeServersFrom(DhcpVoipOptions dhcp)
        {
            if (dhcp == null || dhcp.NtpServers == null || dhcp.NtpServers.Length == 0)
            {
                return _settings.TimeServers;
            }

            string[] servers = new string[dhcp.NtpServers.Length];
            for (int i = 0; i < servers.Length; i++)
            {
                servers[i] = DhcpAddress.Format(dhcp.NtpServers[i]);
            }

            return servers;
        }

        private void BeginDhcp()
        {
            string notes;
            string[] urls = ProvisioningEntryPoints.FromDhcp(_dhcp, _settings.ProvisioningPath, out notes);
            if (urls.Length == 0)
            {
                Report(DiscoveryStep.DhcpResources, DiscoveryOutcome.Skipped, "no provisioning entry point in the lease: " + notes);
                BeginCached();
                return;
            }

            Report(DiscoveryStep.DhcpResources, DiscoveryOutcome.Started, notes);
            BeginSource(DiscoverySource.Dhcp, urls);
        }

        private void BeginCached()
        {
            ProvisioningContact contact = _record.ProvisioningContact;
            if (contact == null)
            {
                Report(DiscoveryStep.CachedContact, DiscoveryOutcome.Skipped, "no contact cached");
                BeginInquiry();
                return;
            }

            Report(DiscoveryStep.CachedContact, DiscoveryOutcome.Started, contact.ToString() + ", learned " + _record.ProvisioningContactLearnedAtUtc.ToString()
                + ", valid for " + _record.ProvisioningContactValidForSeconds.ToString() + " s");
            BeginSource(DiscoverySource.CachedContact, new string[] { ProvisioningEntryPoints.FromContact(contact, _settings.ProvisioningPath) });
        }

        private void BeginInquiry()
        {
            _source = DiscoverySource.Inquiry;
            _inquiring = true;
            _entryPoints = new string[] { InquiryRequest.Url(_record.PreProvisioning, _record.DeviceId) };
            _attempts = 0;
            StartRound();
        }

        private void BeginSource(DiscoverySource source, string[] entryPoints)
        {
            _source = source;
            _inquiring = false;
            _entryPoints = entryPoints;
            _attempts = 0;
            StartRound();
        }

        private void StartRound()
        {
            _attempts++;
            _servers = _entryPoints;
            _serverIndex = 0;
            _depth = 0;
            _visited.Clear();
            Continue();
        }

        /// <summary>Sends the request to the current server, syncing time first when it needs a valid clock.</summary>
        private void Continue()
        {
            string url = _servers[_serverIndex];
            // A signed inquiry carries a timestamp the server checks against its clock, so it needs the time too.
            bool needsClock = ProvisioningEntryPoints.IsHttps(url) || _source == DiscoverySource.CachedContact || (_inquiring && _record.HasDeviceSecret);
            if (needsClock && !_clockValid)
            {
                Report(DiscoveryStep.TimeSync, DiscoveryOutcome.Started, "needed before " + url + "; servers " + Join(_timeServers, ", "));
                _actions.Add(DiscoveryAction.SyncTime(_timeServers));
                Wait(DiscoveryState.WaitingForTime, _settings.TimeSyncTimeoutMilliseconds);
                return;
            }

            if (_source == DiscoverySource.CachedContact && !_record.IsProvisioningContactValidAt(UtcNow))
            {
                Report(DiscoveryStep.CachedContact, DiscoveryOutcome.Skipped, "expired (learned " + _record.ProvisioningContactLearnedAtUtc.ToString()
                    + ", valid for " + _record.ProvisioningContactValidForSeconds.ToString() + " s, now " + UtcNow.ToString() + ")");
                BeginInquiry();
                return;
            }

            string attempt = " (attempt " + _attempts.ToString() + " of " + _settings.AttemptsPerSource.ToString() + ")";
            _lastRequestId++;
            _pendingId = _lastRequestId;
            _responseStarted = false;
            if (_inquiring)
            {
                Report(DiscoveryStep.Inquiry, DiscoveryOutcome.Started, InquiryRequest.Method + " " + url + (_record.HasDeviceSecret ? " (signed)" : "") + attempt);
                _actions.Add(DiscoveryAction.Http(_pendingId, InquiryRequest.Method, url, InquiryHeaders(), null, null));
            }
            else
            {
                if (!_visited.Contains(url))
                {
                    _visited.Add(url);
                }

                Report(DiscoveryStep.Provisioning, DiscoveryOutcome.Started, "POST " + url + attempt);
                _actions.Add(DiscoveryAction.Http(_pendingId, "POST", url, ProvisionHeaders, ContentType, _requestBody));
            }

            Wait(DiscoveryState.WaitingForHttp, _settings.RequestTimeoutMilliseconds);
        }

        private string[] InquiryHeaders()
        {
            if (!_record.HasDeviceSecret)
            {
                return new string[] { "Accept", InquiryResponse.ContentType };
            }

            string pathAndQuery = InquiryRequest.PathAndQuery(_record.PreProvisioning, _record.DeviceId);
            string authorization = DeviceSignature.Authorization(_record.DeviceSecret, InquiryRequest.Method, pathAndQuery, _record.DeviceId, DeviceSignature.ToUnixSeconds(UtcNow));
            return new string[] { "Accept", InquiryResponse.ContentType, "Authorization", authorization };
        }

        private void InquiryAnswered()
        {
            InquiryAnswer answer;
            try
            {
                if (_bodyError != null)
                {
                    AttemptFailed("pre-provisioning answer: " + _bodyError);
                    return;
                }

                answer = InquiryResponse.Parse(_status, _inquiryAnswer, 0, _inquiryCount);
            }
            catch (PreProvisioningFormatException e)
            {
                AttemptFailed("corrupted pre-provisioning answer: " + e.Message);
                return;
            }

            if (answer.Outcome == InquiryOutcome.UnknownDevice)
            {
                SourceFailed("the pre-provisioning server does not know device " + _record.DeviceId + " (HTTP 404)");
                return;
            }

            if (answer.Outcome == InquiryOutcome.AuthenticationFailed)
            {
                SourceFailed("the pre-provisioning server refused the device signature (HTTP 401)" + (_record.HasDeviceSecret ? "" : ": this phone has no device secret"));
                return;
            }

            if (answer.Outcome != InquiryOutcome.Contact)
            {
                AttemptFailed("pre-provisioning server answered HTTP " + _status.ToString());
                return;
            }

            ProvisioningContact contact = answer.Contact;
            uint validFor = answer.ValidForSeconds;
            Report(DiscoveryStep.Inquiry, DiscoveryOutcome.Succeeded, "contact " + contact.ToString() + ", valid for " + validFor.ToString() + " s");
            if (validFor == 0)
            {
                Report(DiscoveryStep.StoreIdentity, DiscoveryOutcome.Skipped, "valid for 0 s: the server asks not to cache it");
            }
            else if (_clockValid)
            {
                ProvisioningContact old = _record.ProvisioningContact;
                _record = _record.WithProvisioningContact(contact, UtcNow, validFor);
                // Announced before the store action, so logs read "started" before the host's "succeeded".
                Report(DiscoveryStep.StoreIdentity, DiscoveryOutcome.Started, old == null ? "first contact"
                    : old.Equals(contact) ? "same contact, validity renewed" : "replaces " + old.ToString());
                _actions.Add(DiscoveryAction.Store(_record));
            }
            else
            {
                Report(DiscoveryStep.StoreIdentity, DiscoveryOutcome.Skipped, "wall clock not set, so the contact cannot be dated: used for this phase only");
            }

            _inquiring = false;
            _entryPoints = new string[] { ProvisioningEntryPoints.FromContact(contact, _settings.ProvisioningPath) };
            _attempts = 0;
            StartRound();
        }

        private void ProvisioningAnswered()
        {
            ProvisionResponse response = null;
            if (_bodyError == null)
            {
                try
                {
                    response = _reader.Finish();
                }
                catch (ProvisioningFormatException e)
                {
                    _bodyError = e.Message;
                }
            }

            // An error document explains a non-2xx status better than the status does, so the body is read first.
            if (response == null)
            {
                if (_status == 503 || _status == 429)
                {
                    Busy(_retryAfterSeconds, "HTTP " + _status.ToString());
                }
                else if (_status < 200 || _status > 299)
                {
                    RequestFailed("HTTP " + _status.ToString() + " without a provision-response");
                }
                else
                {
                    RequestFailed("corrupted response: " + _bodyError);
                }

                return;
            }

            string url = _servers[_serverIndex];
            if (response.Kind == ProvisionResponseKind.Configuration)
            {
                _configuration = response.Configuration;
                _state = DiscoveryState.Configured;
                _timer = NoTimer;
                Report(DiscoveryStep.Provisioning, DiscoveryOutcome.Succeeded, "configuration from " + url);
                _actions.Add(DiscoveryAction.Done(_configuration, "configured by " + url + " (" + SourceName(_source) + ")"));
            }
            else if (response.Kind == ProvisionResponseKind.Redirect)
            {
                FollowRedirect(url, response.Redirects);
            }
            else
            {
                ServerError(url, response.Error);
            }
        }

        private void FollowRedirect(string from, string[] targets)
        {
            _depth++;
            if (_depth > _settings.MaxRedirectDepth)
            {
                Report(DiscoveryStep.Redirect, DiscoveryOutcome.Failed, from + " redirects once more than the limit of " + _settings.MaxRedirectDepth.ToString());
                SourceFailed("more than " + _settings.MaxRedirectDepth.ToString() + " redirects in a row");
                return;
            }

            ArrayList fresh = new ArrayList();
            for (int i = 0; i < targets.Length; i++)
            {
                if (!_visited.Contains(targets[i]) && !fresh.Contains(targets[i]))
                {
                    fresh.Add(targets[i]);
                }
            }

            if (fresh.Count == 0)
            {
                Report(DiscoveryStep.Redirect, DiscoveryOutcome.Failed, from + " redirects only to servers already asked: " + Join(targets, ", "));
                SourceFailed("redirect loop at " + from);
                return;
            }

            _servers = new string[fresh.Count];
            fresh.CopyTo(_servers);
            _serverIndex = 0;
            Report(DiscoveryStep.Redirect, DiscoveryOutcome.Started, "depth " + _depth.ToString() + " from " + from + " to " + Join(_servers, ", "));
            Continue();
        }

        private void ServerError(string url, ProvisioningError error)
        {
            string text = error.Code + (error.Text == null || error.Text.Length == 0 ? "" : " (" + error.Text + ")");
            if (error.Code == ProvisioningError.UnknownDevice || error.Code == ProvisioningError.IdentityMismatch || error.Code == ProvisioningError.BadRequest)
            {
                Report(DiscoveryStep.Provisioning, DiscoveryOutcome.Failed, url + " says " + text);
                SourceFailed(url + " says " + text);
            }
            else if (error.Code == ProvisioningError.ServerBusy)
            {
                Busy(error.RetryAfterSeconds >= 0 ? error.RetryAfterSeconds : _retryAfterSeconds, text);
            }
            else
            {
                AttemptFailed(url + " says " + text);
            }
        }

        /// <summary>The server answered but asks to come back later: the same server is asked again, as one more attempt.</summary>
        private void Busy(int retryAfterSeconds, string text)
        {
            string url = _servers[_serverIndex];
            if (_attempts >= _settings.AttemptsPerSource)
            {
                SourceFailed(url + " busy (" + text + ") after " + _attempts.ToString() + " attempts");
                return;
            }

            int delay = retryAfterSeconds < 0 ? Backoff(_attempts)
                : (retryAfterSeconds > _settings.MaxRetryAfterSeconds ? _settings.MaxRetryAfterSeconds : retryAfterSeconds) * 1000;
            _attempts++;
            Report(DiscoveryStep.Provisioning, DiscoveryOutcome.Retrying, url + " busy (" + text + "); asking again in " + delay.ToString() + " ms");
            _resume = ResumeSameServer;
            Wait(DiscoveryState.WaitingToRetry, delay);
        }

        /// <summary>The current server could not be used: the next one in the list is asked, else the round has failed.</summary>
        private void RequestFailed(string reason)
        {
            string url = _servers[_serverIndex];
            if (!_inquiring && _serverIndex + 1 < _servers.Length)
            {
                _serverIndex++;
                Report(DiscoveryStep.Provisioning, DiscoveryOutcome.Failed, url + ": " + reason + "; trying " + _servers[_serverIndex]);
                Continue();
                return;
            }

            AttemptFailed(url + ": " + reason);
        }

        /// <summary>A round failed for a reason that may pass: retry after a backoff, or fall back when the attempts are used up.</summary>
        private void AttemptFailed(string reason)
        {
            if (_attempts >= _settings.AttemptsPerSource)
            {
                SourceFailed(reason + " (" + _attempts.ToString() + " attempts)");
                return;
            }

            int delay = Backoff(_attempts);
            Report(_inquiring ? DiscoveryStep.Inquiry : DiscoveryStep.Provisioning, DiscoveryOutcome.Retrying,
                reason + "; attempt " + (_attempts + 1).ToString() + " of " + _settings.AttemptsPerSource.ToString() + " in " + delay.ToString() + " ms");
            _resume = ResumeRound;
            Wait(DiscoveryState.WaitingToRetry, delay);
        }

        private void SourceFailed(string reason)
        {
            _reasons.Add(SourceName(_source) + ": " + reason);
            switch (_source)
            {
                case DiscoverySource.Dhcp:
                    Report(DiscoveryStep.DhcpResources, DiscoveryOutcome.Failed, reason + "; falling back to the cached contact");
                    BeginCached();
                    break;
                case DiscoverySource.CachedContact:
                    Report(DiscoveryStep.CachedContact, DiscoveryOutcome.Failed, reason + "; contact kept in flash, asking the pre-provisioning server");
                    BeginInquiry();
                    break;
                default:
                    Report(DiscoveryStep.Inquiry, DiscoveryOutcome.Failed, reason);
                    EndFailed();
                    break;
            }
        }

        private void EndFailed()
        {
            int delay = Jitter(_settings.FailedRetryMilliseconds);
            string[] reasons = new string[_reasons.Count];
            _reasons.CopyTo(reasons);
            _state = DiscoveryState.Failed;
            _timer = NoTimer;
            _pendingId = 0;
            _actions.Add(DiscoveryAction.Fail(reasons, _now + delay, "no configuration: " + Join(reasons, "; ") + "; next phase in " + delay.ToString() + " ms"));
        }

        private void Wait(DiscoveryState state, int milliseconds)
        {
            _state = state;
            _timer = _now + milliseconds;
        }

        /// <summary>Wait after <paramref name="failedRounds"/> failed rounds: base doubled per further round, capped, then jittered.</summary>
        private int Backoff(int failedRounds)
        {
            long delay = _settings.BackoffBaseMilliseconds;
            for (int i = 1; i < failedRounds && delay < _settings.BackoffMaxMilliseconds; i++)
            {
                delay *= 2;
            }

            return Jitter(delay > _settings.BackoffMaxMilliseconds ? _settings.BackoffMaxMilliseconds : (int)delay);
        }

        /// <summary>"Equal jitter": a delay drawn from [d/2, d], so phones that failed together do not retry together.</summary>
        private int Jitter(int milliseconds)
        {
            return milliseconds - _random.Next(milliseconds / 2 + 1);
        }

        private void Report(DiscoveryStep step, DiscoveryOutcome outcome, string text)
        {
            _actions.Add(DiscoveryAction.Report(step, outcome, text));
        }

        private static string SourceName(DiscoverySource source)
        {
            switch (source)
            {
                case DiscoverySource.Dhcp: return "dhcp";
                case DiscoverySource.CachedContact: return "cached contact";
                case DiscoverySource.Inquiry: return "inquiry";
                default: return "start";
            }
        }

        private static string Join(string[] items, string separator)
        {
            string result = "";
            for (int i = 0; i < items.Length; i++)
            {
                result = i == 0 ? items[i] : result + separator + items[i];
            }

            return result;
        }
    }
}
