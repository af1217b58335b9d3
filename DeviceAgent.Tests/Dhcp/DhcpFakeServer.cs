using System;
using DeviceAgent.Dhcp;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Dhcp
{
    /// <summary>
    /// A scripted DHCP server for the client tests, built from <see cref="DhcpMessageWriter"/>: it answers the
    /// request it is handed with the configured lease and VoIP options, and can sign FORCERENEWs. Also holds the
    /// helpers that read a client's action queue.
    /// </summary>
    internal sealed class DhcpFakeServer
    {
        internal static readonly byte[] DefaultKey = new byte[] { 0x10, 0x21, 0x32, 0x43, 0x54, 0x65, 0x76, 0x87, 0x98, 0xA9, 0xBA, 0xCB, 0xDC, 0xED, 0xFE, 0x0F };

        internal DhcpFakeServer(byte lastOctet)
        {
            ServerId = DhcpAddress.FromOctets(10, 77, 10, lastOctet);
            Address = DhcpAddress.FromOctets(10, 77, 10, 100);
            LeaseSeconds = 3600;
            SipServerNames = new string[] { "sip1.voip.example", "sip2.voip.example" };
            TftpServerName = "tftp.voip.example";
            PhoneNumber = "4930123456";
        }

        internal uint ServerId { get; set; }

        internal uint Address { get; set; }

        internal uint LeaseSeconds { get; set; }

        /// <summary>Option 58; 0 leaves it out.</summary>
        internal uint RenewalSeconds { get; set; }

        /// <summary>Option 59; 0 leaves it out.</summary>
        internal uint RebindingSeconds { get; set; }

        internal string[] SipServerNames { get; set; }

        internal string TftpServerName { get; set; }

        internal string PhoneNumber { get; set; }

        /// <summary>Option 125 sub-option 210, host[:port] of the provisioning server; null leaves it out.</summary>
        internal string ManagementServer { get; set; }

        /// <summary>When set, every ACK carries option 90 with this reconfigure key and <see cref="ReplayCounter"/>.</summary>
        internal byte[] ReconfigureKey { get; set; }

        internal ulong ReplayCounter { get; set; }

        internal byte[] Offer(DhcpMessage request)
        {
            var writer = DhcpMessageWriter.Offer(request, Address, ServerId);
            writer.AddUInt32(DhcpOptionCode.LeaseTime, LeaseSeconds);
            AddParameters(writer);
            return writer.ToArray();
        }

        internal byte[] Ack(DhcpMessage request)
        {
            var address = request.MessageType == DhcpMessageType.Inform ? DhcpAddress.None
                : request.ClientAddress != DhcpAddress.None ? request.ClientAddress : Address;
            var writer = DhcpMessageWriter.Ack(request, address, ServerId);
            AddParameters(writer);
            if (request.MessageType == DhcpMessageType.Inform)
            {
                return writer.ToArray();
            }

            writer.AddUInt32(DhcpOptionCode.LeaseTime, LeaseSeconds);
            if (RenewalSeconds != 0)
            {
                writer.AddUInt32(DhcpOptionCode.RenewalTime, RenewalSeconds);
            }

            if (RebindingSeconds != 0)
            {
                writer.AddUInt32(DhcpOptionCode.RebindingTime, RebindingSeconds);
            }

            if (ReconfigureKey != null)
            {
                DhcpAuthentication.AddReconfigureKey(writer, ReplayCounter, ReconfigureKey);
            }

            return writer.ToArray();
        }

        internal byte[] Nak(DhcpMessage request)
        {
            var writer = DhcpMessageWriter.Nak(request, ServerId);
            writer.AddText(DhcpOptionCode.Message, "wrong network");
            return writer.ToArray();
        }

        /// <summary>A FORCERENEW to <paramref name="clientAddress"/>; signed with <paramref name="key"/> unless it is null.</summary>
        internal byte[] ForceRenew(uint clientAddress, ulong counter, byte[] key)
        {
            return ForceRenew(DhcpFixtures.Mac, clientAddress, counter, key);
        }

        /// <summary>A FORCERENEW to the client with hardware address <paramref name="mac"/>.</summary>
        internal byte[] ForceRenew(byte[] mac, uint clientAddress, ulong counter, byte[] key)
        {
            var writer = DhcpMessageWriter.ForceRenew(0xF0F0F0F0, mac, clientAddress, ServerId);
            if (key == null)
            {
                return writer.ToArray();
            }

            DhcpAuthentication.AddDigestPlaceholder(writer, counter);
            var bytes = writer.ToArray();
            DhcpAuthentication.SignInPlace(bytes, 0, bytes.Length, key);
            return bytes;
        }

        private void AddParameters(DhcpMessageWriter writer)
        {
            writer.AddAddress(DhcpOptionCode.SubnetMask, DhcpAddress.FromOctets(255, 255, 255, 0));
            writer.AddAddresses(DhcpOptionCode.Router, new uint[] { DhcpAddress.FromOctets(10, 77, 10, 1) });
            writer.AddAddresses(DhcpOptionCode.DomainNameServer, new uint[] { DhcpAddress.FromOctets(10, 77, 10, 53), DhcpAddress.FromOctets(10, 77, 10, 54) });
            writer.AddText(DhcpOptionCode.DomainName, "voip.example");
            writer.AddAddresses(DhcpOptionCode.NtpServers, new uint[] { DhcpAddress.FromOctets(10, 77, 10, 123) });
            if (SipServerNames != null)
            {
                writer.AddSipServerNames(SipServerNames);
            }

            if (TftpServerName != null)
            {
                writer.AddText(DhcpOptionCode.TftpServerName, TftpServerName);
            }

            var block = new DhcpVendorBlock(DhcpFixtures.Enterprise);
            block.AddText(DhcpVoipOptions.SubOptionPhoneNumber, PhoneNumber);
            if (ManagementServer != null)
            {
                block.AddText(DhcpVoipOptions.SubOptionManagementServer, ManagementServer);
            }
            writer.AddVendorBlocks(new DhcpVendorBlock[] { block });
        }

        // --- reading the client's action queue -------------------------------------------------------------

        /// <summary>The only Send action queued; fails unless there is exactly one.</summary>
        internal static DhcpClientAction SingleSend(DhcpClient client)
        {
            DhcpClientAction found = null;
            for (var i = 0; i < client.ActionCount; i++)
            {
                var action = client.GetAction(i);
                if (action.Kind == DhcpClientActionKind.Send)
                {
                    Assert.IsNull(found, "more than one message sent");
                    found = action;
                }
            }

            Assert.IsNotNull(found, "nothing sent");
            return found;
        }

        /// <summary>The only message sent, parsed (copied, so the queue may be cleared).</summary>
        internal static DhcpMessage Sent(DhcpClient client)
        {
            var action = SingleSend(client);
            var copy = new byte[action.Count];
            Array.Copy(action.Buffer, copy, action.Count);
            return DhcpMessage.Read(copy, 0, copy.Length);
        }

        internal static int CountSends(DhcpClient client)
        {
            return Count(client, DhcpClientActionKind.Send);
        }

        internal static int Count(DhcpClient client, DhcpClientActionKind kind)
        {
            var n = 0;
            for (var i = 0; i < client.ActionCount; i++)
            {
                if (client.GetAction(i).Kind == kind)
                {
                    n++;
                }
            }

            return n;
        }

        internal static DhcpClientAction Find(DhcpClient client, DhcpClientActionKind kind)
        {
            for (var i = 0; i < client.ActionCount; i++)
            {
                if (client.GetAction(i).Kind == kind)
                {
                    return client.GetAction(i);
                }
            }

            return null;
        }

        internal static void Deliver(DhcpClient client, byte[] message, long now)
        {
            client.ClearActions();
            client.Receive(message, 0, message.Length, now);
        }
    }
}
