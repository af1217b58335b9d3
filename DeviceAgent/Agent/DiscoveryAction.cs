using DeviceAgent.Identity;
using DeviceAgent.Provisioning;

namespace DeviceAgent.Agent
{
    /// <summary>
    /// One thing the <see cref="DiscoveryChain"/> asks its host to do or tells it. One class for all kinds, because
    /// the device has no generics to type a union; only the members <see cref="Kind"/> names are set.
    /// </summary>
    public sealed class DiscoveryAction
    {
        private DiscoveryAction(DiscoveryActionKind kind)
        {
            Kind = kind;
        }

        /// <summary>What to do; it says which of the other members are set.</summary>
        public DiscoveryActionKind Kind { get; private set; }

        /// <summary>HttpRequest: the id to quote in the OnHttp* calls; answers quoting another id are ignored.</summary>
        public int RequestId { get; private set; }

        /// <summary>HttpRequest: GET or POST.</summary>
        public string Method { get; private set; }

        /// <summary>HttpRequest: absolute http or https URL.</summary>
        public string Url { get; private set; }

        /// <summary>HttpRequest: request headers, names and values alternating (<c>{ "Accept", "application/xml" }</c>), as IHttpTransport takes them.</summary>
        public string[] Headers { get; private set; }

        /// <summary>HttpRequest: media type of <see cref="Body"/>, or null when there is no body.</summary>
        public string ContentType { get; private set; }

        /// <summary>HttpRequest: the body to send whole, or null for none.</summary>
        public byte[] Body { get; private set; }

        /// <summary>StoreIdentity: the record to save.</summary>
        public IdentityRecord Record { get; private set; }

        /// <summary>SyncTime: NTP servers in order of preference, host names or dotted IPv4 addresses.</summary>
        public string[] TimeServers { get; private set; }

        /// <summary>Configured: the telephony configuration.</summary>
        public TelephonyConfiguration Configuration { get; private set; }

        /// <summary>Failed: why each source failed, one line each.</summary>
        public string[] Reasons { get; private set; }

        /// <summary>Failed: monotonic time at which the host should start the chain again.</summary>
        public long RetryAtMilliseconds { get; private set; }

        /// <summary>Event, and the terminal kinds: the step concerned.</summary>
        public DiscoveryStep Step { get; private set; }

        /// <summary>Event: what happened.</summary>
        public DiscoveryOutcome Outcome { get; private set; }

        /// <summary>Event: one human-readable line; Configured and Failed carry a summary too.</summary>
        public string Text { get; private set; }

        /// <summary>A line for logs: kind, step, outcome and text or URL.</summary>
        public override string ToString()
        {
            switch (Kind)
            {
                case DiscoveryActionKind.HttpRequest:
                    return "http #" + RequestId.ToString() + " " + Method + " " + Url;
                case DiscoveryActionKind.StoreIdentity:
                    return "store " + Record.ToString();
                case DiscoveryActionKind.SyncTime:
                    return "sync time from " + TimeServers.Length.ToString() + " server(s)";
                default:
                    return Kind == DiscoveryActionKind.Event ? StepName(Step) + " " + OutcomeName(Outcome) + ": " + Text : Text;
            }
        }

        /// <summary>Lower-case name of a step for logs and the demo.</summary>
        public static string StepName(DiscoveryStep step)
        {
            switch (step)
            {
                case DiscoveryStep.Chain: return "chain";
                case DiscoveryStep.DhcpResources: return "dhcp";
                case DiscoveryStep.TimeSync: return "time";
                case DiscoveryStep.CachedContact: return "cached-contact";
                case DiscoveryStep.Inquiry: return "inquiry";
                case DiscoveryStep.StoreIdentity: return "store";
                case DiscoveryStep.Provisioning: return "provisioning";
                default: return "redirect";
            }
        }

        /// <summary>Lower-case name of an outcome for logs and the demo.</summary>
        public static string OutcomeName(DiscoveryOutcome outcome)
        {
            switch (outcome)
            {
                case DiscoveryOutcome.Started: return "started";
                case DiscoveryOutcome.Succeeded: return "succeeded";
                case DiscoveryOutcome.Skipped: return "skipped";
                case DiscoveryOutcome.Retrying: return "retrying";
                default: return "failed";
            }
        }

        internal static DiscoveryAction Http(int requestId, string method, string url, string[] headers, string contentType, byte[] body)
        {
            DiscoveryAction action = new DiscoveryAction(DiscoveryActionKind.HttpRequest);
            action.RequestId = requestId;
            action.Method = method;
            action.Url = url;
            action.Headers = headers;
            action.ContentType = contentType;
            action.Body = body;
            return action;
        }

        internal static DiscoveryAction Store(IdentityRecord record)
        {
            DiscoveryAction action = new DiscoveryAction(DiscoveryActionKind.StoreIdentity);
            action.Record = record;
            action.Step = DiscoveryStep.StoreIdentity;
            return action;
        }

        internal static DiscoveryAction SyncTime(string[] servers)
        {
            DiscoveryAction action = new DiscoveryAction(DiscoveryActionKind.SyncTime);
            action.TimeServers = servers;
            action.Step = DiscoveryStep.TimeSync;
            return action;
        }

        internal static DiscoveryAction Done(TelephonyConfiguration configuration, string text)
        {
            DiscoveryAction action = new DiscoveryAction(DiscoveryActionKind.Configured);
            action.Configuration = configuration;
            action.Step = DiscoveryStep.Chain;
            action.Outcome = DiscoveryOutcome.Succeeded;
            action.Text = text;
            return action;
        }

        internal static DiscoveryAction Fail(string[] reasons, long retryAtMilliseconds, string text)
        {
            DiscoveryAction action = new DiscoveryAction(DiscoveryActionKind.Failed);
            action.Reasons = reasons;
            action.RetryAtMilliseconds = retryAtMilliseconds;
            action.Step = DiscoveryStep.Chain;
            action.Outcome = DiscoveryOutcome.Failed;
            action.Text = text;
            return action;
        }

        internal static DiscoveryAction Report(DiscoveryStep step, DiscoveryOutcome outcome, string text)
        {
            DiscoveryAction action = new DiscoveryAction(DiscoveryActionKind.Event);
            action.Step = step;
            action.Outcome = outcome;
            action.Text = text;
            return action;
        }
    }
}
