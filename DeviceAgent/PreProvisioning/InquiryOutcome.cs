namespace DeviceAgent.PreProvisioning
{
    /// <summary>What the pre-provisioning server said to an inquiry, by HTTP status.</summary>
    public enum InquiryOutcome
    {
        /// <summary>200: the answer carries the provisioning contact and how long it may be cached.</summary>
        Contact = 0,

        /// <summary>404: the server does not know this device ID (not registered yet, or a typo at the factory).</summary>
        UnknownDevice = 1,

        /// <summary>401: the server requires a signed inquiry and the signature was missing or not accepted.</summary>
        AuthenticationFailed = 2,

        /// <summary>Any other status (5xx, 429, 400 ...): try again later; the body is not interpreted.</summary>
        Unexpected = 3,
    }
}
