using System;
using System.Diagnostics;
using DeviceAgent.Dhcp;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceAgent.Tests.Dhcp
{
    /// <summary>
    /// Desktop only (not in the .nfproj): 100,000+ random and mutated packets through every reader. The only
    /// exception allowed is DhcpFormatException, whose offset must lie inside the message. Set DHCP_FUZZ_SEED to
    /// replay a run; the seed is printed either way.
    /// </summary>
    [TestClass]
    public class DhcpFuzzTests
    {
        private const int Iterations = 120_000;
        private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

        // Codes the typed readers care about, so random options often hit a decoder rather than being skipped.
        private static readonly byte[] Interesting = { 1, 3, 6, 12, 15, 42, 43, 51, 52, 53, 54, 58, 59, 60, 61, 66, 67, 120, 125, 150, 0, 255 };

        [TestMethod]
        public void Read_RandomAndMutatedPackets_OnlyFormatErrors()
        {
            var seedText = Environment.GetEnvironmentVariable("DHCP_FUZZ_SEED");
            var seed = string.IsNullOrEmpty(seedText) ? Environment.TickCount : int.Parse(seedText);
            Console.WriteLine($"DHCP fuzz seed {seed} (set DHCP_FUZZ_SEED={seed} to replay)");
            var random = new Random(seed);
            var seeds = Seeds();
            var stopwatch = Stopwatch.StartNew();
            var accepted = 0;
            var rejected = 0;

            for (var i = 0; i < Iterations; i++)
            {
                var packet = Generate(random, seeds, i % 5);
                try
                {
                    Exercise(packet);
                    accepted++;
                }
                catch (DhcpFormatException e)
                {
                    if (e.Offset < 0 || e.Offset > packet.Length)
                    {
                        Assert.Fail($"seed {seed} iteration {i}: offset {e.Offset} outside {packet.Length} bytes: {e.Message}\n{Convert.ToHexString(packet)}");
                    }

                    rejected++;
                }
                catch (Exception e)
                {
                    Assert.Fail($"seed {seed} iteration {i}: {e.GetType().Name}: {e.Message}\n{Convert.ToHexString(packet)}\n{e.StackTrace}");
                }

                if (stopwatch.Elapsed > Budget)
                {
                    Assert.Fail($"seed {seed}: {i} packets took over {Budget.TotalSeconds} s");
                }
            }

            Console.WriteLine($"{Iterations} packets in {stopwatch.ElapsedMilliseconds} ms: {accepted} accepted, {rejected} rejected");
            Assert.IsTrue(accepted > Iterations / 20, "too few packets parse: the generator no longer reaches the option decoders");
            Assert.IsTrue(rejected > Iterations / 20, "too few packets fail: the mutations no longer hit the error paths");
        }

        private static void Exercise(byte[] packet)
        {
            var message = DhcpMessage.Read(packet, 0, packet.Length);
            var scanner = message.GetOptions();
            while (scanner.MoveNext())
            {
            }

            var voip = DhcpVoipOptions.FromMessage(message, DhcpVoipOptions.DefaultEnterpriseNumber);
            var blocks = message.GetVendorBlocks();
            Assert.AreEqual(blocks?.Length, voip.VendorBlocks?.Length, "option 125 blocks kept");
            for (var i = 0; blocks != null && i < blocks.Length; i++)
            {
                Assert.AreEqual(blocks[i].EnterpriseNumber, voip.VendorBlocks[i].EnterpriseNumber);
                CollectionAssert.AreEqual(blocks[i].Data, voip.VendorBlocks[i].Data, "option 125 block " + i);
            }

            message.GetAddresses(DhcpOptionCode.Router);
            message.GetAddresses(DhcpOptionCode.DomainNameServer);
            message.TryGetUInt32(DhcpOptionCode.LeaseTime, out _);
            message.TryGetAddress(DhcpOptionCode.ServerIdentifier, out _);
            message.GetText(DhcpOptionCode.DomainName);
            message.GetServerHostName();
            message.GetBootFileName();
        }

        private static byte[][] Seeds()
        {
            var ack = DhcpFixtures.TypicalAck();
            var writer = DhcpMessageWriter.Ack(DhcpMessage.Read(ack, 0, ack.Length), 0xC0000232, 0xC0000201);
            var names = new string[15];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = "sip" + i + ".voice.example.com";
            }

            writer.AddSipServerNames(names);
            var block = new DhcpVendorBlock(DhcpVoipOptions.DefaultEnterpriseNumber);
            block.AddText(DhcpVoipOptions.SubOptionMacAddress, "00-11-22-33-44-55");
            block.AddText(DhcpVoipOptions.SubOptionSipDomain, "example.com");
            writer.AddVendorBlocks(new[] { block, block, block });
            return new[] { ack, writer.ToArray(), DhcpMessageWriter.Discover(1, DhcpFixtures.Mac).ToArray() };
        }

        private static byte[] Generate(Random random, byte[][] seeds, int strategy)
        {
            switch (strategy)
            {
                case 0:
                    return Mutate(random, seeds[random.Next(seeds.Length)]);
                case 1:
                    return Truncate(random, Mutate(random, seeds[random.Next(seeds.Length)]));
                case 2:
                    return RandomOptions(random);
                case 3:
                    return RandomSipValue(random);
                default:
                    var bytes = new byte[random.Next(400)];
                    random.NextBytes(bytes);
                    if (bytes.Length >= DhcpMessage.OptionsOffset && random.Next(2) == 0)
                    {
                        DhcpAddress.Write(DhcpMessage.MagicCookie, bytes, DhcpMessage.FixedHeaderLength);
                    }

                    return bytes;
            }
        }

        private static byte[] Mutate(Random random, byte[] seed)
        {
            var bytes = (byte[])seed.Clone();
            var changes = 1 + random.Next(8);
            for (var i = 0; i < changes; i++)
            {
                // Mostly the options, where the decoders are; sometimes the header (hlen, cookie).
                var at = random.Next(4) == 0 ? random.Next(bytes.Length) : DhcpMessage.OptionsOffset + random.Next(bytes.Length - DhcpMessage.OptionsOffset);
                bytes[at] = random.Next(3) switch
                {
                    0 => (byte)random.Next(256),
                    1 => (byte)(bytes[at] ^ (1 << random.Next(8))),
                    _ => Interesting[random.Next(Interesting.Length)],
                };
            }

            return bytes;
        }

        private static byte[] Truncate(Random random, byte[] bytes)
        {
            var copy = new byte[random.Next(bytes.Length + 1)];
            Array.Copy(bytes, copy, copy.Length);
            return copy;
        }

        /// <summary>A valid header, then random TLVs from the interesting codes, possibly overloading file and sname.</summary>
        private static byte[] RandomOptions(Random random)
        {
            var options = new byte[random.Next(600)];
            random.NextBytes(options);
            var position = 0;
            while (position + 2 < options.Length)
            {
                options[position] = Interesting[random.Next(Interesting.Length)];
                var length = random.Next(4) == 0 ? random.Next(256) : random.Next(12);
                options[position + 1] = (byte)length;
                position += 2 + length;
            }

            var message = DhcpFixtures.Message(DhcpFixtures.ReplyHeader(), DhcpFixtures.Mac, null, null, options);
            if (options.Length >= 3 && random.Next(3) == 0)
            {
                var file = new byte[DhcpMessage.OptionsOffset];
                random.NextBytes(file);
                Array.Copy(file, 0, message, 44, 192);
                Array.Copy(new byte[] { 52, 1, (byte)(1 + random.Next(3)) }, 0, message, DhcpMessage.OptionsOffset, 3);
            }

            return message;
        }

        /// <summary>Option 120 values dense in labels and compression pointers, split over 1 to 3 instances.</summary>
        private static byte[] RandomSipValue(Random random)
        {
            var value = new byte[1 + random.Next(120)];
            value[0] = (byte)(random.Next(8) == 0 ? random.Next(3) : 0);
            for (var i = 1; i < value.Length; i++)
            {
                value[i] = random.Next(4) switch
                {
                    0 => (byte)(0xC0 | random.Next(2)),
                    1 => (byte)random.Next(value.Length),
                    2 => (byte)random.Next(8),
                    _ => (byte)random.Next(256),
                };
            }

            var writer = new DhcpMessageWriter(DhcpMessageType.Ack, 1, DhcpFixtures.Mac);
            var split = 1 + random.Next(value.Length);
            writer.AddOption(DhcpOptionCode.SipServers, value, 0, split);
            if (split < value.Length)
            {
                writer.AddUInt32(DhcpOptionCode.LeaseTime, 60);
                writer.AddOption(DhcpOptionCode.SipServers, value, split, value.Length - split);
            }

            return writer.ToArray();
        }
    }
}
