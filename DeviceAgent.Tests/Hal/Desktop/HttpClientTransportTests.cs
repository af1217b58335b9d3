using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DeviceAgent.Hal;
using DeviceAgent.Hal.Desktop;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceAgent.Tests.Hal.Desktop;

/// <summary>Desktop only: <see cref="HttpClientTransport"/> against a raw loopback TCP peer that answers exactly as scripted.</summary>
[TestClass]
public class HttpClientTransportTests
{
    [TestMethod]
    public void Get_LargeBody_StreamedInCallerChunksWithHeaders()
    {
        var body = new byte[200_000];
        new Random(7).NextBytes(body);
        using var peer = new ScriptedPeer(Encoding.ASCII.GetBytes(
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/octet-stream\r\nRetry-After: 120\r\nContent-Length: " + body.Length + "\r\n\r\n"), body);
        using var transport = new HttpClientTransport();

        using var response = transport.Get(peer.Url + "/x?y=1", new[] { "X-Test", "yes", "Authorization", "DA-HMAC1 device=a,ts=1,sig=00" }, 5000);

        Assert.AreEqual(503, response.StatusCode);
        Assert.AreEqual("application/octet-stream", response.ContentType);
        Assert.AreEqual(body.Length, response.ContentLength);
        Assert.AreEqual("120", response.GetHeader("retry-after"));
        Assert.IsNull(response.GetHeader("X-Absent"));
        var received = new MemoryStream();
        var chunk = new byte[1000];
        int n;
        while ((n = response.Read(chunk, 0, chunk.Length)) > 0)
        {
            Assert.IsLessThanOrEqualTo(chunk.Length, n);
            received.Write(chunk, 0, n);
        }

        CollectionAssert.AreEqual(body, received.ToArray());
        StringAssert.StartsWith(peer.Request, "GET /x?y=1 HTTP/1.1\r\n");
        StringAssert.Contains(peer.Request, "X-Test: yes\r\n");
        StringAssert.Contains(peer.Request, "Authorization: DA-HMAC1 device=a,ts=1,sig=00\r\n");
    }

    [TestMethod]
    public void Post_Body_SentWithContentType()
    {
        using var peer = new ScriptedPeer(Encoding.ASCII.GetBytes("HTTP/1.1 204 No Content\r\n\r\n"), []);
        using var transport = new HttpClientTransport();
        var payload = Encoding.ASCII.GetBytes("..hello..");

        using var response = transport.Post(peer.Url + "/report", null, "text/plain", payload, 2, 5, 5000);

        Assert.AreEqual(204, response.StatusCode);
        Assert.AreEqual(0, response.Read(new byte[10], 0, 10));
        StringAssert.StartsWith(peer.Request, "POST /report HTTP/1.1\r\n");
        StringAssert.Contains(peer.Request, "Content-Type: text/plain\r\n");
        StringAssert.EndsWith(peer.Request, "\r\n\r\nhello");
    }

    [TestMethod]
    public void Get_PeerNeverAnswers_Timeout()
    {
        using var peer = new ScriptedPeer(null, null);
        using var transport = new HttpClientTransport();

        var error = Assert.ThrowsExactly<HttpTransportException>(() => transport.Get(peer.Url + "/", null, 300).Dispose());

        Assert.AreEqual(HttpTransportError.Timeout, error.Error, error.ToString());
    }

    [TestMethod]
    public void Read_BodyStalls_Timeout()
    {
        using var peer = new ScriptedPeer(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc"), null);
        using var transport = new HttpClientTransport();
        using var response = transport.Get(peer.Url + "/", null, 300);
        var buffer = new byte[100];
        var read = 0;

        var error = Assert.ThrowsExactly<HttpTransportException>(() =>
        {
            int n;
            while ((n = response.Read(buffer, read, buffer.Length - read)) > 0)
            {
                read += n;
            }
        });

        Assert.AreEqual(HttpTransportError.Timeout, error.Error, error.ToString());
        Assert.AreEqual(3, read);
    }

    [TestMethod]
    public void Get_ClosedPort_ConnectFailed()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var transport = new HttpClientTransport();

        var error = Assert.ThrowsExactly<HttpTransportException>(() => transport.Get("http://127.0.0.1:" + port + "/", null, 5000).Dispose());

        Assert.AreEqual(HttpTransportError.ConnectFailed, error.Error, error.ToString());
    }

    [TestMethod]
    public void Get_HttpsWithClockNotSet_TimeNotSetBeforeConnecting()
    {
        using var transport = new HttpClientTransport(new UnsetClock());

        var error = Assert.ThrowsExactly<HttpTransportException>(() => transport.Get("https://127.0.0.1:1/", null, 5000).Dispose());

        Assert.AreEqual(HttpTransportError.TimeNotSet, error.Error);
    }

    private sealed class UnsetClock : IClock
    {
        public long MonotonicMilliseconds => 0;

        public DateTime UtcNow => new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        public bool IsWallClockValid => false;
    }

    /// <summary>
    /// Accepts one connection, reads the request (headers and Content-Length body), writes <c>head</c> then
    /// <c>body</c>; null for either means stall there until disposed.
    /// </summary>
    private sealed class ScriptedPeer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _serve;
        private string _request;

        public ScriptedPeer(byte[] head, byte[] body)
        {
            _listener.Start();
            Url = "http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port;
            _serve = Task.Run(() => Serve(head, body));
        }

        public string Url { get; }

        public string Request
        {
            get
            {
                _serve.Wait(5000);
                return _request;
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            try
            {
                _serve.Wait(5000);
            }
            catch (AggregateException)
            {
            }
        }

        private async Task Serve(byte[] head, byte[] body)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var stream = client.GetStream();
            var received = new MemoryStream();
            var buffer = new byte[4096];
            while (true)
            {
                var text = Encoding.ASCII.GetString(received.ToArray());
                var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end >= 0)
                {
                    var length = 0;
                    foreach (var line in text[..end].Split("\r\n"))
                    {
                        if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                        {
                            length = int.Parse(line[15..].Trim());
                        }
                    }

                    if (text.Length >= end + 4 + length)
                    {
                        _request = text;
                        break;
                    }
                }

                var n = await stream.ReadAsync(buffer, _stop.Token);
                if (n == 0)
                {
                    return;
                }

                received.Write(buffer, 0, n);
            }

            if (head == null)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token).ContinueWith(_ => { });
                return;
            }

            await stream.WriteAsync(head, _stop.Token);
            if (body == null)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token).ContinueWith(_ => { });
                return;
            }

            await stream.WriteAsync(body, _stop.Token);
            await stream.FlushAsync(_stop.Token);
        }
    }
}
