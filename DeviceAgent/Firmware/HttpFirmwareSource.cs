using System;
using System.IO;
using DeviceAgent.Hal;

namespace DeviceAgent.Firmware
{
    /// <summary>
    /// A firmware image fetched with an HTTP(S) GET through <see cref="IHttpTransport"/>: the response body is read
    /// straight into the caller's buffer, chunk by chunk, so the image never sits in RAM.
    /// </summary>
    /// <remarks>
    /// Anything but 200 fails the download with "HTTP status"; transport failures surface as the transport's
    /// <see cref="HttpTransportException"/>, whose message goes into the firmware report.
    /// </remarks>
    public sealed class HttpFirmwareSource : IFirmwareSource, IDisposable
    {
        private readonly IHttpTransport _http;
        private readonly string _url;
        private readonly int _timeoutMilliseconds;
        private IHttpResponse _response;

        /// <summary>Fetches <paramref name="url"/> (http or https); <paramref name="timeoutMilliseconds"/> bounds the headers and each read.</summary>
        public HttpFirmwareSource(IHttpTransport http, string url, int timeoutMilliseconds)
        {
            if (http == null || url == null)
            {
                throw new ArgumentNullException(http == null ? "http" : "url");
            }

            _http = http;
            _url = url;
            _timeoutMilliseconds = timeoutMilliseconds;
        }

        /// <summary>The URL fetched.</summary>
        public string Url => _url;

        /// <summary>Sends the GET; returns the Content-Length, or -1 when the server sent none (or one over 2 GB).</summary>
        /// <exception cref="IOException">The server answered with a status other than 200.</exception>
        public int Open()
        {
            Close();
            IHttpResponse response = _http.Get(_url, null, _timeoutMilliseconds);
            if (response.StatusCode != 200)
            {
                int status = response.StatusCode;
                response.Dispose();
                throw new IOException("HTTP " + status.ToString());
            }

            _response = response;
            long length = response.ContentLength;
            return length < 0 || length > int.MaxValue ? -1 : (int)length;
        }

        /// <inheritdoc />
        public int Read(byte[] buffer, int offset, int count)
        {
            if (_response == null)
            {
                throw new InvalidOperationException("Read before Open");
            }

            int n = _response.Read(buffer, offset, count);
            if (n <= 0)
            {
                Close();
                return 0;
            }

            return n;
        }

        /// <summary>Closes the connection; HTTP has no way to tell the server why, so the outcome is not sent.</summary>
        public void Cancel(FirmwareOutcome outcome, string detail)
        {
            Close();
        }

        /// <summary>Closes the connection if a failed read left it open.</summary>
        public void Dispose()
        {
            Close();
        }

        private void Close()
        {
            if (_response != null)
            {
                _response.Dispose();
                _response = null;
            }
        }
    }
}
