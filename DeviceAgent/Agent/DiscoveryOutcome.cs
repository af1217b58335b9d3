namespace DeviceAgent.Agent
{
    /// <summary>What happened at a <see cref="DiscoveryStep"/>.</summary>
    public enum DiscoveryOutcome
    {
        /// <summary>The step begins (a request is sent, a source is tried).</summary>
        Started,

        /// <summary>The step reached its goal.</summary>
        Succeeded,

        /// <summary>The step does not apply (nothing in the lease, no cached contact, cached contact expired).</summary>
        Skipped,

        /// <summary>The step failed for now and will be tried again after a wait.</summary>
        Retrying,

        /// <summary>The step failed for good in this phase; the chain falls back to the next source or ends.</summary>
        Failed,
    }
}
