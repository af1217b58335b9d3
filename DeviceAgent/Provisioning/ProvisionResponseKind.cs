namespace DeviceAgent.Provisioning
{
    /// <summary>Which of its three alternatives a <c>provision-response</c> carries.</summary>
    public enum ProvisionResponseKind
    {
        /// <summary>The telephony configuration for the phone.</summary>
        Configuration = 1,

        /// <summary>Further provisioning servers to ask, in order.</summary>
        Redirect = 2,

        /// <summary>The server refused or could not answer.</summary>
        Error = 3,
    }
}
