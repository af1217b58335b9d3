using System;
using DeviceAgent.Dhcp;
using DeviceAgent.Tests.Fakes;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Dhcp
{
    /// <summary>
    /// <see cref="DhcpVoipOptions.VendorBlocks"/> returns option 125 (RFC 3925 §4) exactly as received, every block and
    /// sub-option, whether it was kept whole or our block is rebuilt from the typed fields.
    /// </summary>
    [TestClass]
    public class DhcpVoipOptionsTests
    {
        private const uint Ours = DhcpFixtures.Enterprise;

        [TestMethod]
        public void VendorBlocks_TypicalAck_EveryBlockAsReceived()
        {
            AssertFaithful(DhcpFixtures.VendorValue(), "typical");
        }

        [TestMethod]
        public void VendorBlocks_OurBlockAmongOthers_OrderAndBytesKept()
        {
            var other = Block(4491, 2, 3, "abc");
            var ours = Block(Ours, 211, 2, "gk", 201, 6, DhcpFixtures.Mac, 204, 0);
            AssertFaithful(Concat(other, ours), "ours last, sub-options out of code order, an empty one");
            AssertFaithful(Concat(other, ours, Block(9)), "ours in the middle, an empty block after");
            AssertFaithful(ours, "only ours");
            AssertFaithful(Block(Ours), "ours, empty");
            AssertFaithful(Block(4491, 2, 3, "abc"), "not ours at all");
        }

        [TestMethod]
        public void VendorBlocks_MacForms_EachFormAsReceived()
        {
            foreach (var mac in new[] { "00:11:22:33:44:55", "aa-bb-cc-dd-ee-ff", "AA:BB:CC:DD:EE:0F", "0a1b2c3d4e5f", "0A1B2C3D4E5F", "Aa:bb:cc:dd:ee:ff" })
            {
                AssertFaithful(Block(Ours, 201, mac.Length, mac, 202, 4, "1234"), mac);
            }
        }

        [TestMethod]
        public void VendorBlocks_WhatTheFieldsDoNotHold_KeptAsReceived()
        {
            AssertFaithful(Block(Ours, 202, 4, "1234", 99, 2, 0xFF, 0x00), "unknown sub-option in our block");
            AssertFaithful(Block(Ours, 202, 1, "1", 202, 1, "2"), "a code twice");
            AssertFaithful(Concat(Block(Ours, 202, 1, "1"), Block(Ours, 204, 1, "x")), "two blocks of ours");
            AssertFaithful(Block(Ours, 204, 4, "ab", 0, 0), "trailing NULs, which the text drops");
            AssertFaithful(Block(Ours, 204, 3, "x", 0xC3, 0xA9), "UTF-8 text");
            AssertFaithful(Block(Ours, 204, 2, 0xC3, 0x28), "invalid UTF-8");
        }

        [TestMethod]
        public void VendorBlocks_MacAddressArrayChangedByCaller_BlocksStillAsReceived()
        {
            var value = Block(Ours, 201, 6, DhcpFixtures.Mac);
            var voip = FromValue(value);
            voip.MacAddress[0] = 0xEE;

            CollectionAssert.AreEqual(Sub(value, 5, 8), voip.VendorBlocks[0].Data);
        }

        [TestMethod]
        public void VendorBlocks_RandomBlocks_AsReceived()
        {
            var seed = RandomSeed.Next();
            var random = new Random(seed);
            var codes = new byte[] { 201, 202, 203, 204, 210, 211, 2, 99 };
            var enterprises = new uint[] { Ours, Ours, 4491, 9 };
            var texts = new object[] { "a", "prov.example.com", string.Empty, Bytes(0xC3, 0xA9), Bytes((byte)'x', 0), Bytes(0x7F, 0x01) };
            var macs = new object[] { DhcpFixtures.Mac, "00:1a:2b:3c:4d:5e", "00-1A-2B-3C-4D-5E", "001a2b3c4d5e", "001A2b3c4d5e" };
            for (var round = 0; round < 500; round++)
            {
                var value = new byte[0];
                var blocks = random.Next(4);
                for (var b = 0; b < blocks; b++)
                {
                    var data = new byte[0];
                    var subs = random.Next(5);
                    for (var s = 0; s < subs; s++)
                    {
                        var code = codes[random.Next(codes.Length)];
                        var pool = code == DhcpVoipOptions.SubOptionMacAddress ? macs : texts;
                        var sub = DhcpFixtures.Build(pool[random.Next(pool.Length)]);
                        data = Concat(data, DhcpFixtures.Build((int)code, sub.Length, sub));
                    }

                    value = Concat(value, DhcpFixtures.Build(Enterprise(enterprises[random.Next(enterprises.Length)]), data.Length, data));
                }

                if (value.Length > 0)
                {
                    AssertFaithful(value, "seed " + seed.ToString() + " round " + round.ToString());
                }
            }
        }

        private static void AssertFaithful(byte[] value, string name)
        {
            var expected = DhcpVendorBlock.Decode(value, 0, value.Length);
            var actual = FromValue(value).VendorBlocks;

            Assert.AreEqual(expected.Length, actual.Length, name + ": blocks");
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i].EnterpriseNumber, actual[i].EnterpriseNumber, name + ": enterprise of block " + i.ToString());
                CollectionAssert.AreEqual(expected[i].Data, actual[i].Data, name + ": data of block " + i.ToString());
            }
        }

        private static DhcpVoipOptions FromValue(byte[] value)
        {
            var bytes = DhcpFixtures.Message(DhcpFixtures.ReplyHeader(), DhcpFixtures.Mac, null, null, DhcpFixtures.Build(
                53, 1, 5,                    // ACK
                125, value.Length, value,    // V-I vendor-specific information
                255));
            return DhcpVoipOptions.FromMessage(DhcpMessage.Read(bytes, 0, bytes.Length), Ours);
        }

        /// <summary>An enterprise block: enterprise-number, data-len, then the sub-options given as parts.</summary>
        private static byte[] Block(uint enterprise, params object[] subOptions)
        {
            var data = DhcpFixtures.Build(subOptions);
            return DhcpFixtures.Build(Enterprise(enterprise), data.Length, data);
        }

        private static byte[] Enterprise(uint number)
        {
            var bytes = new byte[4];
            DhcpAddress.Write(number, bytes, 0);
            return bytes;
        }

        private static byte[] Bytes(params byte[] bytes)
        {
            return bytes;
        }

        private static byte[] Concat(params byte[][] parts)
        {
            var length = 0;
            foreach (var part in parts)
            {
                length += part.Length;
            }

            var all = new byte[length];
            var n = 0;
            foreach (var part in parts)
            {
                Array.Copy(part, 0, all, n, part.Length);
                n += part.Length;
            }

            return all;
        }

        private static byte[] Sub(byte[] bytes, int offset, int length)
        {
            var part = new byte[length];
            Array.Copy(bytes, offset, part, 0, length);
            return part;
        }
    }
}
