using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace DeviceAgent.Hal.Desktop
{
    /// <summary>
    /// A Linux interface configured with iproute2 (root): MAC and link state from /sys/class/net/IF (address,
    /// operstate), the lease applied with <c>ip addr replace</c> and <c>ip route replace default</c>. DNS servers are
    /// not written to /etc/resolv.conf, which a namespace shares with the host; the DHCP client reports them instead.
    /// </summary>
    /// <remarks>
    /// A thread moved into another network namespace with setns(2) still sees the host's sysfs, so when the interface
    /// is not there its MAC and state are read with <c>ip -o link show</c> instead (the state at most every two
    /// seconds). The <c>ip</c> processes are started from the calling thread and so act in that thread's namespace.
    /// </remarks>
    public sealed class LinuxNetworkInterface : INetworkInterface
    {
        private const long LinkPollMilliseconds = 2000;

        private readonly string _name;
        private readonly string _sysDirectory;
        private readonly bool _useSysfs;
        private string _applied;
        private bool _linkUp;
        private long _linkReadAt;
        private bool _linkRead;

        /// <summary>Wraps the named interface, e.g. "eth0".</summary>
        /// <exception cref="ArgumentException">No such interface.</exception>
        public LinuxNetworkInterface(string name)
        {
            if (string.IsNullOrEmpty(name) || name.Contains('/'))
            {
                throw new ArgumentException("no network interface '" + name + "'", nameof(name));
            }

            _name = name;
            _sysDirectory = Path.Combine("/sys/class/net", name);
            _useSysfs = Directory.Exists(_sysDirectory);
            if (!_useSysfs && !TryIp(out _, "-o", "link", "show", "dev", name))
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
                var text = _useSysfs ? File.ReadAllText(Path.Combine(_sysDirectory, "address")).Trim() : Field(Ip("-o", "link", "show", "dev", _name), "link/ether");
                var parts = (text ?? string.Empty).Split(':');
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
                if (_useSysfs)
                {
                    try
                    {
                        return IsUp(File.ReadAllText(Path.Combine(_sysDirectory, "operstate")).Trim().ToLowerInvariant());
                    }
                    catch (IOException)
                    {
                        return false;
                    }
                }

                var now = Environment.TickCount64;
                if (!_linkRead || now - _linkReadAt >= LinkPollMilliseconds)
                {
                    _linkRead = true;
                    _linkUp = TryIp(out var line, "-o", "link", "show", "dev", _name) && IsUp(Field(line, "state")?.ToLowerInvariant());
                    _linkReadAt = now;
                }

                return _linkUp;
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

        private static bool IsUp(string state) => state == "up" || state == "unknown";

        /// <summary>The word after <paramref name="key"/> in a line of <c>ip -o</c> output, or null.</summary>
        private static string Field(string line, string key)
        {
            var words = line.Split(new[] { ' ', '\t', '\\' }, StringSplitOptions.RemoveEmptyEntries);
            var at = Array.IndexOf(words, key);
            return at >= 0 && at + 1 < words.Length ? words[at + 1] : null;
        }

        private static string Ip(params string[] args)
        {
            if (!TryIp(out var output, out var error, args))
            {
                throw new IOException("ip " + string.Join(" ", args) + " failed: " + error.Trim());
            }

            return output;
        }

        private static bool TryIp(out string output, params string[] args) => TryIp(out output, out _, args);

        private static bool TryIp(out string output, out string error, params string[] args)
        {
            var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start) ?? throw new IOException("cannot start ip");
            var stderr = process.StandardError.ReadToEndAsync();
            output = process.StandardOutput.ReadToEnd();
            var exited = process.WaitForExit(10000);
            error = stderr.Result;
            return exited && process.ExitCode == 0;
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
