using System;
using DeviceAgent.Hal;

namespace DeviceAgent.Tests.Fakes
{
    /// <summary>
    /// NOR flash in RAM whose power can be cut after any byte operation. A write first erases the whole slot to 0xFF
    /// byte by byte, then programs the new bytes in order (programming can only clear bits, as on NOR), so a cut
    /// leaves a prefix erased and the rest old, or a prefix new and the rest erased. Reads always return the whole slot.
    /// </summary>
    public sealed class PowerCutFlashStore : IFlashStore
    {
        private readonly byte[][] _slots;
        private int _operations;
        private int _cutAt = -1;

        public PowerCutFlashStore(int slotCount, int slotSize)
        {
            _slots = new byte[slotCount][];
            for (int i = 0; i < slotCount; i++)
            {
                _slots[i] = new byte[slotSize];
                Fill(_slots[i], 0xFF);
            }
        }

        public int SlotCount => _slots.Length;

        public int SlotSize => _slots[0].Length;

        /// <summary>Byte operations (erase or program) performed so far.</summary>
        public int Operations => _operations;

        /// <summary>
        /// Cuts the power once <paramref name="operations"/> more byte operations have been performed: the next one
        /// throws <see cref="PowerCutException"/> instead. The cut happens once; power is back for the next write.
        /// Zero cuts before the first operation.
        /// </summary>
        public void CutPowerAfter(int operations)
        {
            _cutAt = _operations + operations;
        }

        /// <summary>Disarms a cut that has not happened yet.</summary>
        public void RestorePower()
        {
            _cutAt = -1;
        }

        /// <summary>The live bytes of <paramref name="slot"/>, for tests that damage them.</summary>
        public byte[] Slot(int slot)
        {
            return _slots[slot];
        }

        public int Read(int slot, byte[] buffer, int offset)
        {
            Array.Copy(_slots[slot], 0, buffer, offset, SlotSize);
            return SlotSize;
        }

        public void Write(int slot, byte[] buffer, int offset, int count)
        {
            if (count < 0 || count > SlotSize)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            byte[] cells = _slots[slot];
            for (int i = 0; i < cells.Length; i++)
            {
                Operate();
                cells[i] = 0xFF;
            }

            for (int i = 0; i < count; i++)
            {
                Operate();
                cells[i] &= buffer[offset + i];
            }
        }

        private static void Fill(byte[] bytes, byte value)
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = value;
            }
        }

        private void Operate()
        {
            if (_operations == _cutAt)
            {
                _cutAt = -1;
                throw new PowerCutException(_operations);
            }

            _operations++;
        }
    }
}
