using System;
using System.Collections.Generic;
using System.IO;

namespace DeviceAgent.Tests.RealPeers
{
    /// <summary>Which real DHCP server implementation.</summary>
    public enum DhcpPeerKind
    {
        Dnsmasq,
        Kea,
    }

    /// <summary>
    /// A real DHCPv4 server running in the server namespace of a NetworkNamespaces pair, configured with PeerOptions.
    /// Its configuration, lease file and pid/lock files live in a private temp directory; no system file is touched.
    /// </summary>
    public abstract class DhcpPeer : IDisposable
    {
        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

        protected DhcpPeer(NetworkNamespaces network, SipServerEncoding sipEncoding)
        {
            Network = network;
            SipEncoding = sipEncoding;
            RenewSeconds = PeerOptions.RenewSeconds;
            RebindSeconds = PeerOptions.RebindSeconds;
            WorkDirectory = Directory.CreateTempSubdirectory("da-peer-").FullName;
        }

        public NetworkNamespaces Network { get; }

        public SipServerEncoding SipEncoding { get; }

        /// <summary>T1 the server hands out (option 58); shorter than the default only for renewal tests.</summary>
        public int RenewSeconds { get; private set; }

        /// <summary>T2 the server hands out (option 59).</summary>
        public int RebindSeconds { get; private set; }

        /// <summary>Private temp directory with the configuration, lease file and logs; deleted on Dispose.</summary>
        public string WorkDirectory { get; }

        public abstract DhcpPeerKind Kind { get; }

        /// <summary>Version line reported by the server binary, e.g. "Dnsmasq version 2.90".</summary>
        public abstract string Version { get; }

        public string ConfigPath { get; protected set; }

        /// <summary>Text of the generated configuration file.</summary>
        public string ConfigText => File.ReadAllText(ConfigPath);

        public string LeaseFile => Path.Combine(WorkDirectory, "leases");

        public NamespaceProcess Process { get; private set; }

        /// <summary>What this server, so configured, sends that a codec or client must cope with (fixture headers).</summary>
        public abstract IReadOnlyList<string> Quirks { get; }

        /// <summary>Null when this kind of server can run here, else why its tests skip.</summary>
        public static string SkipReason(DhcpPeerKind kind) =>
            NetworkNamespaces.SkipReason ?? (kind == DhcpPeerKind.Dnsmasq ? DnsmasqPeer.MissingReason : KeaPeer.MissingReason);

        /// <summary>
        /// Writes the configuration, starts the server bound to the server veth and waits until it serves. T1/T2
        /// default to PeerOptions; renewal tests pass shorter ones (the lease stays PeerOptions.LeaseSeconds, since
        /// dnsmasq refuses less than 120 s).
        /// </summary>
        public static DhcpPeer Start(DhcpPeerKind kind, NetworkNamespaces network, SipServerEncoding sipEncoding,
            int renewSeconds = PeerOptions.RenewSeconds, int rebindSeconds = PeerOptions.RebindSeconds)
        {
            DhcpPeer peer = kind == DhcpPeerKind.Dnsmasq
                ? new DnsmasqPeer(network, sipEncoding)
                : new KeaPeer(network, sipEncoding);
            peer.RenewSeconds = renewSeconds;
            peer.RebindSeconds = rebindSeconds;
            try
            {
                peer.Launch(kind);
                return peer;
            }
            catch
            {
                peer.Dispose();
                throw;
            }
        }

        /// <summary>Kills the server; its lease file stays, so <see cref="Restart"/> resumes with the same leases.</summary>
        public void Stop()
        {
            Process?.Dispose();
            Process = null;
        }

        /// <summary>Starts the server again with the same configuration and lease file.</summary>
        public void Restart()
        {
            Stop();
            Launch(Kind);
        }

        public void Dispose()
        {
            Process?.Dispose();
            try
            {
                Directory.Delete(WorkDirectory, true);
            }
            catch (IOException)
            {
                // A server still flushing its lease file; the temp directory is harmless.
            }
        }

        public override string ToString() => Kind + " (" + Version + "), SIP servers as " + SipEncoding;

        private void Launch(DhcpPeerKind kind)
        {
            Process = Launch();
            if (!Process.WaitForOutput(ReadyText, StartTimeout))
            {
                throw new InvalidOperationException(kind + " did not start within " + StartTimeout + ":\n" +
                    Process.Output + "\nconfig:\n" + ConfigText);
            }
        }

        /// <summary>Log line that says the server is bound and serving.</summary>
        protected abstract string ReadyText { get; }

        protected abstract NamespaceProcess Launch();

        protected static string FirstLine(string text)
        {
            var end = text.IndexOf('\n');
            return (end < 0 ? text : text.Substring(0, end)).Trim();
        }

        protected string WriteConfig(string fileName, string text)
        {
            ConfigPath = Path.Combine(WorkDirectory, fileName);
            File.WriteAllText(ConfigPath, text);
            return ConfigPath;
        }

        protected string Host(int host) => Network.Address(host).ToString();

        protected IEnumerable<string> SipServerAddresses()
        {
            foreach (var host in PeerOptions.SipServerHosts)
            {
                yield return Host(host);
            }
        }
    }
}
