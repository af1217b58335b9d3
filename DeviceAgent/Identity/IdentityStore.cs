using System;
using System.IO;
using DeviceAgent.Crypto;
using DeviceAgent.Hal;

namespace DeviceAgent.Identity
{
    /// <summary>
    /// Keeps the <see cref="IdentityRecord"/> in slots 0 and 1 of an <see cref="IFlashStore"/> so that a power cut
    /// at any moment of a <see cref="Save"/> leaves either the previous record or the new one readable.
    /// </summary>
    /// <remarks>
    /// Each slot holds, big-endian:
    /// <code>
    /// bytes 0-3    magic "DAID"
    /// byte  4      body format version (<see cref="IdentityRecord.FormatVersion"/>)
    /// bytes 5-8    sequence number, one more than the record it replaces
    /// bytes 9-10   body length n
    /// bytes 11..   body (<see cref="IdentityRecord.Encode"/>)
    /// next 4 bytes CRC-32 over bytes 0 .. 10+n
    /// </code>
    /// A slot is valid when all of this checks and the body decodes. <see cref="Load"/> takes the valid slot with the
    /// newer sequence number, compared in serial-number arithmetic (RFC 1982: a is newer than b when
    /// (int)(a - b) &gt; 0), so the counter may wrap; the two slots never differ by more than one save.
    /// <see cref="Save"/> validates and encodes the whole record first, then overwrites only the slot not holding
    /// the newest valid record, so an interrupted write can damage nothing but the older copy.
    /// </remarks>
    public sealed class IdentityStore
    {
        /// <summary>Bytes before the body: magic, version, sequence, length.</summary>
        public const int HeaderLength = 11;

        /// <summary>Bytes after the body: the CRC-32.</summary>
        public const int TrailerLength = 4;

        private const int SlotA = 0;
        private const int SlotB = 1;
        private const byte Blank = 0xFF;
        private static readonly byte[] Magic = new byte[] { (byte)'D', (byte)'A', (byte)'I', (byte)'D' };

        private readonly IFlashStore _flash;
        private readonly byte[] _buffer;

        // Result of the last scan of both slots.
        private IdentityRecord _newest;
        private uint _newestSequence;
        private int _newestSlot;
        private int _nonBlankSlots;
        private int _firstInvalidSlot;

        /// <summary>Uses slots 0 and 1 of <paramref name="flash"/>, which must be at least 64 bytes each.</summary>
        public IdentityStore(IFlashStore flash)
        {
            if (flash == null)
            {
                throw new ArgumentNullException("flash");
            }

            if (flash.SlotCount < 2 || flash.SlotSize < 64)
            {
                throw new ArgumentException("the identity store needs two flash slots of at least 64 bytes", "flash");
            }

            _flash = flash;
            _buffer = new byte[flash.SlotSize];
        }

        /// <summary>Largest record body that fits a slot.</summary>
        public int MaxRecordLength
        {
            get
            {
                int max = _flash.SlotSize - HeaderLength - TrailerLength;
                return max > 0xFFFF ? 0xFFFF : max;
            }
        }

        /// <summary>Reads both slots and returns the newest valid record; never throws for bad flash content.</summary>
        public IdentityLoadResult Load()
        {
            Scan();
            if (_newest != null)
            {
                return new IdentityLoadResult(IdentityStoreStatus.Loaded, _newest, _newestSequence);
            }

            // One written slot beside a blank one is exactly what an interrupted first save leaves behind;
            // only when both slots have been written was a complete record there and lost.
            return new IdentityLoadResult(_nonBlankSlots == 2 ? IdentityStoreStatus.Corrupt : IdentityStoreStatus.Empty, null, 0);
        }

        /// <summary>
        /// Stores <paramref name="record"/> as the newest record and returns its sequence number. Throws
        /// <see cref="IdentityFormatException"/> (field "record") before touching the flash when it does not fit a
        /// slot, and <see cref="IOException"/> when the slot does not read back as written.
        /// </summary>
        public uint Save(IdentityRecord record)
        {
            if (record == null)
            {
                throw new IdentityFormatException("record", "is missing");
            }

            int length = record.EncodedLength;
            if (length > MaxRecordLength)
            {
                throw new IdentityFormatException("record", length.ToString() + " bytes do not fit a slot (at most " + MaxRecordLength.ToString() + ")");
            }

            Scan();
            int target;
            uint sequence;
            if (_newest != null)
            {
                target = _newestSlot == SlotA ? SlotB : SlotA;
                sequence = _newestSequence + 1;
            }
            else
            {
                // Overwrite the damaged slot, if any, so that a cut now cannot make a second slot non-blank.
                target = _firstInvalidSlot >= 0 ? _firstInvalidSlot : SlotA;
                sequence = 1;
            }

            Array.Copy(Magic, 0, _buffer, 0, Magic.Length);
            _buffer[4] = IdentityRecord.FormatVersion;
            BigEndian.WriteUInt32(_buffer, 5, sequence);
            BigEndian.WriteUInt16(_buffer, 9, length);
            record.Encode(_buffer, HeaderLength);
            BigEndian.WriteUInt32(_buffer, HeaderLength + length, Crc32.Compute(_buffer, 0, HeaderLength + length));
            _flash.Write(target, _buffer, 0, HeaderLength + length + TrailerLength);

            uint readBack;
            bool blank;
            IdentityRecord written = ReadSlot(target, out readBack, out blank);
            if (written == null || readBack != sequence || !written.Equals(record))
            {
                throw new IOException("identity slot " + target.ToString() + " did not read back as written");
            }

            return sequence;
        }

        private void Scan()
        {
            _newest = null;
            _newestSequence = 0;
            _newestSlot = -1;
            _nonBlankSlots = 0;
            _firstInvalidSlot = -1;
            for (int slot = SlotA; slot <= SlotB; slot++)
            {
                uint sequence;
                bool blank;
                IdentityRecord record = ReadSlot(slot, out sequence, out blank);
                if (!blank)
                {
                    _nonBlankSlots++;
                }

                if (record == null)
                {
                    if (!blank && _firstInvalidSlot < 0)
                    {
                        _firstInvalidSlot = slot;
                    }
                }
                else if (_newest == null || (int)(sequence - _newestSequence) > 0)
                {
                    _newest = record;
                    _newestSequence = sequence;
                    _newestSlot = slot;
                }
            }
        }

        /// <summary>The record in <paramref name="slot"/>, or null when the slot is blank or invalid.</summary>
        private IdentityRecord ReadSlot(int slot, out uint sequence, out bool blank)
        {
            sequence = 0;
            int count = _flash.Read(slot, _buffer, 0);
            blank = IsBlank(count);
            if (count < HeaderLength + TrailerLength || count > _buffer.Length)
            {
                return null;
            }

            for (int i = 0; i < Magic.Length; i++)
            {
                if (_buffer[i] != Magic[i])
                {
                    return null;
                }
            }

            int length = BigEndian.ReadUInt16(_buffer, 9);
            if (_buffer[4] != IdentityRecord.FormatVersion || length > count - HeaderLength - TrailerLength)
            {
                return null;
            }

            if (Crc32.Compute(_buffer, 0, HeaderLength + length) != BigEndian.ReadUInt32(_buffer, HeaderLength + length))
            {
                return null;
            }

            try
            {
                IdentityRecord record = IdentityRecord.Decode(_buffer, HeaderLength, length);
                sequence = BigEndian.ReadUInt32(_buffer, 5);
                return record;
            }
            catch (IdentityFormatException)
            {
                // A CRC-valid body this firmware cannot decode is as unusable as a damaged one.
                return null;
            }
        }

        private bool IsBlank(int count)
        {
            for (int i = 0; i < count; i++)
            {
                if (_buffer[i] != Blank)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
