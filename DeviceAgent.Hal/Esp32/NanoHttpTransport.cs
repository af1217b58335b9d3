using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace DeviceAgent.Hal.Esp32
{
    /// <summary>
    /// <see cref="IHttpTransport"/> over nanoFramework's HttpClient (synchronous API). HTTPS uses TLS 1.2 and requires
    /// a server certificate issued by the given root CA (or by the device's CA store when none is given), and is refused
    /// while the clock is not valid: after a cold boot the RTC is in the past, so every certificate would look not yet valid.
    /// </summary>
    /// <remarks>
    /// nanoFramework's HttpResponseMessage exposes no response headers besides the content headers, so
    /// <see cref="IHttpResponse.GetHeader"/> answers only Content-Type and Content-Length here; Retry-After reads as null.
    /// Each request uses its own HttpClient, so the timeout of one call never leaks into the next.
    /// </remarks>
    public sealed class NanoHttpTransport : IHttpTransport
    {
        private readonly IClock _clock;
        private readonly X509Certificate _rootCa;

        /// <summary>A transport trusting <paramref name="rootCa"/> (null: the device's CA store), gated by <paramref name="clock"/>.</summary>
        public NanoHttpTransport(IClock clock, X509Certificate rootCa)
        {
            if (clock == null)
            {
                throw new ArgumentNullException("clock");
            }

            _clock = clock;
            _rootCa = rootCa;
        }

        /// <inheritdoc />
        public IHttpResponse Get(string url, string[] headers, int timeoutMilliseconds)
        {
            return Send(new HttpRequestMessage(HttpMethod.Get, url), url, headers, timeoutMilliseconds);
        }

        /// <inheritdoc />
        public IHttpResponse Post(string url, string[] headers, string contentType, byte[] body, int offset, int count, int timeoutMilliseconds)
        {
            HttpRequestMessage request = new HttpRequestMessage(HttpMethod.Post, url);
            ByteArrayContent content = new ByteArrayContent(body, offset, count);
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            request.Content = content;
            return Send(request, url, headers, timeoutMilliseconds);
        }

        private static bool IsHttps(string url)
        {
            return url.Length > 8 && url.Substring(0, 8).ToLower() == "https://";
        }

        private static HttpTransportException Map(Exception e, string url)
        {
            WebException web = e as WebException;
            if (web != null)
            {
                switch (web.Status)
                {
                    case WebExceptionStatus.NameResolutionFailure:
                    case WebExceptionStatus.ConnectFailure:
                        return new HttpTransportException(HttpTransportError.ConnectFailed, "cannot connect: " + url, e);
                    case WebExceptionStatus.Timeout:
                        return new HttpTransportException(HttpTransportError.Timeout, "no answer in time: " + url, e);
                    case WebExceptionStatus.SecureChannelFailure:
                    case WebExceptionStatus.TrustFailure:
                        return new HttpTransportException(HttpTransportError.TlsFailed, "TLS failed: " + url, e);
                }
            }

            if (e is SocketException)
            {
                return new HttpTransportException(HttpTransportError.ConnectFailed, "cannot connect: " + url + ": " + e.Message, e);
            }

            return new HttpTransportException(HttpTransportError.Failed, "HTTP exchange failed: " + url + ": " + e.Message, e);
        }

        private IHttpResponse Send(HttpRequestMessage request, string url, string[] headers, int timeoutMilliseconds)
        {
            bool https = IsHttps(url);
            if (https && !_clock.IsWallClockValid)
            {
                request.Dispose();
                throw new HttpTransportException(HttpTransportError.TimeNotSet, "HTTPS refused: the wall clock is not set, so the server certificate's dates cannot be checked", null);
            }

            if (headers != null)
            {
                for (int i = 0; i + 1 < headers.Length; i += 2)
                {
                    request.Headers.Add(headers[i], headers[i + 1]);
                }
            }

            HttpClient client = new HttpClient();
            client.Timeout = TimeSpan.FromMilliseconds(timeoutMilliseconds);
            if (https)
            {
                client.SslProtocols = SslProtocols.Tls12;
                client.SslVerification = SslVerification.CertificateRequired;
                if (_rootCa != null)
                {
                    client.HttpsAuthentCert = _rootCa;
                }
            }

            HttpResponseMessage response = null;
            try
            {
                response = client.Send(request, HttpCompletionOption.ResponseHeadersRead);
                Stream body = response.Content.ReadAsStream();
                if (body.CanTimeout)
                {
                    body.ReadTimeout = timeoutMilliseconds;
                }

                return new NanoHttpResponse(client, request, response, body);
            }
            catch (Exception e)
            {
                if (response != null)
                {
                    response.Dispose();
                }

                request.Dispose();
                client.Dispose();
                throw Map(e, url);
            }
        }

        private sealed class NanoHttpResponse : IHttpResponse
        {
            private readonly HttpClient _client;
            private readonly HttpRequestMessage _request;
            private readonly HttpResponseMessage _response;
            private readonly Stream _body;

            public NanoHttpResponse(HttpClient client, HttpRequestMessage request, HttpResponseMessage response, Stream body)
            {
                _client = client;
                _request = request;
                _response = response;
                _body = body;
            }

            public int StatusCode => (int)_response.StatusCode;

            public string ContentType
            {
                get
                {
                    MediaTypeHeaderValue type = _response.Content.Headers.ContentType;
                    return type == null ? null : type.MediaType;
                }
            }

            public long ContentLength => _response.Content.Headers.ContentLength;

            public string GetHeader(string name)
            {
                string lower = name == null ? "" : name.ToLower();
                if (lower == "content-type")
                {
                    MediaTypeHeaderValue type = _response.Content.Headers.ContentType;
                    return type == null ? null : type.ToString();
                }

                if (lower == "content-length")
                {
                    long length = _response.Content.Headers.ContentLength;
                    return length < 0 ? null : length.ToString();
                }

                return null;
            }

            public int Read(byte[] buffer, int offset, int count)
            {
                try
                {
                    return _body.Read(buffer, offset, count);
                }
                catch (Exception e)
                {
                    SocketException socket = e as SocketException;
                    if (socket != null && socket.ErrorCode == (int)SocketError.TimedOut)
                    {
                        throw new HttpTransportException(HttpTransportError.Timeout, "body read timed out", e);
                    }

                    if (socket != null || e is IOException)
                    {
                        throw new HttpTransportException(HttpTransportError.Failed, "body read failed: " + e.Message, e);
                    }

                    throw;
                }
            }

            public void Dispose()
            {
                _body.Dispose();
                _response.Dispose();
                _request.Dispose();
                _client.Dispose();
            }
        }
    }
}
