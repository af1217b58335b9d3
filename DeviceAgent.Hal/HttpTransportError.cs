namespace DeviceAgent.Hal
{
    /// <summary>Why an HTTP exchange failed below HTTP, so the agent can choose between retrying, waiting and reporting.</summary>
    public enum HttpTransportError
    {
        /// <summary>The host name did not resolve, or the TCP connection was refused or unreachable.</summary>
        ConnectFailed = 0,

        /// <summary>The server did not answer (connect, headers or a body read) within the timeout.</summary>
        Timeout = 1,

        /// <summary>The TLS handshake failed: untrusted or expired certificate, wrong host name, no common protocol.</summary>
        TlsFailed = 2,

        /// <summary>HTTPS was refused before connecting because the wall clock is not set, so certificate dates cannot be checked.</summary>
        TimeNotSet = 3,

        /// <summary>Anything else: the connection dropped, or the response was not valid HTTP.</summary>
        Failed = 4,
    }
}
