namespace DeviceAgent.Agent
{
    /// <summary>Where the provisioning entry point came from, in the order the chain tries them.</summary>
    public enum DiscoverySource
    {
        /// <summary>Not started yet.</summary>
        None,

        /// <summary>Option 125 sub-option 210, option 66 or option 150 of the DHCP lease.</summary>
        Dhcp,

        /// <summary>The provisioning contact cached in the identity record.</summary>
        CachedContact,

        /// <summary>The contact just learned from the pre-provisioning server.</summary>
        Inquiry,
    }
}
