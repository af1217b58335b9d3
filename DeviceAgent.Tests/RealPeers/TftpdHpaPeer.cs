using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;

namespace DeviceAgent.Tests.RealPeers
{
    /// <summary>
    /// tftpd-hpa (in.tftpd) started by a test on an ephemeral loopback port, serving a fresh temporary directory with
    /// --secure; killed and its directory removed on Dispose. Loopback needs no namespace; root is needed because
    /// in.tftpd insists on changing user. Extra arguments (e.g. --refuse blksize) go before the directory.
    /// </summary>
    public sealed class TftpdHpaPeer : IDisposable
    {
        /// <summary>Largest block size the server grants (--blocksize).</summary>
        public const int MaxBlockSize = 1468;

        private Process process;

        private TftpdHpaPeer(string directory)
        {
            Directory = directory;
        }

        /// <summary>Full path of in.tftpd, or null when tftpd-hpa is not installed.</summary>
        public static string Executable { get; } = NetworkNamespaces.FindExecutable("in.tftpd");

        /// <summary>Null when the server can be started here, else why the tests skip.</summary>
        public static string SkipReason =>
            !OperatingSystem.IsLinux() ? "tftpd-hpa tests need Linux"
            : geteuid() != 0 ? "tftpd-hpa tests need root (in.tftpd changes user before serving); CI runs them as root"
            : Executable == null ? "tftpd-hpa is not installed (in.tftpd not found); scripts/test installs it as root"
            : null;

        /// <summary>The directory served; files written here can be downloaded by name.</summary>
        public string Directory { get; }

        public int Port { get; private set; }

        public string Output { get; private set; } = "";

        public static TftpdHpaPeer Start(params string[] extraArgs)
        {
            var directory = Path.Combine(Path.GetTempPath(), "da-tftp-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(directory);
            var peer = new TftpdHpaPeer(directory);
            try
            {
                // The port is picked by binding and releasing it, so another process may take it first: try a few.
                for (int attempt = 0; attempt < 5; attempt++)
                {
                    if (peer.TryStart(FreeUdpPort(), extraArgs))
                    {
                        return peer;
                    }
                }

                throw new InvalidOperationException("in.tftpd did not start: " + peer.Output);
            }
            catch
            {
                peer.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            Stop();
            if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, true);
            }
        }

        private bool TryStart(int port, string[] extraArgs)
        {
            var args = new System.Collections.Generic.List<string>
            {
                "--foreground", "--listen", "--address", "127.0.0.1:" + port, "--secure", "--user", "root",
                "--blocksize", MaxBlockSize.ToString(), "--verbose",
            };
            args.AddRange(extraArgs);
            args.Add(Directory);
            process = Process.Start(NetworkNamespaces.NewStartInfo(Executable, args));
            process.StandardInput.Close();
            Port = port;
            if (Probe())
            {
                return true;
            }

            Stop();
            return false;
        }

        // A plain RRQ for a file that does not exist: any answer means the server is listening.
        private bool Probe()
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            byte[] rrq = { 0, 1, (byte)'p', 0, (byte)'o', (byte)'c', (byte)'t', (byte)'e', (byte)'t', 0 };
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (DateTime.UtcNow < deadline && !process.HasExited)
            {
                socket.SendTo(rrq, new IPEndPoint(IPAddress.Loopback, Port));
                if (socket.Poll(TimeSpan.FromMilliseconds(100), SelectMode.SelectRead))
                {
                    return true;
                }
            }

            return false;
        }

        private void Stop()
        {
            if (process == null)
            {
                return;
            }

            try
            {
                if (!process.HasExited)
                {
                    process.Kill(true);
                }

                process.WaitForExit(5000);
                Output += process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
            }
            catch (InvalidOperationException)
            {
            }

            process.Dispose();
            process = null;
        }

        private static int FreeUdpPort()
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return ((IPEndPoint)socket.LocalEndPoint).Port;
        }

        [DllImport("libc")]
        private static extern uint geteuid();
    }
}
