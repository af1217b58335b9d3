namespace DeviceAgent.Agent
{
    /// <summary>What the host must do for a <see cref="DiscoveryAction"/>.</summary>
    public enum DiscoveryActionKind
    {
        /// <summary>Send an HTTP request and report the answer with the chain's OnHttp* methods.</summary>
        HttpRequest,

        /// <summary>Save <see cref="DiscoveryAction.Record"/> with <c>IdentityStore.Save</c>.</summary>
        StoreIdentity,

        /// <summary>Set the wall clock from <see cref="DiscoveryAction.TimeServers"/>, then call OnTimeSynced or OnTimeSyncFailed.</summary>
        SyncTime,

        /// <summary>The phase ended with <see cref="DiscoveryAction.Configuration"/>.</summary>
        Configured,

        /// <summary>The phase ended without a configuration; start again at <see cref="DiscoveryAction.RetryAtMilliseconds"/>.</summary>
        Failed,

        /// <summary>Progress to show and log; nothing to do.</summary>
        Event,
    }
}
