using System;
using System.IO;
using System.Net;
using System.Runtime.InteropServices;
using System.Threading;
using DeviceAgent.Agent;
using DeviceAgent.Dhcp;
using DeviceAgent.Firmware;
using DeviceAgent.Hal;
using DeviceAgent.Hal.Desktop;

namespace Boards.Desktop;

/// <summary>
/// <c>phone run</c>: one power-up of the desktop phone with <see cref="PhoneAgent"/> on the desktop HAL: identity
/// from the flash directory, DHCP (on loopback against a server's port, on a real interface, or none), discovery,
/// firmware into the firmware directory, the report; each step printed as it happens, then the configuration.
/// With <c>--hold</c> the phone keeps running until SIGINT or SIGTERM: it renews the lease, answers an authenticated
/// FORCERENEW and provisions again when the lease's provisioning options change or the poll interval passes.
/// </summary>
public static class RunCommand
{
    /// <summary>File next to the firmware image holding its version: the version the phone "boots" next time.</summary>
    public const string InstalledVersionFileName = "firmware.version";

    /// <summary>Running firmware version of a phone fresh from the factory, unless <c>--firmware-version</c> says otherwise.</summary>
    public const string FactoryFirmwareVersion = "1.0.0";

    /// <summary>MAC of the desktop phone unless <c>--mac</c> says otherwise.</summary>
    public const string DefaultMac = "02:00:00:00:00:01";

    public static int Run(Options options, TextWriter output, TextWriter error)
    {
        var flash = options.Get("flash") is { Length: > 0 } dir ? dir : Program.DefaultFlashDirectory;
        var firmwareDirectory = options.Get("firmware-dir") is { Length: > 0 } fw ? fw : flash;
        var modes = (options.Has("dhcp-loopback") ? 1 : 0) + (options.Has("interface") ? 1 : 0) + (options.Has("no-dhcp") ? 1 : 0);
        if (modes > 1)
        {
            throw new UsageException("give one of --dhcp-loopback SERVERPORT, --interface IF, --no-dhcp");
        }

        var caCert = options.Get("ca-cert");
        if (caCert != null && !File.Exists(caCert))
        {
            throw new UsageException("--ca-cert: no file '" + caCert + "'");
        }

        var installedVersion = ReadInstalledVersion(firmwareDirectory);
        var settings = new PhoneSettings
        {
            Product = options.Get("product") ?? "DeviceAgent desktop phone",
            Customer = options.Require("customer"),
            Serial = options.Require("serial"),
            FirmwareVersion = options.Get("firmware-version") ?? installedVersion ?? FactoryFirmwareVersion,
            DhcpTimeoutMilliseconds = DhcpCommand.ParseInt(options, "dhcp-timeout", 30, 1, 3600) * 1000,
            StaticAddress = DhcpAddress.FromOctets(127, 0, 0, 1),
        };
        settings.Discovery.AttemptsPerSource = DhcpCommand.ParseInt(options, "discovery-attempts", settings.Discovery.AttemptsPerSource, 1, 100);

        Directory.CreateDirectory(firmwareDirectory);
        IUdpSocket dhcpSocket = null;
        INetworkInterface network;
        string networkText;
        if (options.Get("interface") is { Length: > 0 } name)
        {
            network = DhcpCommand.CreateInterface(name);
            try
            {
                dhcpSocket = UdpSocketTransport.ForInterface(name);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                error.WriteLine("error: cannot bind the DHCP client port on " + name + " (root needed): " + e.Message);
                return 1;
            }

            networkText = "interface " + name;
        }
        else if (options.Has("dhcp-loopback"))
        {
            var serverPort = DhcpCommand.ParseInt(options, "dhcp-loopback", 0, 1, 65535);
            network = new LoopbackNetworkInterface(DhcpCommand.ParseMac(options.Get("mac") ?? DefaultMac));
            dhcpSocket = UdpSocketTransport.ForLoopback(serverPort, DhcpCommand.ParseInt(options, "client-port", 0, 0, 65535));
            networkText = "loopback, DHCP server at 127.0.0.1:" + serverPort;
        }
        else
        {
            network = new LoopbackNetworkInterface(DhcpCommand.ParseMac(options.Get("mac") ?? DefaultMac));
            networkText = "no DHCP, address 127.0.0.1";
        }

        var clock = new SystemClock();
        using (dhcpSocket)
        using (var http = new HttpClientTransport(clock, caCert))
        using (var store = new FileFirmwareStore(firmwareDirectory))
        {
            output.WriteLine("phone: power-up (" + networkText + ", MAC " + PhoneAgent.FormatMac(network.HardwareAddress) + ", serial " + settings.Serial
                + ", customer " + settings.Customer + ", firmware " + settings.FirmwareVersion
                + (options.Get("firmware-version") == null && installedVersion != null ? " installed earlier" : "") + ")");
            var platform = new PhonePlatform
            {
                Clock = clock,
                Network = network,
                DhcpSocket = dhcpSocket,
                Http = http,
                TimeSync = new HostTimeSync(),
                Flash = new FileFlashStore(flash),
                FirmwareStore = store,
                OpenTftpSocket = () => new EphemeralUdpSocket(IPAddress.Any),
            };
            var agent = new PhoneAgent(settings, platform)
            {
                PreviousLease = dhcpSocket == null ? null : DhcpCommand.LoadLease(flash, output),
                StepReported = (step, outcome, detail) =>
                {
                    output.WriteLine(Line(step, outcome, detail));
                    output.Flush();
                },
            };

            var result = agent.Run();
            Keep(result, flash, firmwareDirectory);
            if (!result.Configured)
            {
                error.WriteLine("error: power-up failed at step " + result.FailedStep + ": " + string.Join("; ", result.Reasons));
                return 1;
            }

            PrintConfiguration(result, settings, store.ImagePath, output);
            if (options.Has("hold"))
            {
                Hold(agent, flash, firmwareDirectory, settings, store.ImagePath, output);
            }

            return 0;
        }
    }

    private static void Hold(PhoneAgent agent, string flash, string firmwareDirectory, PhoneSettings settings, string imagePath, TextWriter output)
    {
        var stop = 0;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; Interlocked.Exchange(ref stop, 1); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; Interlocked.Exchange(ref stop, 1); });
        agent.DhcpActionReported = action =>
        {
            if (action.Kind == DhcpClientActionKind.Event && action.EventKind != DhcpClientEventKind.Sent)
            {
                output.WriteLine(Line(PhoneAgent.StepDhcp, DiscoveryOutcome.Succeeded, action.Text));
                output.Flush();
            }
        };
        output.WriteLine("phone: holding; renewals, FORCERENEW and the poll interval provision again; SIGINT or SIGTERM to stop");
        output.Flush();
        while (Volatile.Read(ref stop) == 0)
        {
            var next = agent.HoldOnce(DhcpClientRunner.PollMilliseconds);
            if (next == null)
            {
                continue;
            }

            Keep(next, flash, firmwareDirectory);
            if (next.Configured)
            {
                PrintConfiguration(next, settings, imagePath, output);
            }

            output.Flush();
        }

        output.WriteLine("phone: stopped");
    }

    /// <summary>What outlives the process: the lease for INIT-REBOOT and the version of a committed image.</summary>
    private static void Keep(PhoneAgentResult result, string flash, string firmwareDirectory)
    {
        if (result.Lease != null)
        {
            DhcpCommand.SaveLease(flash, result.Lease);
        }

        if (result.Firmware == FirmwareOutcome.Success)
        {
            File.WriteAllText(Path.Combine(firmwareDirectory, InstalledVersionFileName), result.Configuration.FirmwareVersion + "\n");
        }
    }

    /// <summary>One event as the phone prints it: step, outcome, detail in columns.</summary>
    public static string Line(string step, DiscoveryOutcome outcome, string detail) =>
        "  " + step.PadRight(15) + DiscoveryAction.OutcomeName(outcome).PadRight(10) + detail;

    private static void PrintConfiguration(PhoneAgentResult result, PhoneSettings settings, string imagePath, TextWriter output)
    {
        var c = result.Configuration;
        output.WriteLine("configuration:");
        output.WriteLine("  configured by:  " + result.ConfiguredBy);
        output.WriteLine("  domain:         " + c.Domain);
        output.WriteLine("  call agent:     " + c.CallAgentHost + ":" + c.CallAgentPort);
        output.WriteLine("  device name:    " + c.DeviceName);
        output.WriteLine("  poll interval:  " + c.PollIntervalSeconds + " s");
        output.WriteLine("  firmware:       " + result.Firmware switch
        {
            FirmwareOutcome.Success => c.FirmwareVersion + " installed in " + imagePath + " (boots next power-up; running " + settings.FirmwareVersion + ")",
            FirmwareOutcome.UpToDate => settings.FirmwareVersion + " (up to date)",
            _ => settings.FirmwareVersion + " (update to " + c.FirmwareVersion + " failed: " + result.FirmwareDetail + ")",
        });
        output.WriteLine("  contact cached: " + (result.Record.ProvisioningContact?.ToString() ?? "none"));
    }

    private static string ReadInstalledVersion(string directory)
    {
        var path = Path.Combine(directory, InstalledVersionFileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var version = File.ReadAllText(path).Trim();
        return version.Length == 0 ? null : version;
    }
}
