// Real-peer test harness
// =======================
// The tests in this folder talk to real DHCP servers (dnsmasq, Kea) instead of to our own stubs, because the quirks
// of deployed servers are what breaks phones in the field. Each test gets a private pair of Linux network namespaces
// joined by a veth cable:
//
//     da-srv-<pid>-<id>  [veth 10.77.<n>.1/24] <====> [veth, no address]  da-cli-<pid>-<id>
//        server process (ip netns exec)                  our own C# code, on a thread moved in with setns(2)
//
// so nothing is ever sent to a real network: traffic stays on the veth, and the namespaces, the cable and the server
// processes are removed when the test disposes the harness (leftovers of crashed runs are removed by the next run).
//
// How CI runs it: .ci/run executes scripts/test as root; as root scripts/test installs dnsmasq and Kea (services kept
// from starting), and the tests create namespaces, start the servers inside them and bind DHCP ports.
// Why it skips otherwise: namespaces, veth links and the ports 67/68 need root (CAP_NET_ADMIN, CAP_SYS_ADMIN). Without
// them, or without `ip`, dnsmasq or kea-dhcp4, every real-peer test calls Assert.Inconclusive with the sentence in
// NetworkNamespaces.SkipReason (or DhcpPeer.SkipReason), so the run stays green and says why these tests did not run.
//
// Running our own code in a namespace: a .NET process cannot move itself, but a network namespace is a per-thread
// property, so RunInNamespace starts a fresh thread, moves that thread with setns(2) and runs the body there. Sockets
// remember the namespace they were created in, so a socket made by the body may be used from any thread afterwards.
// The thread is thrown away when the body returns, so no other code ever runs in the namespace by accident.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Threading;

namespace DeviceAgent.Tests.RealPeers
{
    /// <summary>A server namespace and a client namespace joined by a veth pair; everything is removed on Dispose.</summary>
    public sealed class NetworkNamespaces : IDisposable
    {
        /// <summary>Every namespace this harness creates starts with this prefix (used to find leftovers).</summary>
        public const string NamePrefix = "da-";

        private const string ServerPrefix = NamePrefix + "srv-";
        private const string ClientPrefix = NamePrefix + "cli-";
        private const string NetnsDirectory = "/var/run/netns";
        private const int CloneNewNet = 0x40000000;

        private static readonly Lazy<string> skipReason = new Lazy<string>(ProbeSkipReason);
        private readonly List<NamespaceProcess> processes = new List<NamespaceProcess>();
        private bool disposed;

        private NetworkNamespaces(string id, int subnetOctet)
        {
            ServerNamespace = ServerPrefix + id;
            ClientNamespace = ClientPrefix + id;
            var suffix = id.Substring(id.LastIndexOf('-') + 1);
            ServerInterface = "da-s-" + suffix;
            ClientInterface = "da-c-" + suffix;
            SubnetOctet = subnetOctet;
        }

        /// <summary>Null when namespaces can be used here, else a sentence saying why the real-peer tests skip.</summary>
        public static string SkipReason => skipReason.Value;

        /// <summary>Full path of the iproute2 <c>ip</c> command, or null when it is not installed.</summary>
        public static string IpCommand { get; } = FindExecutable("ip");

        public string ServerNamespace { get; }

        public string ClientNamespace { get; }

        /// <summary>The veth end inside the server namespace; it has address 10.77.n.1/24.</summary>
        public string ServerInterface { get; }

        /// <summary>The veth end inside the client namespace; it has no address, as a DHCP client starts at 0.0.0.0.</summary>
        public string ClientInterface { get; }

        /// <summary>The n of 10.77.n.0/24.</summary>
        public int SubnetOctet { get; }

        public IPAddress ServerAddress => Address(1);

        /// <summary>10.77.n.host, an address of the test subnet.</summary>
        public IPAddress Address(int host) => new IPAddress(new[] { (byte)10, (byte)77, (byte)SubnetOctet, (byte)host });

        /// <summary>
        /// Creates the namespace pair. subnetOctet picks 10.77.n.0/24 (0: random, which is fine because each pair is
        /// isolated; a fixed value gives byte-identical server replies for fixtures). Check SkipReason first.
        /// </summary>
        public static NetworkNamespaces Create(int subnetOctet = 0)
        {
            if (SkipReason != null)
            {
                throw new InvalidOperationException(SkipReason);
            }

            if (subnetOctet == 0)
            {
                subnetOctet = RandomNumberGenerator.GetInt32(1, 255);
            }

            var id = Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + RandomHex(3);
            var net = new NetworkNamespaces(id, subnetOctet);
            try
            {
                net.Setup();
                return net;
            }
            catch
            {
                net.Dispose();
                throw;
            }
        }

        /// <summary>Starts file with args inside the server namespace; the process is killed on Dispose.</summary>
        public NamespaceProcess StartInServer(string file, IDictionary<string, string> environment, params string[] args) =>
            Start(ServerNamespace, file, environment, args);

        /// <summary>Starts file with args inside the client namespace; the process is killed on Dispose.</summary>
        public NamespaceProcess StartInClient(string file, IDictionary<string, string> environment, params string[] args) =>
            Start(ClientNamespace, file, environment, args);

        /// <summary>Runs body on a fresh thread that lives in the client namespace (see the file header).</summary>
        public T RunInClient<T>(Func<T> body) => RunInNamespace(ClientNamespace, body);

        /// <summary>Runs body on a fresh thread that lives in the server namespace (see the file header).</summary>
        public T RunInServer<T>(Func<T> body) => RunInNamespace(ServerNamespace, body);

        /// <summary>
        /// Runs body on a new thread moved into the named network namespace with setns(2) and returns its result
        /// (rethrowing its exception). Sockets the body creates belong to that namespace for their whole life.
        /// </summary>
        public static T RunInNamespace<T>(string name, Func<T> body)
        {
            T result = default;
            ExceptionDispatchInfo error = null;
            var thread = new Thread(() =>
            {
                try
                {
                    using (var handle = File.OpenHandle(Path.Combine(NetnsDirectory, name), FileMode.Open, FileAccess.Read))
                    {
                        if (setns(handle.DangerousGetHandle().ToInt32(), CloneNewNet) != 0)
                        {
                            throw new IOException("setns(" + name + ") failed, errno " + Marshal.GetLastPInvokeError());
                        }
                    }

                    result = body();
                }
                catch (Exception e)
                {
                    error = ExceptionDispatchInfo.Capture(e);
                }
            })
            {
                IsBackground = true,
                Name = "netns " + name,
            };
            thread.Start();
            thread.Join();
            error?.Throw();
            return result;
        }

        /// <summary>Runs a command to completion (30 s at most) in the current namespace and returns its outcome.</summary>
        public static ProcessResult Run(string file, params string[] args)
        {
            var info = NewStartInfo(file, args);
            using (var process = Process.Start(info))
            {
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit(30000))
                {
                    process.Kill(true);
                    process.WaitForExit();
                }

                return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
            }
        }

        /// <summary>
        /// Deletes namespaces named by this harness whose creating process has ended (a crashed or killed run); the
        /// pid in the name tells whose they are, so concurrent runs of other engineers on the machine are left alone.
        /// </summary>
        public static IList<string> CleanLeftovers()
        {
            var removed = new List<string>();
            if (!Directory.Exists(NetnsDirectory) || IpCommand == null)
            {
                return removed;
            }

            foreach (var path in Directory.GetFiles(NetnsDirectory, NamePrefix + "*"))
            {
                var name = Path.GetFileName(path);
                if (IsLeftover(name, File.GetLastWriteTimeUtc(path)) && Run(IpCommand, "netns", "del", name).ExitCode == 0)
                {
                    removed.Add(name);
                }
            }

            return removed;
        }

        /// <summary>Kills the processes started here, then deletes both namespaces (which destroys the veth pair).</summary>
        public void Dispose()
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            foreach (var process in processes)
            {
                process.Dispose();
            }

            foreach (var name in new[] { ServerNamespace, ClientNamespace })
            {
                if (File.Exists(Path.Combine(NetnsDirectory, name)))
                {
                    Run(IpCommand, "netns", "del", name);
                }
            }
        }

        internal static ProcessStartInfo NewStartInfo(string file, IEnumerable<string> args)
        {
            var info = new ProcessStartInfo(file)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            return info;
        }

        /// <summary>Full path of an executable found in the usual system directories or PATH, else null.</summary>
        internal static string FindExecutable(string name)
        {
            var directories = new List<string> { "/usr/sbin", "/sbin", "/usr/bin", "/bin" };
            directories.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries));
            foreach (var directory in directories)
            {
                var path = Path.Combine(directory, name);
                if (File.Exists(path))
                {
                    return path;
                }
            }

            return null;
        }

        private NamespaceProcess Start(string name, string file, IDictionary<string, string> environment, string[] args)
        {
            var all = new List<string> { "netns", "exec", name, file };
            all.AddRange(args);
            var info = NewStartInfo(IpCommand, all);
            if (environment != null)
            {
                foreach (var pair in environment)
                {
                    info.Environment[pair.Key] = pair.Value;
                }
            }

            var process = new NamespaceProcess(info);
            processes.Add(process);
            return process;
        }

        private void Setup()
        {
            Ip("netns", "add", ServerNamespace);
            Ip("netns", "add", ClientNamespace);

            // Created directly inside the namespaces, so no half-built link is ever left in the host namespace.
            Ip("link", "add", ServerInterface, "netns", ServerNamespace, "type", "veth",
                "peer", "name", ClientInterface, "netns", ClientNamespace);
            Ip("-n", ServerNamespace, "addr", "add", ServerAddress + "/24", "dev", ServerInterface);
            foreach (var (name, link) in new[] { (ServerNamespace, ServerInterface), (ClientNamespace, ClientInterface) })
            {
                Ip("-n", name, "link", "set", "lo", "up");
                Ip("-n", name, "link", "set", link, "up");
            }
        }

        private static void Ip(params string[] args)
        {
            var result = Run(IpCommand, args);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException("ip " + string.Join(' ', args) + " failed: " + result.StandardError.Trim());
            }
        }

        private static string ProbeSkipReason()
        {
            if (!OperatingSystem.IsLinux())
            {
                return "real-peer tests need Linux network namespaces; this is " + RuntimeInformation.OSDescription;
            }

            if (geteuid() != 0)
            {
                return "real-peer tests need root (network namespaces, veth links, DHCP ports 67/68); CI runs them as root";
            }

            if (IpCommand == null)
            {
                return "real-peer tests need the `ip` command (iproute2), which is not installed";
            }

            CleanLeftovers();
            var probe = NamePrefix + "probe-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + RandomHex(3);
            var add = Run(IpCommand, "netns", "add", probe);
            if (add.ExitCode != 0)
            {
                return "network namespace creation failed: " + add.StandardError.Trim();
            }

            Run(IpCommand, "netns", "del", probe);
            return null;
        }

        private static bool IsLeftover(string name, DateTime createdUtc)
        {
            // Names are <prefix><kind>-<pid>-<random>.
            var parts = name.Substring(NamePrefix.Length).Split('-');
            if (parts.Length != 3 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                return false;
            }

            try
            {
                using (var owner = Process.GetProcessById(pid))
                {
                    // A live process with that pid started after the namespace was made is a reused pid.
                    return owner.StartTime.ToUniversalTime() > createdUtc;
                }
            }
            catch (ArgumentException)
            {
                return true;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }

        private static string RandomHex(int bytes) => Convert.ToHexString(RandomNumberGenerator.GetBytes(bytes)).ToLowerInvariant();

        [DllImport("libc", SetLastError = true)]
        private static extern int setns(int fd, int nstype);

        [DllImport("libc")]
        private static extern uint geteuid();
    }

    /// <summary>Exit code and captured output of a finished command.</summary>
    public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);
}
