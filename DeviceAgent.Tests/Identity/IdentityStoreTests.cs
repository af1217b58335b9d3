using System;
using DeviceAgent.Crypto;
using DeviceAgent.Hal;
using DeviceAgent.Identity;
using DeviceAgent.Tests.Fakes;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Identity
{
    [TestClass]
    public class IdentityStoreTests
    {
        internal const int SlotSize = 256;

        internal static IdentityRecord RecordA => IdentityRecordTests.NewRecord("PHONE-A");

        internal static IdentityRecord RecordB => IdentityRecordTests.NewRecord("PHONE-A")
            .WithProvisioningContact(ProvisioningContact.Parse("prov.example.com:8443"), IdentityRecordTests.LearnedAt, 86400);

        [TestMethod]
        public void Load_BlankFlash_Empty()
        {
            IdentityLoadResult result = new IdentityStore(new PowerCutFlashStore(2, SlotSize)).Load();
            Assert.AreEqual((int)IdentityStoreStatus.Empty, (int)result.Status);
            Assert.IsNull(result.Record);
            Assert.AreEqual(0u, result.Sequence);
        }

        [TestMethod]
        public void Save_ThenLoad_RoundTrips()
        {
            PowerCutFlashStore flash = new PowerCutFlashStore(2, SlotSize);
            Assert.AreEqual(1u, new IdentityStore(flash).Save(RecordB));
            IdentityLoadResult result = new IdentityStore(flash).Load();
            Assert.AreEqual((int)IdentityStoreStatus.Loaded, (int)result.Status);
            Assert.AreEqual(RecordB, result.Record);
            Assert.AreEqual(1u, result.Sequence);
        }

        [TestMethod]
        public void Save_FirstRecord_SlotLayoutAsDocumented()
        {
            PowerCutFlashStore flash = new PowerCutFlashStore(2, SlotSize);
            IdentityRecord record = RecordA;
            new IdentityStore(flash).Save(record);
            byte[] slot = flash.Slot(0);
            int length = record.EncodedLength;
            byte[] header = new byte[]
            {
                (byte)'D', (byte)'A', (byte)'I', (byte)'D',  // magic
                0x01,                                        // body format version
                0x00, 0x00, 0x00, 0x01,                      // sequence 1
                (byte)(length >> 8), (byte)length,           // body length
            };
            for (int i = 0; i < header.Length; i++)
            {
                Assert.AreEqual(header[i], slot[i], "header byte " + i.ToString());
            }

            uint crc = Crc32.Compute(slot, 0, 11 + length);
            Assert.AreEqual((byte)(crc >> 24), slot[11 + length]);
            Assert.AreEqual((byte)crc, slot[14 + length]);
            Assert.AreEqual((byte)0xFF, slot[15 + length], "nothing written after the CRC");
            Assert.AreEqual((byte)0xFF, flash.Slot(1)[0], "second slot untouched");
        }

        [TestMethod]
        public void Save_Repeatedly_AlternatesSlotsAndCountsUp()
        {
            PowerCutFlashStore flash = new PowerCutFlashStore(2, SlotSize);
            IdentityStore store = new IdentityStore(flash);
            for (uint i = 1; i <= 5; i++)
            {
                IdentityRecord record = IdentityRecordTests.NewRecord("PHONE-" + i.ToString());
                Assert.AreEqual(i, store.Save(record));
                Assert.AreEqual((byte)i, flash.Slot((int)((i - 1) % 2))[8], "sequence lands in slot " + ((i - 1) % 2).ToString());
                IdentityLoadResult result = store.Load();
                Assert.AreEqual(record, result.Record);
                Assert.AreEqual(i, result.Sequence);
            }
        }

        [TestMethod]
        public void Load_NewestSlotDamaged_FallsBackToOlder()
        {
            PowerCutFlashStore flash = TwoRecords();
            flash.Slot(1)[20] ^= 0x01;
            IdentityLoadResult result = new IdentityStore(flash).Load();
            Assert.AreEqual(RecordA, result.Record);
            Assert.AreEqual(1u, result.Sequence);
        }

        [TestMethod]
        public void Load_FlippedCrcBitInBothSlots_Corrupt()
        {
            PowerCutFlashStore flash = TwoRecords();
            flash.Slot(0)[11 + RecordA.EncodedLength] ^= 0x80;
            flash.Slot(1)[14 + RecordB.EncodedLength] ^= 0x01;
            AssertStatus(IdentityStoreStatus.Corrupt, flash);
        }

        [TestMethod]
        public void Load_LengthPastSlotEnd_SlotIgnored()
        {
            PowerCutFlashStore flash = TwoRecords();
            flash.Slot(1)[9] = 0x01; // length 0x01xx > 256 - 15
            Assert.AreEqual(RecordA, new IdentityStore(flash).Load().Record);
            flash.Slot(0)[9] = 0xFF;
            flash.Slot(0)[10] = 0xFF;
            AssertStatus(IdentityStoreStatus.Corrupt, flash);
        }

        [TestMethod]
        public void Load_LengthFieldTruncated_SlotIgnored()
        {
            // A write cut in the middle of the length field: the rest of the slot still reads erased.
            PowerCutFlashStore flash = TwoRecords();
            byte[] slot = flash.Slot(1);
            for (int i = 10; i < slot.Length; i++)
            {
                slot[i] = 0xFF;
            }

            Assert.AreEqual(RecordA, new IdentityStore(flash).Load().Record);
        }

        [TestMethod]
        public void Load_CrcValidButBodyInvalid_SlotIgnored()
        {
            PowerCutFlashStore flash = TwoRecords();
            byte[] body = new byte[] { 0x01, 0x00, 0x01, (byte)'/' }; // device ID "/" and no URL
            WriteImage(flash.Slot(1), IdentityRecord.FormatVersion, 9, body);
            Assert.AreEqual(RecordA, new IdentityStore(flash).Load().Record);
        }

        [TestMethod]
        public void Load_UnsupportedFormatVersion_SlotIgnored()
        {
            PowerCutFlashStore flash = TwoRecords();
            WriteImage(flash.Slot(1), 2, 9, Encode(RecordB));
            IdentityLoadResult result = new IdentityStore(flash).Load();
            Assert.AreEqual(RecordA, result.Record);
            Assert.AreEqual(1u, result.Sequence);
        }

        [TestMethod]
        public void Load_RandomBytesInBothSlots_CorruptNeverThrows()
        {
            int seed = RandomSeed.Next();
            Random random = new Random(seed);
            PowerCutFlashStore flash = new PowerCutFlashStore(2, SlotSize);
            for (int round = 0; round < 200; round++)
            {
                random.NextBytes(flash.Slot(0));
                random.NextBytes(flash.Slot(1));
                if (round % 2 == 1)
                {
                    // Plausible headers make the check go as far as the length and CRC.
                    WriteImage(flash.Slot(0), IdentityRecord.FormatVersion, (uint)random.Next(), Encode(RecordA));
                    flash.Slot(0)[11 + random.Next(RecordA.EncodedLength + 4)] ^= (byte)(1 << random.Next(8));
                }

                AssertStatus(IdentityStoreStatus.Corrupt, flash);
            }
        }

        [TestMethod]
        public void Load_OneDamagedSlotBesideBlank_Empty()
        {
            // Indistinguishable from an interrupted first save, which must read as "no identity".
            PowerCutFlashStore flash = new PowerCutFlashStore(2, SlotSize);
            new IdentityStore(flash).Save(RecordA);
            flash.Slot(0)[12] ^= 0x04;
            AssertStatus(IdentityStoreStatus.Empty, flash);
        }

        [TestMethod]
        public void Save_AfterCorrupt_Recovers()
        {
            PowerCutFlashStore flash = new PowerCutFlashStore(2, SlotSize);
            new Random(1).NextBytes(flash.Slot(0));
            new Random(2).NextBytes(flash.Slot(1));
            IdentityStore store = new IdentityStore(flash);
            Assert.AreEqual((int)IdentityStoreStatus.Corrupt, (int)store.Load().Status);
            store.Save(RecordB);
            Assert.AreEqual(RecordB, store.Load().Record);
            store.Save(RecordA);
            Assert.AreEqual(RecordA, store.Load().Record);
        }

        [TestMethod]
        public void Save_SequenceWraps_NewerStillWins()
        {
            // RFC 1982 serial number arithmetic: 0 follows 0xFFFFFFFF.
            PowerCutFlashStore flash = new PowerCutFlashStore(2, SlotSize);
            WriteImage(flash.Slot(0), IdentityRecord.FormatVersion, 0xFFFFFFFF, Encode(RecordA));
            IdentityStore store = new IdentityStore(flash);
            Assert.AreEqual(0xFFFFFFFFu, store.Load().Sequence);

            Assert.AreEqual(0u, store.Save(RecordB));
            IdentityLoadResult result = store.Load();
            Assert.AreEqual(RecordB, result.Record);
            Assert.AreEqual(0u, result.Sequence);

            IdentityRecord c = IdentityRecordTests.NewRecord("PHONE-C");
            Assert.AreEqual(1u, store.Save(c));
            Assert.AreEqual(c, store.Load().Record);
        }

        [TestMethod]
        public void Load_WrappedSequenceInEitherSlot_PicksNewer()
        {
            PowerCutFlashStore flash = new PowerCutFlashStore(2, SlotSize);
            WriteImage(flash.Slot(0), IdentityRecord.FormatVersion, 0, Encode(RecordB));
            WriteImage(flash.Slot(1), IdentityRecord.FormatVersion, 0xFFFFFFFF, Encode(RecordA));
            Assert.AreEqual(RecordB, new IdentityStore(flash).Load().Record);

            WriteImage(flash.Slot(0), IdentityRecord.FormatVersion, 0x7FFFFFFF, Encode(RecordA));
            WriteImage(flash.Slot(1), IdentityRecord.FormatVersion, 0x80000000, Encode(RecordB));
            Assert.AreEqual(RecordB, new IdentityStore(flash).Load().Record);
        }

        [TestMethod]
        public void Save_RecordTooLarge_ThrowsBeforeTouchingFlash()
        {
            PowerCutFlashStore flash = new PowerCutFlashStore(2, 64);
            IdentityRecord large = new IdentityRecord("PHONE-A", PreProvisioningContact.Parse("https://preprov.example.com/a/rather/long/path"));
            try
            {
                new IdentityStore(flash).Save(large);
                Assert.IsTrue(false, "saved a record larger than a slot");
            }
            catch (IdentityFormatException e)
            {
                Assert.AreEqual("record", e.Field);
            }

            Assert.AreEqual(0, flash.Operations);
        }

        [TestMethod]
        public void Save_SlotDoesNotReadBack_ThrowsIOException()
        {
            IdentityStore store = new IdentityStore(new ForgetfulFlash());
            Assert.ThrowsException(typeof(System.IO.IOException), () => store.Save(RecordA));
        }

        [TestMethod]
        public void Constructor_TooFewOrTooSmallSlots_Throws()
        {
            Assert.ThrowsException(typeof(ArgumentException), () => new IdentityStore(new PowerCutFlashStore(1, SlotSize)));
            Assert.ThrowsException(typeof(ArgumentException), () => new IdentityStore(new PowerCutFlashStore(2, 63)));
            Assert.ThrowsException(typeof(ArgumentNullException), () => new IdentityStore(null));
        }

        /// <summary>A body as <see cref="IdentityStore"/> stores it, built here independently of the store.</summary>
        internal static void WriteImage(byte[] slot, byte version, uint sequence, byte[] body)
        {
            slot[0] = (byte)'D';
            slot[1] = (byte)'A';
            slot[2] = (byte)'I';
            slot[3] = (byte)'D';
            slot[4] = version;
            slot[5] = (byte)(sequence >> 24);
            slot[6] = (byte)(sequence >> 16);
            slot[7] = (byte)(sequence >> 8);
            slot[8] = (byte)sequence;
            slot[9] = (byte)(body.Length >> 8);
            slot[10] = (byte)body.Length;
            Array.Copy(body, 0, slot, 11, body.Length);
            uint crc = Crc32.Compute(slot, 0, 11 + body.Length);
            slot[11 + body.Length] = (byte)(crc >> 24);
            slot[12 + body.Length] = (byte)(crc >> 16);
            slot[13 + body.Length] = (byte)(crc >> 8);
            slot[14 + body.Length] = (byte)crc;
        }

        internal static byte[] Encode(IdentityRecord record)
        {
            byte[] body = new byte[record.EncodedLength];
            record.Encode(body, 0);
            return body;
        }

        /// <summary>Record A with sequence 1 in slot 0, record B with sequence 2 in slot 1.</summary>
        private static PowerCutFlashStore TwoRecords()
        {
            PowerCutFlashStore flash = new PowerCutFlashStore(2, SlotSize);
            IdentityStore store = new IdentityStore(flash);
            store.Save(RecordA);
            store.Save(RecordB);
            return flash;
        }

        private static void AssertStatus(IdentityStoreStatus expected, IFlashStore flash)
        {
            IdentityLoadResult result = new IdentityStore(flash).Load();
            Assert.AreEqual((int)expected, (int)result.Status);
            Assert.IsNull(result.Record);
        }

        /// <summary>Flash that accepts writes and keeps nothing, like a worn-out sector.</summary>
        private sealed class ForgetfulFlash : IFlashStore
        {
            public int SlotCount => 2;

            public int SlotSize => 128;

            public int Read(int slot, byte[] buffer, int offset)
            {
                return 0;
            }

            public void Write(int slot, byte[] buffer, int offset, int count)
            {
            }
        }
    }
}
