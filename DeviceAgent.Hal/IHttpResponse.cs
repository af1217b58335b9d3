using System;

namespace DeviceAgent.Hal
{
    /// <summary>
    /// A response whose status and headers have arrived and whose body is still on the connection: the caller reads it
    /// chunk by chunk into its own buffer, so a response of any size costs no more memory than that buffer.
    /// Dispose closes the connection, also when the body was not read to the end.
    /// </summary>
    public interface IHttpResponse : IDisposable
    {
        /// <summary>The HTTP status code, e.g. 200.</summary>
        int StatusCode { get; }

        /// <summary>The media type of the body without parameters (e.g. <c>text/plain</c>), or null when none was sent.</summary>
        string ContentType { get; }

        /// <summary>The body length from Content-Length, or -1 when the server did not say (chunked or close-delimited).</summary>
        long ContentLength { get; }

        /// <summary>
        /// The value of the response header <paramref name="name"/> (case-insensitive), or null when absent. Not every
        /// platform exposes every header: Content-Type and Content-Length always work; others (e.g. Retry-After) may
        /// read as null, so callers treat a header as a hint, never as required.
        /// </summary>
        string GetHeader(string name);

        /// <summary>
        /// Reads up to <paramref name="count"/> body bytes into <paramref name="buffer"/> at <paramref name="offset"/>;
        /// returns how many, 0 at the end of the body. Throws <see cref="HttpTransportException"/> on timeout or a dropped connection.
        /// </summary>
        int Read(byte[] buffer, int offset, int count);
    }
}
