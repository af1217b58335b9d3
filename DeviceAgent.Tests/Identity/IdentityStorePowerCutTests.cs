using System;
using DeviceAgent.Identity;
using DeviceAgent.Tests.Fakes;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Identity
{
    /// <summary>
    /// Power cut at every byte operation of a save (NOR flash: erase the slot, then program it). After any cut the
    /// store must load the previous record or the new one, exactly, and accept the next save.
    /// </summary>
    [TestClass]
    public class IdentityStorePowerCutTests
    {
        private const int SlotSize = IdentityStoreTests.SlotSize;

        private static IdentityRecord RecordC => IdentityRecordTests.NewRecord("PHONE-C")
            .WithProvisioningContact(ProvisioningContact.Parse("192.0.2.10:8080"), IdentityRecordTests.LearnedAt, 3600);

        [TestMethod]
        public void Save_PowerCutAtEveryByte_OtherSlotBlank_LoadsOldOrNew()
        {
            CutEverywhere(false);
        }

        [TestMethod]
        public void Save_PowerCutAtEveryByte_OtherSlotHoldsOlderRecord_LoadsOldOrNew()
        {
            CutEverywhere(true);
        }

        [TestMethod]
        public void FirstSave_PowerCutAtEveryByte_LoadsEmptyOrNew()
        {
            IdentityRecord b = IdentityStoreTests.RecordB;
            int total = OperationsOfSave(new PowerCutFlashStore(2, SlotSize), b);
            int empty = 0;
            for (int k = 0; k <= total; k++)
            {
                PowerCutFlashStore flash = new PowerCutFlashStore(2, SlotSize);
                SaveWithCut(flash, b, k);
                IdentityLoadResult result = new IdentityStore(flash).Load();
                if (result.Status == IdentityStoreStatus.Empty)
                {
                    empty++;
                }
                else
                {
                    Assert.AreEqual(b, result.Record, "cut at " + k.ToString());
                }

                AssertNextSaveWorks(flash);
            }

            OutputHelper.WriteLine("first save: " + total.ToString() + " byte operations, " + empty.ToString() + " of " + (total + 1).ToString() + " cut points left no identity");
            Assert.IsTrue(empty > 0 && empty < total + 1, "both outcomes occur");
        }

        [TestMethod]
        public void Save_RepeatedRandomCuts_AlwaysLastCompleteOrAttempted()
        {
            Random random = new Random(RandomSeed.Next());
            PowerCutFlashStore flash = new PowerCutFlashStore(2, SlotSize);
            IdentityRecord stored = null;
            for (int round = 0; round < 300; round++)
            {
                IdentityRecord attempt = IdentityRecordTests.NewRecord("PHONE-" + round.ToString())
                    .WithProvisioningContact(ProvisioningContact.Parse("p" + round.ToString() + ".example.com"), IdentityRecordTests.LearnedAt, (uint)round);
                bool completed = SaveWithCut(flash, attempt, random.Next(SlotSize + attempt.EncodedLength + 20));
                IdentityLoadResult result = new IdentityStore(flash).Load();
                if (completed)
                {
                    Assert.AreEqual(attempt, result.Record, "round " + round.ToString());
                }
                else if (result.Record == null)
                {
                    Assert.IsNull(stored, "round " + round.ToString() + " lost a stored record");
                }
                else
                {
                    Assert.IsTrue(result.Record.Equals(stored) || result.Record.Equals(attempt), "round " + round.ToString());
                }

                stored = result.Record;
            }
        }

        /// <summary>Store holds A (and, with <paramref name="olderInOtherSlot"/>, an older Z); save B cut at k.</summary>
        private static void CutEverywhere(bool olderInOtherSlot)
        {
            IdentityRecord a = IdentityStoreTests.RecordA;
            IdentityRecord b = IdentityStoreTests.RecordB;
            int total = OperationsOfSave(StoreHoldingA(olderInOtherSlot), b);
            int old = 0;
            for (int k = 0; k <= total; k++)
            {
                PowerCutFlashStore flash = StoreHoldingA(olderInOtherSlot);
                bool completed = SaveWithCut(flash, b, k);
                Assert.AreEqual(k == total, completed, "the save completes only when the cut comes after its last operation");
                IdentityLoadResult result = new IdentityStore(flash).Load();
                Assert.AreEqual((int)IdentityStoreStatus.Loaded, (int)result.Status, "cut at " + k.ToString());
                if (result.Record.Equals(a))
                {
                    old++;
                }
                else
                {
                    Assert.AreEqual(b, result.Record, "cut at " + k.ToString());
                }

                AssertNextSaveWorks(flash);
            }

            OutputHelper.WriteLine("save: " + total.ToString() + " byte operations, " + old.ToString() + " of " + (total + 1).ToString() + " cut points kept the old record");
            Assert.IsTrue(old > 0 && old < total + 1, "both outcomes occur");
        }

        private static PowerCutFlashStore StoreHoldingA(bool olderInOtherSlot)
        {
            PowerCutFlashStore flash = new PowerCutFlashStore(2, SlotSize);
            IdentityStore store = new IdentityStore(flash);
            if (olderInOtherSlot)
            {
                store.Save(IdentityRecordTests.NewRecord("PHONE-Z"));
            }

            store.Save(IdentityStoreTests.RecordA);
            return flash;
        }

        private static int OperationsOfSave(PowerCutFlashStore flash, IdentityRecord record)
        {
            int before = flash.Operations;
            new IdentityStore(flash).Save(record);
            return flash.Operations - before;
        }

        /// <summary>Saves with the power cut after <paramref name="k"/> byte operations; true when the save completed.</summary>
        private static bool SaveWithCut(PowerCutFlashStore flash, IdentityRecord record, int k)
        {
            flash.CutPowerAfter(k);
            try
            {
                new IdentityStore(flash).Save(record);
            }
            catch (PowerCutException)
            {
                return false;
            }
            finally
            {
                flash.RestorePower();
            }

            return true;
        }

        private static void AssertNextSaveWorks(PowerCutFlashStore flash)
        {
            IdentityStore store = new IdentityStore(flash);
            store.Save(RecordC);
            Assert.AreEqual(RecordC, new IdentityStore(flash).Load().Record);
        }
    }
}
