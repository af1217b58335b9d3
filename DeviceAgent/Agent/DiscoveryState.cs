namespace DeviceAgent.Agent
{
    /// <summary>What the discovery chain is waiting for.</summary>
    public enum DiscoveryState
    {
        /// <summary>Not started.</summary>
        Idle,

        /// <summary>A SyncTime action is out; waiting for TimeSynced or TimeSyncFailed.</summary>
        WaitingForTime,

        /// <summary>An HttpRequest action is out; waiting for its response, body and completion, or its failure.</summary>
        WaitingForHttp,

        /// <summary>Waiting for the timer before a retry (backoff or a server's retry-after).</summary>
        WaitingToRetry,

        /// <summary>Ended with a configuration.</summary>
        Configured,

        /// <summary>Ended with every source failed; start again at the retry time.</summary>
        Failed,
    }
}
