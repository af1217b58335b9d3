namespace DeviceAgent.Hal
{
    /// <summary>
    /// Synchronous HTTP(S) client the agent uses to talk to its servers (pre-provisioning, provisioning, firmware).
    /// Calls block, so state machines call it from their own thread; failures below HTTP are
    /// <see cref="HttpTransportException"/>, while every HTTP status, including 4xx and 5xx, is a normal response.
    /// </summary>
    /// <remarks>
    /// <c>headers</c> in both methods alternate names and values (<c>{ "Authorization", "...", "Accept", "..." }</c>)
    /// and may be null. <c>timeoutMilliseconds</c> bounds connecting plus receiving the status and headers,
    /// and then each <see cref="IHttpResponse.Read"/> separately. HTTPS validates the server certificate against the
    /// transport's trusted root(s) and the host name; a transport refuses HTTPS with <see cref="HttpTransportError.TimeNotSet"/>
    /// while its clock is not valid, since certificate validity cannot be checked without the date.
    /// </remarks>
    public interface IHttpTransport
    {
        /// <summary>Sends a GET to the absolute http or https <paramref name="url"/> and returns once the headers have arrived.</summary>
        IHttpResponse Get(string url, string[] headers, int timeoutMilliseconds);

        /// <summary>
        /// Sends a POST with <paramref name="count"/> bytes of <paramref name="body"/> from <paramref name="offset"/> as a
        /// body of <paramref name="contentType"/>, and returns once the response headers have arrived.
        /// </summary>
        IHttpResponse Post(string url, string[] headers, string contentType, byte[] body, int offset, int count, int timeoutMilliseconds);
    }
}
