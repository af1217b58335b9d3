using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading;

namespace DeviceAgent.Hal.Desktop
{
    /// <summary>
    /// <see cref="IHttpTransport"/> over <see cref="HttpClient"/>. HTTPS trusts the host's certificate store, or, when a
    /// root CA certificate file is given (PEM or DER), only that root, the way a phone trusts only its pinned CA.
    /// </summary>
    public sealed class HttpClientTransport : IHttpTransport, IDisposable
    {
        private readonly HttpClient _client;
        private readonly IClock _clock;

        /// <summary>
        /// A transport trusting <paramref name="pinnedRootCaFile"/> only, or the host's store when it is null;
        /// <paramref name="clock"/> (default: the system clock) gates HTTPS as on the phone.
        /// </summary>
        public HttpClientTransport(IClock clock = null, string pinnedRootCaFile = null)
        {
            _clock = clock ?? new SystemClock();
            var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };
            if (pinnedRootCaFile != null)
            {
                var root = X509CertificateLoader.LoadCertificateFromFile(pinnedRootCaFile);
                handler.SslOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) => IsIssuedByRoot(root, certificate, errors);
            }

            _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        }

        /// <inheritdoc />
        public IHttpResponse Get(string url, string[] headers, int timeoutMilliseconds)
        {
            return Send(new HttpRequestMessage(HttpMethod.Get, url), headers, timeoutMilliseconds);
        }

        /// <inheritdoc />
        public IHttpResponse Post(string url, string[] headers, string contentType, byte[] body, int offset, int count, int timeoutMilliseconds)
        {
            var content = new ByteArrayContent(body, offset, count);
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            return Send(new HttpRequestMessage(HttpMethod.Post, url) { Content = content }, headers, timeoutMilliseconds);
        }

        /// <summary>Closes pooled connections.</summary>
        public void Dispose()
        {
            _client.Dispose();
        }

        private static bool IsIssuedByRoot(X509Certificate2 root, X509Certificate certificate, SslPolicyErrors errors)
        {
            // The host name check stays; only the trust anchor is replaced.
            if (certificate == null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(root);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var leaf = new X509Certificate2(certificate);
            return chain.Build(leaf);
        }

        private IHttpResponse Send(HttpRequestMessage request, string[] headers, int timeoutMilliseconds)
        {
            if (headers != null)
            {
                if (headers.Length % 2 != 0)
                {
                    throw new ArgumentException("headers must alternate names and values", nameof(headers));
                }

                for (var i = 0; i < headers.Length; i += 2)
                {
                    request.Headers.TryAddWithoutValidation(headers[i], headers[i + 1]);
                }
            }

            if (request.RequestUri.Scheme == Uri.UriSchemeHttps && !_clock.IsWallClockValid)
            {
                request.Dispose();
                throw new HttpTransportException(HttpTransportError.TimeNotSet, "HTTPS refused: the wall clock is not set, so the server certificate's dates cannot be checked", null);
            }

            using var timeout = new CancellationTokenSource(timeoutMilliseconds);
            try
            {
                var response = _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).GetAwaiter().GetResult();
                var stream = response.Content.ReadAsStream();
                return new Response(request, response, stream, timeoutMilliseconds);
            }
            catch (Exception e)
            {
                request.Dispose();
                throw Map(e, timeout.IsCancellationRequested, request.RequestUri);
            }
        }

        private static HttpTransportException Map(Exception e, bool timedOut, Uri uri)
        {
            if (timedOut && e is OperationCanceledException)
            {
                return new HttpTransportException(HttpTransportError.Timeout, "no answer from " + uri.Authority + " in time", e);
            }

            if (e is HttpRequestException http)
            {
                switch (http.HttpRequestError)
                {
                    case HttpRequestError.NameResolutionError:
                    case HttpRequestError.ConnectionError:
                        return new HttpTransportException(HttpTransportError.ConnectFailed, "cannot connect to " + uri.Authority + ": " + http.Message, e);
                    case HttpRequestError.SecureConnectionError:
                        return new HttpTransportException(HttpTransportError.TlsFailed, "TLS with " + uri.Authority + " failed: " + (http.InnerException ?? http).Message, e);
                }
            }

            return new HttpTransportException(HttpTransportError.Failed, "HTTP exchange with " + uri.Authority + " failed: " + e.Message, e);
        }

        private sealed class Response : IHttpResponse
        {
            private readonly HttpRequestMessage _request;
            private readonly HttpResponseMessage _response;
            private readonly Stream _body;
            private readonly int _timeoutMilliseconds;

            public Response(HttpRequestMessage request, HttpResponseMessage response, Stream body, int timeoutMilliseconds)
            {
                _request = request;
                _response = response;
                _body = body;
                _timeoutMilliseconds = timeoutMilliseconds;
            }

            public int StatusCode => (int)_response.StatusCode;

            public string ContentType => _response.Content.Headers.ContentType?.MediaType;

            public long ContentLength => _response.Content.Headers.ContentLength ?? -1;

            public string GetHeader(string name)
            {
                if (_response.Headers.TryGetValues(name, out var values) || _response.Content.Headers.TryGetValues(name, out values))
                {
                    return string.Join(", ", values);
                }

                return null;
            }

            public int Read(byte[] buffer, int offset, int count)
            {
                using var timeout = new CancellationTokenSource(_timeoutMilliseconds);
                try
                {
                    return _body.ReadAsync(buffer, offset, count, timeout.Token).GetAwaiter().GetResult();
                }
                catch (OperationCanceledException e) when (timeout.IsCancellationRequested)
                {
                    throw new HttpTransportException(HttpTransportError.Timeout, "body read timed out", e);
                }
                catch (Exception e) when (e is IOException || e is HttpRequestException)
                {
                    throw new HttpTransportException(HttpTransportError.Failed, "body read failed: " + e.Message, e);
                }
            }

            public void Dispose()
            {
                _body.Dispose();
                _response.Dispose();
                _request.Dispose();
            }
        }
    }
}
