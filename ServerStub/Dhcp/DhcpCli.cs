using System;
using System.Linq;
using System.Net;
using DeviceAgent.Dhcp;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging.Abstractions;
using ServerStub.Storage;

namespace ServerStub.Dhcp;

/// <summary>
/// <c>ServerStub forcerenew --mac MAC [--data DIR] [--bad-key] [--replay] [--ServerStub:Dhcp:...=...]</c>: sends an
/// authenticated FORCERENEW to the phone's bound lease from the lease table in DIR, without a running server. Reads
/// the same configuration as <c>serve</c>: a lease served on the interface is sent from port 67 of that interface
/// (SO_REUSEADDR, so a running server may keep it), one served on the Listen socket from an ephemeral port of its address.
/// </summary>
public static class DhcpCli
{
    public const string Usage = "usage: ServerStub forcerenew --mac aa:bb:cc:dd:ee:ff [--data DIR] [--bad-key] [--replay]";

    public static int ForceRenew(string[] args)
    {
        var mac = Value(args, "--mac");
        var badKey = args.Contains("--bad-key");
        var replay = args.Contains("--replay");
        if (mac == null || !MacText.TryParse(mac, out var bytes) || (badKey && replay))
        {
            Console.Error.WriteLine(Usage + "   (--bad-key and --replay exclude each other)");
            return 2;
        }

        var configuration = WebApplication.CreateBuilder(args.Where(a => a is not ("--bad-key" or "--replay")).ToArray()).Configuration;
        var data = StubOptions.From(configuration).DataDirectory;
        var options = DhcpServerOptions.From(configuration);
        var store = new DhcpStore(new StubDatabase(data));
        var listen = options.Listen ?? new IPEndPoint(IPAddress.Loopback, 0);
        using var server = new DhcpServer(options, store, null, NullLogger<DhcpServer>.Instance);
        server.OpenSockets(new IPEndPoint(listen.Address, 0));
        var fault = badKey ? DhcpForceRenewFault.BadKey : replay ? DhcpForceRenewFault.Replay : DhcpForceRenewFault.None;
        var (message, sent) = server.ForceRenew(new DhcpReconfigureKeys(store), MacText.Format(bytes), fault);
        if (message == null)
        {
            Console.Error.WriteLine("no bound lease with a reconfigure key for " + MacText.Format(bytes) + " in " + data);
            return 1;
        }

        if (!sent)
        {
            Console.Error.WriteLine("the lease of " + DhcpAddress.Format(message.Lease.Address) + " was served on the interface; set ServerStub:Dhcp:Interface");
            return 1;
        }

        Console.WriteLine("FORCERENEW sent to " + (message.Lease.ReplyEndpoint ?? DhcpAddress.Format(message.Lease.Address) + ":68")
            + ", replay detection " + message.ReplayDetection + (fault == DhcpForceRenewFault.None ? "" : ", fault " + fault));
        return 0;
    }

    private static string Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
