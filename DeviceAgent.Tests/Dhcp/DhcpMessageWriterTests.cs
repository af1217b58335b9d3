using DeviceAgent.Dhcp;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Dhcp
{
    /// <summary>Writing messages: RFC 2131 §4.3.1 table 3 (server) and §4.4.1 table 5 (client), RFC 3396 splitting.</summary>
    [TestClass]
    public class DhcpMessageWriterTests
    {
        private static readonly uint Server = DhcpAddress.FromOctets(192, 0, 2, 1);
        private static readonly uint Leased = DhcpAddress.FromOctets(192, 0, 2, 50);

        [TestMethod]
        public void Discover_RoundTrip_RequestsVoipParameters()
        {
            var message = Read(DhcpMessageWriter.Discover(0x01020304, DhcpFixtures.Mac));

            Assert.AreEqual(DhcpMessage.BootRequest, message.Op);
            Assert.AreEqual((int)DhcpMessageType.Discover, (int)message.MessageType);
            Assert.AreEqual(0x01020304u, message.TransactionId);
            Assert.IsTrue(message.ClientHardwareAddressEquals(DhcpFixtures.Mac));
            CollectionAssert.AreEqual(DhcpOptionCode.VoipParameterRequestList, message.GetBytes(DhcpOptionCode.ParameterRequestList));
            Assert.AreEqual(DhcpMessageWriter.MinimumLength, message.Count);
        }

        [TestMethod]
        public void Request_Selecting_HasRequestedAddressAndServerId()
        {
            var message = Read(DhcpMessageWriter.Request(7, DhcpFixtures.Mac, Leased, Server));

            Assert.AreEqual((int)DhcpMessageType.Request, (int)message.MessageType);
            Assert.AreEqual(0u, message.ClientAddress);
            Assert.IsTrue(message.TryGetAddress(DhcpOptionCode.RequestedAddress, out var requested));
            Assert.AreEqual(Leased, requested);
            Assert.IsTrue(message.TryGetAddress(DhcpOptionCode.ServerIdentifier, out var server));
            Assert.AreEqual(Server, server);
        }

        [TestMethod]
        public void Request_InitReboot_NoServerId()
        {
            var message = Read(DhcpMessageWriter.Request(7, DhcpFixtures.Mac, Leased, DhcpAddress.None));

            Assert.IsTrue(message.HasOption(DhcpOptionCode.RequestedAddress));
            Assert.IsFalse(message.HasOption(DhcpOptionCode.ServerIdentifier));
        }

        [TestMethod]
        public void Renew_CiaddrSetNoRequestedAddress()
        {
            var message = Read(DhcpMessageWriter.Renew(8, DhcpFixtures.Mac, Leased));

            Assert.AreEqual((int)DhcpMessageType.Request, (int)message.MessageType);
            Assert.AreEqual(Leased, message.ClientAddress);
            Assert.IsFalse(message.HasOption(DhcpOptionCode.RequestedAddress));
            Assert.IsFalse(message.HasOption(DhcpOptionCode.ServerIdentifier));
        }

        [TestMethod]
        public void Decline_RoundTrip()
        {
            var message = Read(DhcpMessageWriter.Decline(9, DhcpFixtures.Mac, Leased, Server));

            Assert.AreEqual((int)DhcpMessageType.Decline, (int)message.MessageType);
            Assert.IsTrue(message.TryGetAddress(DhcpOptionCode.RequestedAddress, out var declined));
            Assert.AreEqual(Leased, declined);
            Assert.IsFalse(message.HasOption(DhcpOptionCode.ParameterRequestList));
        }

        [TestMethod]
        public void Release_RoundTrip()
        {
            var message = Read(DhcpMessageWriter.Release(10, DhcpFixtures.Mac, Leased, Server));

            Assert.AreEqual((int)DhcpMessageType.Release, (int)message.MessageType);
            Assert.AreEqual(Leased, message.ClientAddress);
            Assert.IsTrue(message.TryGetAddress(DhcpOptionCode.ServerIdentifier, out var server));
            Assert.AreEqual(Server, server);
        }

        [TestMethod]
        public void Inform_RoundTrip()
        {
            var message = Read(DhcpMessageWriter.Inform(11, DhcpFixtures.Mac, Leased));

            Assert.AreEqual((int)DhcpMessageType.Inform, (int)message.MessageType);
            Assert.AreEqual(Leased, message.ClientAddress);
            Assert.IsTrue(message.HasOption(DhcpOptionCode.ParameterRequestList));
        }

        [TestMethod]
        public void Offer_CopiesRequestFields()
        {
            var discover = DhcpMessageWriter.Discover(0xCAFE, DhcpFixtures.Mac);
            discover.Flags = DhcpMessage.BroadcastFlag;
            discover.RelayAgentAddress = DhcpAddress.FromOctets(10, 0, 0, 1);
            var offer = DhcpMessageWriter.Offer(Read(discover), Leased, Server);
            offer.AddUInt32(DhcpOptionCode.LeaseTime, 3600);
            var message = Read(offer);

            Assert.AreEqual(DhcpMessage.BootReply, message.Op);
            Assert.AreEqual((int)DhcpMessageType.Offer, (int)message.MessageType);
            Assert.AreEqual(0xCAFEu, message.TransactionId);
            Assert.IsTrue(message.IsBroadcast);
            Assert.AreEqual("10.0.0.1", DhcpAddress.Format(message.RelayAgentAddress));
            Assert.AreEqual(Leased, message.YourAddress);
            Assert.IsTrue(message.ClientHardwareAddressEquals(DhcpFixtures.Mac));
            Assert.IsTrue(message.TryGetUInt32(DhcpOptionCode.LeaseTime, out var lease));
            Assert.AreEqual(3600u, lease);
        }

        [TestMethod]
        public void Ack_WithVoipOptions_RoundTrip()
        {
            var request = Read(DhcpMessageWriter.Request(5, DhcpFixtures.Mac, Leased, Server));
            var ack = DhcpMessageWriter.Ack(request, Leased, Server);
            ack.AddAddress(DhcpOptionCode.SubnetMask, 0xFFFFFF00);
            ack.AddAddresses(DhcpOptionCode.Router, new uint[] { Server });
            ack.AddSipServerNames(new string[] { "sip.example.com" });
            ack.AddAddresses(DhcpOptionCode.TftpServerAddress, new uint[] { Server, Leased });
            ack.AddText(DhcpOptionCode.TftpServerName, "prov.example.com");
            ack.BootFileName = "phone.cfg";
            ack.ServerHostName = "dhcp1";
            var block = new DhcpVendorBlock(DhcpFixtures.Enterprise);
            block.AddText(DhcpVoipOptions.SubOptionPhoneNumber, "+15551234567");
            block.AddSubOption(DhcpVoipOptions.SubOptionMacAddress, DhcpFixtures.Mac);
            ack.AddVendorBlocks(new DhcpVendorBlock[] { block });
            var message = Read(ack);
            var voip = DhcpVoipOptions.FromMessage(message, DhcpFixtures.Enterprise);

            Assert.AreEqual((int)DhcpMessageType.Ack, (int)message.MessageType);
            Assert.AreEqual("sip.example.com", voip.SipServerNames[0]);
            Assert.AreEqual(2, voip.ConfigServerAddresses.Length);
            Assert.AreEqual("prov.example.com", voip.ConfigServerName);
            Assert.AreEqual("phone.cfg", voip.BootFile);
            Assert.AreEqual("dhcp1", message.GetServerHostName());
            Assert.AreEqual("+15551234567", voip.PhoneNumber);
            CollectionAssert.AreEqual(DhcpFixtures.Mac, voip.MacAddress);
        }

        [TestMethod]
        public void Nak_RoundTrip()
        {
            var request = Read(DhcpMessageWriter.Renew(6, DhcpFixtures.Mac, Leased));
            var nak = DhcpMessageWriter.Nak(request, Server);
            nak.AddText(DhcpOptionCode.Message, "wrong network");
            var message = Read(nak);

            Assert.AreEqual((int)DhcpMessageType.Nak, (int)message.MessageType);
            Assert.AreEqual(0u, message.ClientAddress);
            Assert.AreEqual(0u, message.YourAddress);
            Assert.AreEqual("wrong network", message.GetText(DhcpOptionCode.Message));
        }

        [TestMethod]
        public void ForceRenew_RoundTrip()
        {
            var message = Read(DhcpMessageWriter.ForceRenew(12, DhcpFixtures.Mac, Leased, Server));

            Assert.AreEqual(DhcpMessage.BootReply, message.Op);
            Assert.AreEqual((int)DhcpMessageType.ForceRenew, (int)message.MessageType);
            Assert.AreEqual(Leased, message.ClientAddress);
            Assert.IsTrue(message.HasOption(DhcpOptionCode.ServerIdentifier));
        }

        [TestMethod]
        public void AddOption_Over255Bytes_SplitIntoInstances()
        {
            // RFC 3396 §6: values over 255 bytes go in consecutive instances.
            var writer = new DhcpMessageWriter(DhcpMessageType.Ack, 1, DhcpFixtures.Mac);
            var value = new byte[600];
            for (var i = 0; i < value.Length; i++)
            {
                value[i] = (byte)i;
            }

            writer.AddBytes(DhcpOptionCode.VendorSpecific, value);
            var message = Read(writer);
            var instances = 0;
            var scanner = message.GetOptions();
            while (scanner.MoveNext())
            {
                if (scanner.Code == DhcpOptionCode.VendorSpecific)
                {
                    instances++;
                }
            }

            Assert.AreEqual(3, instances);
            CollectionAssert.AreEqual(value, message.GetBytes(DhcpOptionCode.VendorSpecific));
        }

        [TestMethod]
        public void AddSipServerNames_LongList_SplitAndReadBack()
        {
            var names = new string[12];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = "sip" + i.ToString() + ".voice.example.com";
            }

            var writer = new DhcpMessageWriter(DhcpMessageType.Ack, 1, DhcpFixtures.Mac);
            writer.AddSipServerNames(names);
            var read = Read(writer).GetSipServerNames();

            Assert.AreEqual(12, read.Length);
            Assert.AreEqual("sip11.voice.example.com", read[11]);
        }

        [TestMethod]
        public void AddOption_PadOrEnd_ArgumentException()
        {
            var writer = new DhcpMessageWriter(DhcpMessageType.Ack, 1, DhcpFixtures.Mac);
            Assert.ThrowsException(typeof(System.ArgumentException), () => writer.AddBytes(DhcpOptionCode.End, new byte[1]));
            Assert.ThrowsException(typeof(System.ArgumentException), () => new DhcpMessageWriter(DhcpMessageType.Ack, 1, new byte[17]));
        }

        [TestMethod]
        public void WriteTo_BufferTooSmall_ArgumentException()
        {
            var writer = DhcpMessageWriter.Discover(1, DhcpFixtures.Mac);
            Assert.ThrowsException(typeof(System.ArgumentException), () => writer.WriteTo(new byte[299], 0));
        }

        [TestMethod]
        public void WriteTo_Offset_WritesAtOffset()
        {
            var writer = DhcpMessageWriter.Discover(1, DhcpFixtures.Mac);
            var buffer = new byte[writer.Length + 10];
            var length = writer.WriteTo(buffer, 10);
            var message = DhcpMessage.Read(buffer, 10, length);

            Assert.AreEqual((int)DhcpMessageType.Discover, (int)message.MessageType);
        }

        private static DhcpMessage Read(DhcpMessageWriter writer)
        {
            var bytes = writer.ToArray();
            return DhcpMessage.Read(bytes, 0, bytes.Length);
        }
    }
}
