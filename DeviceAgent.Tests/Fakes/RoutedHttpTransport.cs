using System;
using System.Collections;
using DeviceAgent.Hal;

namespace DeviceAgent.Tests.Fakes
{
    /// <summary>Answers by exact URL; an unknown URL cannot be connected to. Bodies come out a few bytes at a time.</summary>
    public sealed class RoutedHttpTransport : IHttpTransport
    {
        private readonly Hashtable _routes = new Hashtable();
        private readonly ArrayList _urls = new ArrayList();
        private readonly ArrayList _bodies = new ArrayList();

        public int Count => _urls.Count;

        /// <summary>Responses handed out and not disposed yet.</summary>
        public int OpenResponses { get; private set; }

        public void Route(string url, int status, byte[] body)
        {
            _routes[url] = new Answer(status, body);
        }

        public int CountOf(string url)
        {
            int n = 0;
            for (int i = 0; i < _urls.Count; i++)
            {
                if ((string)_urls[i] == url)
                {
                    n++;
                }
            }

            return n;
        }

        public byte[] BodyOf(string url)
        {
            for (int i = _urls.Count - 1; i >= 0; i--)
            {
                if ((string)_urls[i] == url)
                {
                    return (byte[])_bodies[i];
                }
            }

            return null;
        }

        public IHttpResponse Get(string url, string[] headers, int timeoutMilliseconds)
        {
            return Exchange(url, null);
        }

        public IHttpResponse Post(string url, string[] headers, string contentType, byte[] body, int offset, int count, int timeoutMilliseconds)
        {
            byte[] copy = new byte[count];
            Array.Copy(body, offset, copy, 0, count);
            return Exchange(url, copy);
        }

        private IHttpResponse Exchange(string url, byte[] body)
        {
            _urls.Add(url);
            _bodies.Add(body);
            Answer answer = (Answer)_routes[url];
            if (answer == null)
            {
                throw new HttpTransportException(HttpTransportError.ConnectFailed, "connection refused by " + url, null);
            }

            OpenResponses++;
            return new Response(this, answer.Status, answer.Body);
        }

        private sealed class Answer
        {
            internal Answer(int status, byte[] body)
            {
                Status = status;
                Body = body;
            }

            internal int Status { get; }

            internal byte[] Body { get; }
        }

        private sealed class Response : IHttpResponse
        {
            private const int Trickle = 700;
            private readonly RoutedHttpTransport _owner;
            private readonly byte[] _body;
            private int _position;
            private bool _disposed;

            internal Response(RoutedHttpTransport owner, int status, byte[] body)
            {
                _owner = owner;
                StatusCode = status;
                _body = body;
            }

            public int StatusCode { get; }

            public string ContentType => null;

            public long ContentLength => _body.Length;

            public string GetHeader(string name)
            {
                return null;
            }

            public int Read(byte[] buffer, int offset, int count)
            {
                int n = _body.Length - _position;
                n = n < count ? n : count;
                n = n < Trickle ? n : Trickle;
                Array.Copy(_body, _position, buffer, offset, n);
                _position += n;
                return n;
            }

            public void Dispose()
            {
                if (!_disposed)
                {
                    _disposed = true;
                    _owner.OpenResponses--;
                }
            }
        }
    }
}
