using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace DeviceAgent.Hal.Desktop
{
    /// <summary>
    /// A Linux interface configured with iproute2 (root): MAC from /sys/class/net/IF/address, link from operstate,
    /// the lease applied with <c>ip addr replace</c> and <c>ip route replace default</c>. DNS servers are not written
    /// to /etc/resolv.conf, which a namespace shares with the host; they are reported by the DHCP client instead.
    /// </summary>
    /// <remarks>
    /// The <c>ip</c> processes are started from the calling thread, so a thread moved into a network namespace with
    /// setns(2) configures that namespace's interface.
    /// </remarks>
    public sealed class LinuxNetworkInterface : INetworkInterface
    {
        private readonly string _name;
        private readonly string _sysDirectory;
        private string _applied;

        /// <summary>Wraps the named interface, e.g. "eth0".</summary>
        /// <exception cref="ArgumentException">No such interface under /sys/class/net.</exception>
        public LinuxNetworkInterface(string name)
        {
            _name = name;
            _sysDirectory = Path.Combine("/sys/class/net", name);
            if (string.IsNullOrEmpty(name) || name.Contains('/') || !Directory.Exists(_sysDirectory))
            {
                throw new ArgumentException("no network interface '" + name + "'", nameof(name));
            }
        }

        /// <summary>The interface name.</summary>
        public string Name => _name;

        /// <inheritdoc />
        public byte[] HardwareAddress
        {
            get
            {
                var text = File.ReadAllText(Path.Combine(_sysDirectory, "address")).Trim();
                var parts = text.Split(':');
                var mac = new byte[parts.Length];
                for (var i = 0; i < parts.Length; i++)
                {
                    mac[i] = byte.Parse(parts[i], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                }

                return mac;
            }
        }

        /// <summary>True for operstate "up", and "unknown" (what virtual and loopback devices without carrier report).</summary>
        public bool IsLinkUp
        {
            get
            {
                try
                {
                    var state = File.ReadAllText(Path.Combine(_sysDirectory, "operstate")).Trim();
                    return state == "up" || state == "unknown";
                }
                catch (IOException)
                {
                    return false;
                }
            }
        }

        /// <inheritdoc />
        public void ApplyAddress(uint address, uint subnetMask, uint router, uint[] dnsServers)
        {
            var prefix = Format(address) + "/" + PrefixLength(subnetMask).ToString(CultureInfo.InvariantCulture);
            if (_applied != null && _applied != prefix)
            {
                Ip("addr", "del", _applied, "dev", _name);
            }

            Ip("addr", "replace", prefix, "dev", _name);
            _applied = prefix;
            if (router != 0)
            {
                Ip("route", "replace", "default", "via", Format(router), "dev", _name);
            }
        }

        /// <inheritdoc />
        public void ClearAddress()
        {
            if (_applied == null)
            {
                return;
            }

            Ip("addr", "del", _applied, "dev", _name);
            _applied = null;
        }

        private static void Ip(params string[] args)
        {
            var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start) ?? throw new IOException("cannot start ip");
            var error = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(10000) || process.ExitCode != 0)
            {
                throw new IOException("ip " + string.Join(" ", args) + " failed: " + error.Trim());
            }
        }

        private static int PrefixLength(uint mask)
        {
            var length = 0;
            while (length < 32 && (mask & (0x80000000u >> length)) != 0)
            {
                length++;
            }

            return mask == 0 ? 24 : length;
        }

        private static string Format(uint address) =>
            ((address >> 24) & 0xFF) + "." + ((address >> 16) & 0xFF) + "." + ((address >> 8) & 0xFF) + "." + (address & 0xFF);
    }
}
