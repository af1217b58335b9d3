namespace DeviceAgent.Identity
{
    /// <summary>What <see cref="IdentityStore.Load"/> found.</summary>
    public enum IdentityStoreStatus
    {
        /// <summary>No identity: the phone has not been through the factory, or its first write was interrupted.</summary>
        Empty,

        /// <summary>A valid record was found.</summary>
        Loaded,

        /// <summary>Both slots have been written but neither holds a valid record: the identity is lost.</summary>
        Corrupt,
    }
}
