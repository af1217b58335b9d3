using DeviceAgent.Dhcp;

namespace DeviceAgent.Benchmarks;

/// <summary>
/// What a client does with an ACK: header, lease parameters and the VoIP view. Shared by the <c>dhcp</c> benchmark
/// and the desktop test that guards its allocation goal, so both measure the same work.
/// </summary>
public static class DhcpWorkload
{
    /// <summary>Full typed parse of <paramref name="ack"/>.</summary>
    public static void Parse(byte[] ack)
    {
        var message = DhcpMessage.Read(ack, 0, ack.Length);
        message.TryGetAddress(DhcpOptionCode.ServerIdentifier, out _);
        message.TryGetAddress(DhcpOptionCode.SubnetMask, out _);
        message.TryGetUInt32(DhcpOptionCode.LeaseTime, out _);
        message.TryGetUInt32(DhcpOptionCode.RenewalTime, out _);
        message.TryGetUInt32(DhcpOptionCode.RebindingTime, out _);
        message.GetAddresses(DhcpOptionCode.Router);
        message.GetAddresses(DhcpOptionCode.DomainNameServer);
        message.GetText(DhcpOptionCode.DomainName);
        DhcpVoipOptions.FromMessage(message, DhcpVoipOptions.DefaultEnterpriseNumber);
    }
}
