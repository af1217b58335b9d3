namespace DeviceAgent.Agent
{
    /// <summary>Which step of the discovery chain a <see cref="DiscoveryActionKind.Event"/> reports on.</summary>
    public enum DiscoveryStep
    {
        /// <summary>The chain as a whole: started, configured or failed.</summary>
        Chain,

        /// <summary>Provisioning resources from the DHCP lease (options 125/210, 66, 150; 120 with 125/204 noted).</summary>
        DhcpResources,

        /// <summary>Setting the wall clock before an HTTPS request or a validity check.</summary>
        TimeSync,

        /// <summary>The provisioning contact cached in flash.</summary>
        CachedContact,

        /// <summary>Asking the pre-provisioning server for the provisioning contact.</summary>
        Inquiry,

        /// <summary>Writing a newly learned contact to flash.</summary>
        StoreIdentity,

        /// <summary>A provision-request to a provisioning entry point.</summary>
        Provisioning,

        /// <summary>Following a redirect answer.</summary>
        Redirect,
    }
}
