using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using DeviceAgent.Dhcp;
using DeviceAgent.Hal;
using DeviceAgent.Hal.Desktop;

namespace Boards.Desktop;

/// <summary>
/// <c>phone dhcp</c>: runs the agent's DHCP client on a real interface (root) or against a server on loopback, prints
/// the lease and every VoIP option, and with <c>--hold</c> keeps the lease (renewing, rebinding, FORCERENEW) until
/// SIGINT/SIGTERM.
/// </summary>
public static class DhcpCommand
{
    /// <summary>Give up after this long without a lease unless <c>--timeout</c> says otherwise.</summary>
    public const int DefaultTimeoutSeconds = 60;

    /// <summary>File in the flash directory holding the last lease, for INIT-REBOOT.</summary>
    public const string LeaseFileName = "dhcp-lease";

    /// <summary>Called with the runner when <c>--hold</c> starts holding; tests use it to stop the run as SIGTERM would.</summary>
    public static Action<DhcpClientRunner> HoldingStarted { get; set; }

    public static int Run(Options options, TextWriter output, TextWriter error)
    {
        var json = options.Has("json");
        var hold = options.Has("hold");
        var timeout = ParseInt(options, "timeout", DefaultTimeoutSeconds, 1, 86400);
        var flash = options.Get("flash");
        IUdpSocket socket;
        INetworkInterface network;
        if (options.Get("interface") is { Length: > 0 } name)
        {
            var linux = CreateInterface(name);
            network = linux;
            try
            {
                socket = UdpSocketTransport.ForInterface(name);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                error.WriteLine("error: cannot bind the DHCP client port on " + name + " (root needed): " + e.Message);
                return 1;
            }
        }
        else if (options.Has("loopback"))
        {
            var serverPort = ParseInt(options, "loopback", 0, 1, 65535);
            var clientPort = ParseInt(options, "client-port", 0, 0, 65535);
            network = new LoopbackNetworkInterface(ParseMac(options.Get("mac") ?? RunCommand.DefaultMac));
            socket = UdpSocketTransport.ForLoopback(serverPort, clientPort);
        }
        else
        {
            throw new UsageException("phone dhcp needs --interface IF or --loopback SERVERPORT");
        }

        using (socket)
        {
            var log = json ? error : output;
            var client = new DhcpClient(network.HardwareAddress, new DhcpClientOptions(), new Random());
            var runner = new DhcpClientRunner(client, socket, network, new SystemClock(), 1500);
            var holding = false;
            runner.ErrorReported = text => log.WriteLine("dhcp: " + text);
            runner.ActionReported = action =>
            {
                if (action.Kind == DhcpClientActionKind.Event)
                {
                    log.WriteLine("dhcp: " + action.Text);
                }
                else if (action.Kind == DhcpClientActionKind.Send)
                {
                    log.WriteLine("dhcp: sent " + action.Text);
                }
                else if (action.Kind == DhcpClientActionKind.ProvisioningOptionsChanged)
                {
                    log.WriteLine("dhcp: provisioning options changed");
                    if (holding)
                    {
                        PrintLease(action.Lease, output);
                    }
                }
                else if (action.Kind == DhcpClientActionKind.ApplyLease && flash != null)
                {
                    SaveLease(flash, action.Lease);
                }
                else if (action.Kind == DhcpClientActionKind.LeaseLost)
                {
                    log.WriteLine("dhcp: lease lost");
                }
            };

            runner.Start(flash == null ? null : LoadLease(flash, log));
            if (!runner.RunUntilConfigured(timeout * 1000L))
            {
                error.WriteLine("error: no usable DHCP lease within " + timeout + " s (state " + DhcpClient.StateName(client.State) + ", "
                    + client.MalformedCount + " malformed and " + client.IgnoredCount + " ignored messages)");
                return 1;
            }

            if (json)
            {
                output.WriteLine(ToJson(client.Lease));
            }
            else
            {
                PrintLease(client.Lease, output);
            }

            output.Flush();
            if (!hold)
            {
                return 0;
            }

            holding = true;
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; runner.Stop(); });
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; runner.Stop(); });
            log.WriteLine("dhcp: holding the lease; SIGINT or SIGTERM to stop");
            HoldingStarted?.Invoke(runner);
            runner.Run();
            log.WriteLine("dhcp: stopped in " + DhcpClient.StateName(client.State) + "; FORCERENEW accepted " + client.ForceRenewAcceptedCount
                + ", unauthenticated " + client.ForceRenewUnauthenticatedCount + ", bad digest " + client.ForceRenewBadDigestCount
                + ", replayed " + client.ForceRenewReplayedCount);
            return 0;
        }
    }

    /// <summary>Human-readable lease: one line per field, every VoIP option present.</summary>
    public static void PrintLease(DhcpLease lease, TextWriter output)
    {
        var v = lease.VoipOptions;
        Line(output, "address", DhcpAddress.Format(lease.Address) + (lease.IsInform ? " (static, DHCPINFORM)" : ""));
        Line(output, "subnet mask", lease.SubnetMask == 0 ? null : DhcpAddress.Format(lease.SubnetMask));
        Line(output, "routers (3)", Addresses(lease.Routers));
        Line(output, "dns servers (6)", Addresses(lease.DnsServers));
        Line(output, "domain name (15)", lease.DomainName);
        Line(output, "ntp servers (42)", Addresses(lease.NtpServers));
        Line(output, "server id (54)", DhcpAddress.Format(lease.ServerIdentifier));
        if (!lease.IsInform)
        {
            Line(output, "lease (51/58/59)", lease.IsInfinite ? "infinite" : lease.LeaseSeconds + " s, T1 " + lease.RenewalSeconds + " s, T2 " + lease.RebindingSeconds + " s");
        }

        Line(output, "sip servers (120)", v.SipServerNames != null ? string.Join(", ", v.SipServerNames) : Addresses(v.SipServerAddresses));
        Line(output, "mac (125/201)", v.MacAddress == null ? null : BitConverter.ToString(v.MacAddress).Replace('-', ':').ToLowerInvariant());
        Line(output, "phone number (125/202)", v.PhoneNumber);
        Line(output, "additional number (125/203)", v.AdditionalPhoneNumber);
        Line(output, "sip domain (125/204)", v.SipDomain);
        Line(output, "management server (125/210)", v.ManagementServer);
        Line(output, "gatekeeper (125/211)", v.Gatekeeper);
        if (v.VendorBlocks != null)
        {
            foreach (var block in v.VendorBlocks)
            {
                Line(output, "vendor block (125)", "enterprise " + block.EnterpriseNumber + ": " + SubOptions(block));
            }
        }

        Line(output, "config server (66)", v.ConfigServerName);
        Line(output, "config servers (150)", Addresses(v.ConfigServerAddresses));
        Line(output, "boot file (67)", v.BootFile);
        Line(output, "vendor specific (43)", v.VendorSpecific == null ? null : Convert.ToHexString(v.VendorSpecific).ToLowerInvariant());
        Line(output, "reconfigure key (90)", lease.ReconfigureKey == null ? "none (FORCERENEW will be refused)" : "received (RFC 6704 HMAC-MD5)");
    }

    /// <summary>The lease as one JSON object; absent options are null.</summary>
    public static string ToJson(DhcpLease lease)
    {
        var v = lease.VoipOptions;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("address", DhcpAddress.Format(lease.Address));
            w.WriteBoolean("inform", lease.IsInform);
            Text(w, "subnetMask", lease.SubnetMask == 0 ? null : DhcpAddress.Format(lease.SubnetMask));
            List(w, "routers", lease.Routers);
            List(w, "dnsServers", lease.DnsServers);
            Text(w, "domainName", lease.DomainName);
            List(w, "ntpServers", lease.NtpServers);
            w.WriteString("serverIdentifier", DhcpAddress.Format(lease.ServerIdentifier));
            w.WriteNumber("leaseSeconds", lease.LeaseSeconds);
            w.WriteNumber("renewalSeconds", lease.RenewalSeconds);
            w.WriteNumber("rebindingSeconds", lease.RebindingSeconds);
            if (v.SipServerNames != null)
            {
                w.WriteStartArray("sipServerNames");
                foreach (var name in v.SipServerNames)
                {
                    w.WriteStringValue(name);
                }

                w.WriteEndArray();
            }
            else
            {
                w.WriteNull("sipServerNames");
            }

            List(w, "sipServerAddresses", v.SipServerAddresses);
            w.WriteNumber("enterpriseNumber", lease.EnterpriseNumber);
            Text(w, "macAddress", v.MacAddress == null ? null : BitConverter.ToString(v.MacAddress).Replace('-', ':').ToLowerInvariant());
            Text(w, "phoneNumber", v.PhoneNumber);
            Text(w, "additionalPhoneNumber", v.AdditionalPhoneNumber);
            Text(w, "sipDomain", v.SipDomain);
            Text(w, "managementServer", v.ManagementServer);
            Text(w, "gatekeeper", v.Gatekeeper);
            Text(w, "configServerName", v.ConfigServerName);
            List(w, "configServerAddresses", v.ConfigServerAddresses);
            Text(w, "bootFile", v.BootFile);
            Text(w, "vendorSpecific", v.VendorSpecific == null ? null : Convert.ToHexString(v.VendorSpecific).ToLowerInvariant());
            w.WriteBoolean("reconfigureKey", lease.ReconfigureKey != null);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    internal static LinuxNetworkInterface CreateInterface(string name)
    {
        try
        {
            return new LinuxNetworkInterface(name);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    internal static DhcpLease LoadLease(string directory, TextWriter log)
    {
        var path = Path.Combine(directory, LeaseFileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var data = File.ReadAllBytes(path);
            return DhcpLease.Decode(data, 0, data.Length);
        }
        catch (DhcpFormatException e)
        {
            log.WriteLine("dhcp: stored lease ignored: " + e.Message);
            return null;
        }
    }

    internal static void SaveLease(string directory, DhcpLease lease)
    {
        if (lease.IsInform)
        {
            return;
        }

        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, LeaseFileName);
        File.WriteAllBytes(path + ".new", lease.Encode());
        File.Move(path + ".new", path, true);
    }

    internal static int ParseInt(Options options, string name, int fallback, int min, int max)
    {
        var text = options.Get(name);
        if (text == null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException("--" + name + " must be a number from " + min + " to " + max + ", not '" + text + "'");
    }

    internal static byte[] ParseMac(string text)
    {
        var parts = text.Split(':', '-');
        var mac = new byte[6];
        if (parts.Length != 6)
        {
            throw new UsageException("--mac must be six hex pairs like 02:00:00:00:00:01");
        }

        for (var i = 0; i < 6; i++)
        {
            if (parts[i].Length != 2 || !byte.TryParse(parts[i], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out mac[i]))
            {
                throw new UsageException("--mac must be six hex pairs like 02:00:00:00:00:01");
            }
        }

        return mac;
    }

    private static void Line(TextWriter output, string label, string value)
    {
        if (value != null)
        {
            output.WriteLine((label + ":").PadRight(30) + value);
        }
    }

    private static string Addresses(uint[] addresses)
    {
        if (addresses == null || addresses.Length == 0)
        {
            return null;
        }

        var parts = new string[addresses.Length];
        for (var i = 0; i < addresses.Length; i++)
        {
            parts[i] = DhcpAddress.Format(addresses[i]);
        }

        return string.Join(", ", parts);
    }

    private static string SubOptions(DhcpVendorBlock block)
    {
        var parts = new List<string>();
        for (var i = 0; i < block.SubOptionCount; i++)
        {
            block.GetSubOption(i, out var code, out var offset, out var length);
            parts.Add(code + "=" + Encoding.UTF8.GetString(block.Data, offset, length));
        }

        return parts.Count == 0 ? "(no sub-options)" : string.Join(", ", parts);
    }

    private static void Text(Utf8JsonWriter w, string name, string value)
    {
        if (value == null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void List(Utf8JsonWriter w, string name, uint[] addresses)
    {
        if (addresses == null)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartArray(name);
        foreach (var address in addresses)
        {
            w.WriteStringValue(DhcpAddress.Format(address));
        }

        w.WriteEndArray();
    }
}
