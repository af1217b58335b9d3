namespace DeviceAgent.Agent
{
    /// <summary>
    /// Limits and timings of the <see cref="DiscoveryChain"/>. The defaults suit a phone on a LAN; tests and the fleet
    /// simulator shorten them. Every limit is finite so that one phase always ends.
    /// </summary>
    public sealed class DiscoverySettings
    {
        /// <summary>Rounds per source before falling back to the next source (a round tries the source's server list once).</summary>
        public int AttemptsPerSource { get; set; } = 3;

        /// <summary>Wait after the first failed round; doubles after each further one.</summary>
        public int BackoffBaseMilliseconds { get; set; } = 2000;

        /// <summary>Ceiling of the doubled wait.</summary>
        public int BackoffMaxMilliseconds { get; set; } = 60000;

        /// <summary>How long an HTTP request may take, body included, before it counts as failed.</summary>
        public int RequestTimeoutMilliseconds { get; set; } = 15000;

        /// <summary>How long a SyncTime may take before it counts as failed.</summary>
        public int TimeSyncTimeoutMilliseconds { get; set; } = 30000;

        /// <summary>Redirect answers followed in a row before the source counts as misconfigured.</summary>
        public int MaxRedirectDepth { get; set; } = 4;

        /// <summary>Longest server-busy wait honoured, in seconds; a larger retry-after is cut to this.</summary>
        public int MaxRetryAfterSeconds { get; set; } = 600;

        /// <summary>After a failed phase: wait before the next one (jittered down by up to half).</summary>
        public int FailedRetryMilliseconds { get; set; } = 300000;

        /// <summary>NTP servers used when the lease has no option 42.</summary>
        public string[] TimeServers { get; set; } = new string[] { "pool.ntp.org" };

        /// <summary>Path of the provisioning entry point on a server known only by host (option 125/210, 66, 150, the contact).</summary>
        public string ProvisioningPath { get; set; } = "/provisioning/v1/request";
    }
}
