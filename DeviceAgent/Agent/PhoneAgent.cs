using System;
using DeviceAgent.Dhcp;
using DeviceAgent.Firmware;
using DeviceAgent.Hal;
using DeviceAgent.Identity;
using DeviceAgent.Provisioning;
using DeviceAgent.Tftp;

namespace DeviceAgent.Agent
{
    /// <summary>
    /// Receives one line per step of the power-up: <paramref name="step"/> names it (<see cref="PhoneAgent.StepDhcp"/>,
    /// "inquiry", ...), <paramref name="outcome"/> says what happened, <paramref name="detail"/> the rest in words.
    /// </summary>
    public delegate void PhoneEventHandler(string step, DiscoveryOutcome outcome, string detail);

    /// <summary>
    /// The power-up sequence every board runs, on the caller's thread: identity from flash, DHCP until bound,
    /// discovery (the chain in docs/discovery-chain.md) to the telephony configuration, a firmware update when a newer
    /// version is offered, and the report of its outcome to the server that configured the phone. Each step is
    /// bounded, so <see cref="Run"/> always returns, with the configuration or with the failed step, its reasons and a
    /// time to try again.
    /// </summary>
    /// <remarks>
    /// After a configured <see cref="Run"/>, the board keeps calling <see cref="HoldOnce"/> on the same thread: it
    /// renews the lease (and answers an authenticated FORCERENEW) and provisions again when a renewal changed the
    /// lease's provisioning options or the configuration's poll interval passed. Every step reports to
    /// <see cref="StepReported"/>; a failure names the step, the server, what was wrong and what happens next.
    /// </remarks>
    public sealed class PhoneAgent
    {
        /// <summary>Step: loading the identity record.</summary>
        public const string StepIdentity = "identity";

        /// <summary>Step: the DHCP lease.</summary>
        public const string StepDhcp = "dhcp";

        /// <summary>Step: the discovery chain as a whole; its own steps are reported under their names ("inquiry", ...).</summary>
        public const string StepDiscovery = "discovery";

        /// <summary>Chain step: provisioning entry points from the lease's options.</summary>
        public const string StepDhcpOptions = "dhcp-options";

        /// <summary>Step: download, verify and commit of a firmware image.</summary>
        public const string StepFirmware = "firmware";

        /// <summary>Step: the firmware report to the provisioning server.</summary>
        public const string StepReport = "report";

        /// <summary>Step: the end of the power-up, with the configuration.</summary>
        public const string StepDone = "done";

        /// <summary>Step: provisioning again while configured (options changed by a renewal, or the poll interval passed).</summary>
        public const string StepReprovision = "reprovision";

        private const string XmlContentType = "application/xml";

        private readonly PhoneSettings _settings;
        private readonly PhonePlatform _platform;
        private DhcpClientRunner _dhcp;
        private string _lastProvisioningUrl;
        private PhoneAgentResult _held;
        private long _nextProvisioningAt = long.MaxValue;
        private bool _retrying;
        private bool _forceRenewing;
        private string _renewedBy;
        private string _optionsChangedBy;

        /// <summary>Checks that the platform has every required seam; nothing runs until <see cref="Run"/>.</summary>
        public PhoneAgent(PhoneSettings settings, PhonePlatform platform)
        {
            if (settings == null || platform == null)
            {
                throw new ArgumentNullException(settings == null ? "settings" : "platform");
            }

            if (platform.Clock == null || platform.Network == null || platform.Http == null || platform.TimeSync == null
                || platform.Flash == null || platform.FirmwareStore == null || platform.Random == null)
            {
                throw new ArgumentException("platform needs Clock, Network, Http, TimeSync, Flash, FirmwareStore and Random", "platform");
            }

            _settings = settings;
            _platform = platform;
        }

        /// <summary>Called with every step's line; null for none.</summary>
        public PhoneEventHandler StepReported { get; set; }

        /// <summary>How the discovery chain waits for its timers; null: <see cref="System.Threading.Thread.Sleep(int)"/>. Tests advance a virtual clock.</summary>
        public SleepHandler Sleep { get; set; }

        /// <summary>The lease of the previous power-up, for INIT-REBOOT; null starts DHCP from INIT.</summary>
        public DhcpLease PreviousLease { get; set; }

        /// <summary>The DHCP runner once <see cref="Run"/> started it (null without DHCP); <see cref="HoldOnce"/> drives it.</summary>
        public DhcpClientRunner DhcpRunner => _dhcp;

        /// <summary>Called with every DHCP client action after the agent looked at it (for logging); null for none.</summary>
        public DhcpClientActionHandler DhcpActionReported { get; set; }

        /// <summary>Monotonic time of the next provisioning by the clock (poll interval, or retry after a failed one); long.MaxValue for none.</summary>
        public long NextProvisioningAt => _nextProvisioningAt;

        /// <summary>"step outcome: detail", the line the boards print.</summary>
        public static string Describe(string step, DiscoveryOutcome outcome, string detail)
        {
            return step + " " + DiscoveryAction.OutcomeName(outcome) + ": " + detail;
        }

        /// <summary>MAC address as the provisioning documents write it: <c>aa:bb:cc:dd:ee:ff</c>.</summary>
        public static string FormatMac(byte[] mac)
        {
            string text = "";
            for (int i = 0; i < mac.Length; i++)
            {
                text += (i == 0 ? "" : ":") + mac[i].ToString("x2");
            }

            return text;
        }

        /// <summary>The scheme, host and port of an absolute URL (<c>https://host:port</c>), or null when it has none.</summary>
        public static string Origin(string url)
        {
            int scheme = url == null ? -1 : url.IndexOf("://");
            if (scheme <= 0)
            {
                return null;
            }

            int end = url.IndexOf('/', scheme + 3);
            int query = url.IndexOf('?', scheme + 3);
            if (query >= 0 && (end < 0 || query < end))
            {
                end = query;
            }

            return end < 0 ? url : url.Substring(0, end);
        }

        /// <summary>Firmware URL of a configuration: the server URL, one slash, the file name.</summary>
        public static string FirmwareUrl(TelephonyConfiguration configuration)
        {
            string server = configuration.FirmwareServer;
            while (server.Length > 0 && server[server.Length - 1] == '/')
            {
                server = server.Substring(0, server.Length - 1);
            }

            return server + "/" + configuration.FirmwareFile;
        }

        /// <summary>Runs one power-up to its end; see the class remarks.</summary>
        public PhoneAgentResult Run()
        {
            PhoneAgentResult result = new PhoneAgentResult();
            result.Firmware = FirmwareOutcome.UpToDate;
            result.FirmwareDetail = "";

            IdentityRecord record = LoadIdentity(result);
            if (record == null)
            {
                return result;
            }

            uint address;
            if (!BringUpNetwork(result, out address))
            {
                return result;
            }

            return Provision(record, result, address, "next power-up phase");
        }

        /// <summary>
        /// One turn of holding the phone <see cref="Run"/> configured: waits up to <paramref name="maxWaitMilliseconds"/>
        /// (less when a provisioning is due) while the DHCP runner renews the lease and answers FORCERENEW, then
        /// provisions again (discovery with the current lease's options, firmware, report) when a renewal changed the
        /// provisioning options or <see cref="NextProvisioningAt"/> has come. Returns that provisioning's result, or null
        /// when none ran. A failed one keeps the previous configuration and is tried again at its retry time.
        /// </summary>
        /// <exception cref="InvalidOperationException">No <see cref="Run"/> has configured the phone.</exception>
        public PhoneAgentResult HoldOnce(int maxWaitMilliseconds)
        {
            if (_held == null)
            {
                throw new InvalidOperationException("nothing to hold: Run has not configured the phone");
            }

            long wait = _nextProvisioningAt - _platform.Clock.MonotonicMilliseconds;
            if (wait > maxWaitMilliseconds)
            {
                wait = maxWaitMilliseconds;
            }

            if (_dhcp != null)
            {
                _dhcp.RunOnce(wait < 1 ? 1 : (int)wait);
            }
            else if (wait > 0)
            {
                if (Sleep != null)
                {
                    Sleep((int)wait);
                }
                else
                {
                    System.Threading.Thread.Sleep((int)wait);
                }
            }

            string why;
            if (_optionsChangedBy != null)
            {
                why = "provisioning options changed after " + _optionsChangedBy;
            }
            else if (_platform.Clock.MonotonicMilliseconds >= _nextProvisioningAt)
            {
                why = _retrying ? "retry of the failed provisioning"
                    : "poll interval of " + _held.Configuration.PollIntervalSeconds.ToString() + " s elapsed";
            }
            else
            {
                return null;
            }

            _optionsChangedBy = null;
            Report(StepReprovision, DiscoveryOutcome.Started, why);
            PhoneAgentResult result = new PhoneAgentResult();
            result.Firmware = FirmwareOutcome.UpToDate;
            result.FirmwareDetail = "";
            result.Lease = _dhcp == null ? null : _dhcp.Client.Lease;
            IdentityRecord record = LoadIdentity();
            return Provision(record == null ? _held.Record : record, result, result.Lease == null ? _settings.StaticAddress : result.Lease.Address,
                "keeping the configuration by " + _held.ConfiguredBy + ", next attempt");
        }

        private PhoneAgentResult Provision(IdentityRecord record, PhoneAgentResult result, uint address, string next)
        {
            DiscoveryAction end = Discover(record, result.Lease, address);
            result.Record = LoadIdentity();
            if (result.Record == null)
            {
                result.Record = record;
            }

            if (end.Kind != DiscoveryActionKind.Configured)
            {
                string[] reasons = end.Reasons == null ? new string[] { end.Text } : end.Reasons;
                long wait = end.RetryAtMilliseconds - _platform.Clock.MonotonicMilliseconds;
                Report(StepDiscovery, DiscoveryOutcome.Failed, "no configuration from any source: " + Join(reasons) + "; " + next + " in "
                    + Seconds(wait) + " s");
                Fail(result, StepDiscovery, reasons, end.RetryAtMilliseconds);
                if (_held != null)
                {
                    _retrying = true;
                    _nextProvisioningAt = end.RetryAtMilliseconds;
                }

                return result;
            }

            result.Configured = true;
            result.Configuration = end.Configuration;
            result.ConfiguredBy = _lastProvisioningUrl;
            UpdateFirmware(result);
            Report(StepDone, DiscoveryOutcome.Succeeded, Summary(result));
            _held = result;
            _retrying = false;
            _optionsChangedBy = null;
            int poll = result.Configuration.PollIntervalSeconds;
            _nextProvisioningAt = poll > 0 ? _platform.Clock.MonotonicMilliseconds + (poll * 1000L) : long.MaxValue;
            return result;
        }

        private IdentityRecord LoadIdentity(PhoneAgentResult result)
        {
            IdentityLoadResult loaded;
            try
            {
                loaded = new IdentityStore(_platform.Flash).Load();
            }
            catch (Exception e)
            {
                return IdentityFailed(result, "flash unreadable: " + e.Message);
            }

            if (loaded.Status == IdentityStoreStatus.Corrupt)
            {
                return IdentityFailed(result, "both identity slots are corrupt; the phone needs its factory identity again");
            }

            if (loaded.Status != IdentityStoreStatus.Loaded)
            {
                return IdentityFailed(result, "no identity in flash; the phone needs its factory identity (device ID, pre-provisioning URL)");
            }

            IdentityRecord record = loaded.Record;
            Report(StepIdentity, DiscoveryOutcome.Succeeded, "device " + record.DeviceId + ", pre-provisioning " + record.PreProvisioning.Url + ", "
                + (record.ProvisioningContact == null ? "no contact cached" : "contact " + record.ProvisioningContact.ToString() + " cached")
                + " (record " + loaded.Sequence.ToString() + ")");
            return record;
        }

        private IdentityRecord LoadIdentity()
        {
            try
            {
                IdentityLoadResult loaded = new IdentityStore(_platform.Flash).Load();
                return loaded.Status == IdentityStoreStatus.Loaded ? loaded.Record : null;
            }
            catch (Exception)
            {
                return null;
            }
        }

        private IdentityRecord IdentityFailed(PhoneAgentResult result, string reason)
        {
            // Waiting does not bring an identity back: only the factory (or a service tool) writes one.
            Report(StepIdentity, DiscoveryOutcome.Failed, reason + "; nothing else is tried");
            Fail(result, StepIdentity, new string[] { reason }, long.MaxValue);
            return null;
        }

        private bool BringUpNetwork(PhoneAgentResult result, out uint address)
        {
            address = _settings.StaticAddress;
            if (_platform.DhcpSocket == null)
            {
                Report(StepDhcp, DiscoveryOutcome.Skipped, "no DHCP on this board; static address " + DhcpAddress.Format(address) + ", no lease options");
                return true;
            }

            DhcpClientOptions options = new DhcpClientOptions();
            DhcpClient client = new DhcpClient(_platform.Network.HardwareAddress, options, _platform.Random);
            _dhcp = new DhcpClientRunner(client, _platform.DhcpSocket, _platform.Network, _platform.Clock, options.MaxMessageSize);
            _dhcp.ActionReported = new DhcpClientActionHandler(OnDhcpAction);
            long started = _platform.Clock.MonotonicMilliseconds;
            _dhcp.Start(PreviousLease);
            if (!_dhcp.RunUntilConfigured(_settings.DhcpTimeoutMilliseconds))
            {
                string reason = "no lease within " + Seconds(_settings.DhcpTimeoutMilliseconds) + " s for " + FormatMac(_platform.Network.HardwareAddress)
                    + " (client " + DhcpClient.StateName(client.State) + ", " + client.MalformedCount.ToString() + " malformed and "
                    + client.IgnoredCount.ToString() + " ignored messages)";
                long retryAt = _platform.Clock.MonotonicMilliseconds + _settings.Discovery.FailedRetryMilliseconds;
                Report(StepDhcp, DiscoveryOutcome.Failed, reason + "; discovery not started, next power-up phase in "
                    + Seconds(_settings.Discovery.FailedRetryMilliseconds) + " s");
                Fail(result, StepDhcp, new string[] { reason }, retryAt);
                return false;
            }

            DhcpLease lease = client.Lease;
            result.Lease = lease;
            address = lease.Address;
            Report(StepDhcp, DiscoveryOutcome.Succeeded, DhcpAddress.Format(lease.Address)
                + (lease.SubnetMask == 0 ? "" : " mask " + DhcpAddress.Format(lease.SubnetMask))
                + (lease.Routers.Length == 0 ? "" : " router " + DhcpAddress.Format(lease.Routers[0]))
                + " from server " + DhcpAddress.Format(lease.ServerIdentifier)
                + (lease.IsInfinite ? ", infinite lease" : ", lease " + lease.LeaseSeconds.ToString() + " s")
                + " (" + (PreviousLease == null ? "new" : "rebooted with the stored lease") + ", "
                + (_platform.Clock.MonotonicMilliseconds - started).ToString() + " ms)");
            return true;
        }

        private DiscoveryAction Discover(IdentityRecord record, DhcpLease lease, uint address)
        {
            ProvisionRequest device = new ProvisionRequest
            {
                Product = _settings.Product,
                Customer = _settings.Customer,
                DeviceId = record.DeviceId,
                Serial = _settings.Serial,
                Mac = FormatMac(_platform.Network.HardwareAddress),
                Ip = DhcpAddress.Format(address),
                FirmwareVersion = _settings.FirmwareVersion,
            };
            DiscoveryChain chain = new DiscoveryChain(_settings.Discovery, _platform.Random);
            ProvisioningRunner runner = new ProvisioningRunner(chain, _platform.Http, new IdentityStore(_platform.Flash), _platform.TimeSync, _platform.Clock);
            if (Sleep != null)
            {
                runner.Sleep = Sleep;
            }

            runner.ActionObserved = new DiscoveryActionHandler(OnDiscoveryAction);
            _lastProvisioningUrl = null;
            return runner.Run(record, lease == null ? null : lease.VoipOptions, device);
        }

        private void OnDhcpAction(DhcpClientAction action)
        {
            // Only noted here: provisioning runs after the runner's turn, never inside its callback.
            if (action.Kind == DhcpClientActionKind.Event && action.EventKind == DhcpClientEventKind.ForceRenewAccepted)
            {
                _forceRenewing = true;
            }
            else if (action.Kind == DhcpClientActionKind.ApplyLease)
            {
                _renewedBy = _forceRenewing ? "FORCERENEW" : "renewal";
                _forceRenewing = false;
            }
            else if (action.Kind == DhcpClientActionKind.ProvisioningOptionsChanged && _held != null)
            {
                _optionsChangedBy = _renewedBy;
            }

            DhcpClientActionHandler handler = DhcpActionReported;
            if (handler != null)
            {
                handler(action);
            }
        }

        private void OnDiscoveryAction(DiscoveryAction action)
        {
            switch (action.Kind)
            {
                case DiscoveryActionKind.HttpRequest:
                    if (action.Body != null)
                    {
                        _lastProvisioningUrl = action.Url;
                    }

                    break;
                case DiscoveryActionKind.Event:
                    Report(ChainStepName(action.Step), action.Outcome, action.Text);
                    break;
                case DiscoveryActionKind.Configured:
                    Report(StepDiscovery, DiscoveryOutcome.Succeeded, action.Text);
                    break;
            }
        }

        private void UpdateFirmware(PhoneAgentResult result)
        {
            TelephonyConfiguration configuration = result.Configuration;
            string offered = configuration.FirmwareVersion;
            if (offered == null || offered.Length == 0 || configuration.FirmwareServer == null || configuration.FirmwareFile == null)
            {
                result.FirmwareDetail = "no firmware in the configuration";
                Report(StepFirmware, DiscoveryOutcome.Skipped, result.FirmwareDetail + "; running " + _settings.FirmwareVersion);
                return;
            }

            if (!FirmwareUpdate.ShouldInstall(offered, _settings.FirmwareVersion))
            {
                // Nothing happened, so there is nothing to report.
                result.FirmwareDetail = "offered " + offered + ", running " + _settings.FirmwareVersion;
                Report(StepFirmware, DiscoveryOutcome.Skipped, "up to date: " + result.FirmwareDetail + "; not reported");
                return;
            }

            string url = FirmwareUrl(configuration);
            Report(StepFirmware, DiscoveryOutcome.Started, offered + " offered (running " + _settings.FirmwareVersion + "): downloading " + url);
            long started = _platform.Clock.MonotonicMilliseconds;
            FirmwareOutcome outcome;
            string detail;
            Install(configuration, url, out outcome, out detail);
            result.Firmware = outcome;
            result.FirmwareDetail = detail;
            if (outcome == FirmwareOutcome.Success)
            {
                Report(StepFirmware, DiscoveryOutcome.Succeeded, offered + " from " + url + ": " + detail + ", verified and committed in "
                    + (_platform.Clock.MonotonicMilliseconds - started).ToString() + " ms; it boots at the next restart");
            }
            else
            {
                Report(StepFirmware, DiscoveryOutcome.Failed, offered + " from " + url + ": " + ReportOutcome(outcome) + ": " + detail
                    + "; nothing committed, " + _settings.FirmwareVersion + " keeps running; the next provisioning offers it again");
            }

            SendReport(result, offered);
        }

        private void Install(TelephonyConfiguration configuration, string url, out FirmwareOutcome outcome, out string detail)
        {
            byte[] sha256 = configuration.FirmwareSha256;
            if (sha256 == null || sha256.Length != 32)
            {
                outcome = FirmwareOutcome.DownloadFailed;
                detail = "the configuration gives no SHA-256 to verify the image with";
                return;
            }

            FirmwareVerifier verifier = new FirmwareVerifier(_platform.FirmwareStore, sha256, _settings.MaxFirmwareSize);
            byte[] buffer = new byte[_settings.FirmwareChunkSize];
            string lower = url.ToLower();
            if (lower.StartsWith("http://") || lower.StartsWith("https://"))
            {
                HttpFirmwareSource source = new HttpFirmwareSource(_platform.Http, url, _settings.FirmwareTimeoutMilliseconds);
                try
                {
                    outcome = FirmwareUpdate.Install(source, verifier, buffer);
                }
                finally
                {
                    source.Dispose();
                }
            }
            else if (lower.StartsWith("tftp://"))
            {
                outcome = InstallTftp(url, verifier, buffer);
            }
            else
            {
                outcome = verifier.Fail("scheme of " + url + " not supported (http, https and tftp are)");
            }

            detail = verifier.Detail;
        }

        private FirmwareOutcome InstallTftp(string url, FirmwareVerifier verifier, byte[] buffer)
        {
            // tftp://a.b.c.d[:port]/path/file: the file name sent in the RRQ is the path without its first slash.
            int hostStart = 7;
            int slash = url.IndexOf('/', hostStart);
            if (slash < 0 || slash == url.Length - 1)
            {
                return verifier.Fail("no file name in " + url);
            }

            string host = url.Substring(hostStart, slash - hostStart);
            int port = TftpReadTransfer.DefaultServerPort;
            int colon = host.IndexOf(':');
            if (colon >= 0)
            {
                port = ParsePort(host.Substring(colon + 1));
                host = host.Substring(0, colon);
            }

            uint server;
            if (port <= 0 || !DhcpAddress.TryParse(host, out server))
            {
                return verifier.Fail("TFTP server must be a dotted IPv4 address with an optional port, not '" + url.Substring(hostStart, slash - hostStart) + "'");
            }

            if (_platform.OpenTftpSocket == null)
            {
                return verifier.Fail("this board has no TFTP socket");
            }

            IUdpSocket socket;
            try
            {
                socket = _platform.OpenTftpSocket();
            }
            catch (Exception e)
            {
                return verifier.Fail("cannot open a UDP socket: " + e.Message);
            }

            try
            {
                TftpReadTransfer transfer = new TftpReadTransfer(_platform.Clock, server, url.Substring(slash + 1));
                transfer.ServerPort = port;
                return FirmwareUpdate.Install(new TftpFirmwareSource(socket, _platform.Clock, transfer), verifier, buffer);
            }
            finally
            {
                socket.Dispose();
            }
        }

        private void SendReport(PhoneAgentResult result, string version)
        {
            string origin = Origin(result.ConfiguredBy);
            if (origin == null)
            {
                Report(StepReport, DiscoveryOutcome.Failed, "no server to report to (the configuring URL is unknown); the outcome stays unreported");
                return;
            }

            string url = origin + _settings.FirmwareReportPath;
            string outcome = ReportOutcome(result.Firmware);
            string detail = result.FirmwareDetail;
            if (detail.Length > FirmwareVerifier.MaxDetailLength)
            {
                detail = detail.Substring(0, FirmwareVerifier.MaxDetailLength);
            }

            byte[] body = ProvisioningXml.WriteFirmwareReport(new FirmwareReport
            {
                Serial = _settings.Serial,
                Mac = FormatMac(_platform.Network.HardwareAddress),
                Version = version,
                Outcome = outcome,
                Detail = detail,
            });
            string problem;
            try
            {
                IHttpResponse response = _platform.Http.Post(url, null, XmlContentType, body, 0, body.Length, _settings.FirmwareTimeoutMilliseconds);
                int status = response.StatusCode;
                response.Dispose();
                if (status >= 200 && status <= 299)
                {
                    result.FirmwareReported = true;
                    Report(StepReport, DiscoveryOutcome.Succeeded, outcome + " for " + version + " sent to " + url + " (HTTP " + status.ToString() + ")");
                    return;
                }

                problem = "HTTP " + status.ToString();
            }
            catch (HttpTransportException e)
            {
                problem = e.Message;
            }

            Report(StepReport, DiscoveryOutcome.Failed, "POST " + url + ": " + problem + "; the outcome (" + outcome
                + ") stays unreported, the phone keeps its configuration");
        }

        private static string ReportOutcome(FirmwareOutcome outcome)
        {
            switch (outcome)
            {
                case FirmwareOutcome.Success: return FirmwareReport.Success;
                case FirmwareOutcome.HashMismatch: return FirmwareReport.HashMismatch;
                case FirmwareOutcome.NoSpace: return FirmwareReport.NoSpace;
                default: return FirmwareReport.DownloadFailed;
            }
        }

        private string Summary(PhoneAgentResult result)
        {
            TelephonyConfiguration c = result.Configuration;
            string firmware;
            if (result.Firmware == FirmwareOutcome.Success)
            {
                firmware = c.FirmwareVersion + " installed (running " + _settings.FirmwareVersion + " until restart)";
            }
            else if (result.Firmware == FirmwareOutcome.UpToDate)
            {
                firmware = _settings.FirmwareVersion + " (up to date)";
            }
            else
            {
                firmware = _settings.FirmwareVersion + " (update to " + c.FirmwareVersion + " failed: " + ReportOutcome(result.Firmware) + ")";
            }

            return "configured by " + result.ConfiguredBy + ": domain " + c.Domain + ", call agent " + c.CallAgentHost + ":" + c.CallAgentPort.ToString()
                + ", device name " + c.DeviceName + ", firmware " + firmware + ", poll every " + c.PollIntervalSeconds.ToString() + " s";
        }

        private void Fail(PhoneAgentResult result, string step, string[] reasons, long retryAt)
        {
            result.Configured = false;
            result.FailedStep = step;
            result.Reasons = reasons;
            result.RetryAtMilliseconds = retryAt;
        }

        private void Report(string step, DiscoveryOutcome outcome, string detail)
        {
            PhoneEventHandler handler = StepReported;
            if (handler != null)
            {
                handler(step, outcome, detail);
            }
        }

        private static string ChainStepName(DiscoveryStep step)
        {
            switch (step)
            {
                case DiscoveryStep.Chain: return StepDiscovery;
                case DiscoveryStep.DhcpResources: return StepDhcpOptions;
                default: return DiscoveryAction.StepName(step);
            }
        }

        private static int ParsePort(string text)
        {
            if (text.Length == 0 || text.Length > 5)
            {
                return -1;
            }

            int port = 0;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] < '0' || text[i] > '9')
                {
                    return -1;
                }

                port = (port * 10) + (text[i] - '0');
            }

            return port <= 65535 ? port : -1;
        }

        private static string Seconds(long milliseconds)
        {
            return ((milliseconds + 999) / 1000).ToString();
        }

        private static string Join(string[] items)
        {
            string text = "";
            for (int i = 0; i < items.Length; i++)
            {
                text += (i == 0 ? "" : "; ") + items[i];
            }

            return text;
        }
    }
}
