using System;

namespace DeviceAgent.Hal
{
    /// <summary>The one error of <see cref="IHttpTransport"/> and <see cref="IHttpResponse"/>: the exchange failed below HTTP.</summary>
    public sealed class HttpTransportException : Exception
    {
        /// <summary>A failure of kind <paramref name="error"/>; <paramref name="inner"/> is the platform's exception, if any.</summary>
        public HttpTransportException(HttpTransportError error, string message, Exception inner)
            : base(message, inner)
        {
            Error = error;
        }

        /// <summary>What kind of failure this was.</summary>
        public HttpTransportError Error { get; }
    }
}
