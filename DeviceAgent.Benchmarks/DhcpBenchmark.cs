using System;
using DeviceAgent.Dhcp;

namespace DeviceAgent.Benchmarks;

/// <summary>
/// The DHCP codec on a typical ACK with every option the phone asks for: the in-place option scan (goal 0 bytes)
/// and the full typed parse the client does on an ACK (goal at most 1 KB), on one core.
/// </summary>
public static class DhcpBenchmark
{
    private const uint Enterprise = DhcpVoipOptions.DefaultEnterpriseNumber;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(2);

    public static int Run()
    {
        var ack = TypicalAck();
        var options = 0;
        var scanner = new DhcpOptionScanner(ack, 0, ack.Length);
        while (scanner.MoveNext())
        {
            options++;
        }

        var scan = Cost.Of(() => Scan(ack), Duration);
        var parse = Cost.Of(() => DhcpWorkload.Parse(ack), Duration);

        Console.WriteLine($"dhcp: typical ACK of {ack.Length} bytes with {options} options, one thread, {Environment.Version}");
        Console.WriteLine($"  option scan        {scan.BytesPerOperation,8:0.0} B/packet  {scan.OperationsPerSecond,12:N0} packets/s  (goal 0 B)");
        Console.WriteLine($"  full typed parse   {parse.BytesPerOperation,8:0.0} B/packet  {parse.OperationsPerSecond,12:N0} packets/s  (goal <= 1024 B)");
        return 0;
    }

    private static void Scan(byte[] ack)
    {
        var scanner = new DhcpOptionScanner(ack, 0, ack.Length);
        while (scanner.MoveNext())
        {
        }
    }

    /// <summary>The same content as the annotated fixture of the tests, built with the writer.</summary>
    private static byte[] TypicalAck()
    {
        var mac = new byte[] { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 };
        var server = DhcpAddress.FromOctets(192, 0, 2, 1);
        var request = DhcpMessageWriter.Request(0x3903F326, mac, DhcpAddress.FromOctets(192, 0, 2, 50), server).ToArray();
        var ack = DhcpMessageWriter.Ack(DhcpMessage.Read(request, 0, request.Length), DhcpAddress.FromOctets(192, 0, 2, 50), server);
        ack.AddUInt32(DhcpOptionCode.LeaseTime, 86400);
        ack.AddUInt32(DhcpOptionCode.RenewalTime, 43200);
        ack.AddUInt32(DhcpOptionCode.RebindingTime, 75600);
        ack.AddAddress(DhcpOptionCode.SubnetMask, 0xFFFFFF00);
        ack.AddAddresses(DhcpOptionCode.Router, new[] { server });
        ack.AddAddresses(DhcpOptionCode.DomainNameServer, new[] { DhcpAddress.FromOctets(192, 0, 2, 53), DhcpAddress.FromOctets(198, 51, 100, 53) });
        ack.AddText(DhcpOptionCode.DomainName, "example.com");
        ack.AddAddresses(DhcpOptionCode.NtpServers, new[] { DhcpAddress.FromOctets(192, 0, 2, 123) });
        ack.AddText(DhcpOptionCode.TftpServerName, "prov.example.com");
        ack.AddText(DhcpOptionCode.BootFileName, "phone.cfg");
        ack.AddAddresses(DhcpOptionCode.TftpServerAddress, new[] { DhcpAddress.FromOctets(192, 0, 2, 10) });
        ack.AddSipServerNames(new[] { "sip1.example.com", "sip2.example.com" });
        var ours = new DhcpVendorBlock(Enterprise);
        ours.AddText(DhcpVoipOptions.SubOptionMacAddress, "00:11:22:33:44:55");
        ours.AddText(DhcpVoipOptions.SubOptionPhoneNumber, "+15551234567");
        ours.AddText(DhcpVoipOptions.SubOptionAdditionalPhoneNumber, "1234");
        ours.AddText(DhcpVoipOptions.SubOptionSipDomain, "example.com");
        ours.AddText(DhcpVoipOptions.SubOptionManagementServer, "prov.example.com");
        ours.AddText(DhcpVoipOptions.SubOptionGatekeeper, "gk.example.com");
        var cableLabs = new DhcpVendorBlock(4491);
        cableLabs.AddText(2, "abc");
        ack.AddVendorBlocks(new[] { ours, cableLabs });
        ack.AddBytes(DhcpOptionCode.VendorSpecific, new byte[] { 1, 2, 0xAA, 0xBB });
        return ack.ToArray();
    }
}
