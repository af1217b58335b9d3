namespace DeviceAgent.Dhcp
{
    /// <summary>DHCP message type, the value of option 53 (RFC 2132 §9.6; FORCERENEW from RFC 3203).</summary>
    public enum DhcpMessageType : byte
    {
        /// <summary>No option 53: a plain BOOTP message.</summary>
        None = 0,

        /// <summary>Client broadcast to locate servers.</summary>
        Discover = 1,

        /// <summary>Server offer of parameters.</summary>
        Offer = 2,

        /// <summary>Client request for the offered parameters, or renewal.</summary>
        Request = 3,

        /// <summary>Client says the offered address is already in use.</summary>
        Decline = 4,

        /// <summary>Server commits the parameters.</summary>
        Ack = 5,

        /// <summary>Server refuses the request.</summary>
        Nak = 6,

        /// <summary>Client gives up its lease.</summary>
        Release = 7,

        /// <summary>Client asks for local parameters only; it already has an address.</summary>
        Inform = 8,

        /// <summary>Server asks the client to renew now (RFC 3203).</summary>
        ForceRenew = 9,
    }
}
