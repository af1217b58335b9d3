// Three namespaces for DHCP through a relay, next to the two-namespace NetworkNamespaces:
//
//   da-rcl-<pid>-<id>            da-rly-<pid>-<id>                              da-rsv-<pid>-<id>
//   [da-rc-<id>, no address] <=> [da-rr-<id> 10.77.n.1/24 | da-ru-<id> 10.78.n.1/24] <=> [da-rs-<id> 10.78.n.2/24]
//   client (our code, setns)     dnsmasq --dhcp-relay=10.77.n.1,10.78.n.2                server (our code, setns)
//
// The server namespace routes 10.77.n.0/24 via the relay, so replies to giaddr 10.77.n.1:67 reach dnsmasq, which
// forwards them to the client. Names follow NetworkNamespaces' <prefix><kind>-<pid>-<random> pattern, so its
// CleanLeftovers removes what a crashed run left behind.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace DeviceAgent.Tests.RealPeers
{
    /// <summary>Client, relay and server namespaces in a row (see the file header); everything is removed on Dispose.</summary>
    public sealed class RelayNamespaces : IDisposable
    {
        private static readonly string Dnsmasq = NetworkNamespaces.FindExecutable("dnsmasq");
        private readonly List<NamespaceProcess> processes = new List<NamespaceProcess>();
        private readonly string workDirectory = Directory.CreateTempSubdirectory("da-relay-").FullName;
        private bool disposed;

        private RelayNamespaces(string id, string suffix, int subnetOctet)
        {
            ClientNamespace = NetworkNamespaces.NamePrefix + "rcl-" + id;
            RelayNamespace = NetworkNamespaces.NamePrefix + "rly-" + id;
            ServerNamespace = NetworkNamespaces.NamePrefix + "rsv-" + id;
            ClientInterface = "da-rc-" + suffix;
            RelayClientInterface = "da-rr-" + suffix;
            RelayServerInterface = "da-ru-" + suffix;
            ServerInterface = "da-rs-" + suffix;
            SubnetOctet = subnetOctet;
        }

        /// <summary>Null when relay tests can run here, else why they skip.</summary>
        public static string SkipReason => NetworkNamespaces.SkipReason
            ?? (Dnsmasq == null ? "dnsmasq is not installed (package dnsmasq-base; scripts/test installs it when run as root)" : null);

        public string ClientNamespace { get; }

        public string RelayNamespace { get; }

        public string ServerNamespace { get; }

        public string ClientInterface { get; }

        public string RelayClientInterface { get; }

        public string RelayServerInterface { get; }

        public string ServerInterface { get; }

        /// <summary>The n of 10.77.n.0/24 (client side) and 10.78.n.0/24 (server side).</summary>
        public int SubnetOctet { get; }

        /// <summary>The relay's address on the client side: the giaddr it puts into relayed requests.</summary>
        public IPAddress RelayAddress => ClientSide(1);

        /// <summary>The server's address, where the relay forwards to.</summary>
        public IPAddress ServerAddress => ServerSide(2);

        /// <summary>dnsmasq's log (stderr), for failure messages.</summary>
        public string RelayLog => processes.Count == 0 ? "" : processes[0].Output;

        /// <summary>10.77.n.host.</summary>
        public IPAddress ClientSide(int host) => new IPAddress(new[] { (byte)10, (byte)77, (byte)SubnetOctet, (byte)host });

        /// <summary>10.78.n.host.</summary>
        public IPAddress ServerSide(int host) => new IPAddress(new[] { (byte)10, (byte)78, (byte)SubnetOctet, (byte)host });

        /// <summary>Creates the namespaces and links and starts dnsmasq as relay; check SkipReason first.</summary>
        public static RelayNamespaces Create()
        {
            if (SkipReason != null)
            {
                throw new InvalidOperationException(SkipReason);
            }

            var suffix = Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
            var id = Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + suffix;
            var net = new RelayNamespaces(id, suffix, RandomNumberGenerator.GetInt32(1, 255));
            try
            {
                net.Setup();
                net.StartRelay();
                return net;
            }
            catch
            {
                net.Dispose();
                throw;
            }
        }

        public T RunInClient<T>(Func<T> body) => NetworkNamespaces.RunInNamespace(ClientNamespace, body);

        public T RunInServer<T>(Func<T> body) => NetworkNamespaces.RunInNamespace(ServerNamespace, body);

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

            foreach (var name in new[] { ClientNamespace, RelayNamespace, ServerNamespace })
            {
                if (File.Exists(Path.Combine("/var/run/netns", name)))
                {
                    NetworkNamespaces.Run(NetworkNamespaces.IpCommand, "netns", "del", name);
                }
            }

            try
            {
                Directory.Delete(workDirectory, true);
            }
            catch (IOException)
            {
                // dnsmasq still closing its log; the temp directory is harmless.
            }
        }

        private void Setup()
        {
            foreach (var name in new[] { ClientNamespace, RelayNamespace, ServerNamespace })
            {
                Ip("netns", "add", name);
                Ip("-n", name, "link", "set", "lo", "up");
            }

            Ip("link", "add", ClientInterface, "netns", ClientNamespace, "type", "veth", "peer", "name", RelayClientInterface, "netns", RelayNamespace);
            Ip("link", "add", ServerInterface, "netns", ServerNamespace, "type", "veth", "peer", "name", RelayServerInterface, "netns", RelayNamespace);
            Ip("-n", RelayNamespace, "addr", "add", RelayAddress + "/24", "dev", RelayClientInterface);
            Ip("-n", RelayNamespace, "addr", "add", ServerSide(1) + "/24", "dev", RelayServerInterface);
            Ip("-n", ServerNamespace, "addr", "add", ServerAddress + "/24", "dev", ServerInterface);
            foreach (var (name, link) in new[]
            {
                (ClientNamespace, ClientInterface), (RelayNamespace, RelayClientInterface), (RelayNamespace, RelayServerInterface), (ServerNamespace, ServerInterface),
            })
            {
                Ip("-n", name, "link", "set", link, "up");
            }

            Ip("-n", ServerNamespace, "route", "add", ClientSide(0) + "/24", "via", ServerSide(1).ToString());
        }

        private void StartRelay()
        {
            var config = new StringBuilder()
                .Append("port=0\n")                                 // no DNS
                .Append("dhcp-relay=").Append(RelayAddress).Append(',').Append(ServerAddress).Append('\n')
                .Append("interface=").Append(RelayClientInterface).Append('\n')
                .Append("interface=").Append(RelayServerInterface).Append('\n')
                .Append("log-dhcp\nlog-facility=-\nuser=root\nno-hosts\nno-resolv\npid-file=\n")
                .Append("dhcp-leasefile=").Append(Path.Combine(workDirectory, "leases")).Append('\n')
                .ToString();
            var path = Path.Combine(workDirectory, "dnsmasq.conf");
            File.WriteAllText(path, config);
            var info = NetworkNamespaces.NewStartInfo(NetworkNamespaces.IpCommand, new[] { "netns", "exec", RelayNamespace, Dnsmasq, "-C", path, "--no-daemon" });
            var process = new NamespaceProcess(info);
            processes.Add(process);
            if (!process.WaitForOutput("DHCP relay from", TimeSpan.FromSeconds(15)))
            {
                throw new InvalidOperationException("dnsmasq relay did not start:\n" + process.Output + "\nconfig:\n" + config);
            }
        }

        private static void Ip(params string[] args)
        {
            var result = NetworkNamespaces.Run(NetworkNamespaces.IpCommand, args);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException("ip " + string.Join(' ', args) + " failed: " + result.StandardError.Trim());
            }
        }
    }
}
