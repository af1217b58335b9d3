using System;

namespace DeviceAgent.Identity
{
    /// <summary>
    /// What a phone keeps about itself across power cycles: its device ID, pre-provisioning contact and optional
    /// device secret (written at the factory), and the provisioning contact last learned from the pre-provisioning server. Immutable and always
    /// valid: every constructor and <c>With</c> method validates, so a record can be stored without further checks.
    /// </summary>
    /// <remarks>
    /// Device ID: 1-64 characters of <c>A-Z a-z 0-9 . _ -</c>, so it can appear unquoted in URLs, file names and logs.
    /// Binary form (the body <see cref="IdentityStore"/> keeps in a slot): a sequence of fields
    /// <c>[type: 1 byte][length: 2 bytes big-endian][value]</c>, in any order, each known type at most once:
    /// <code>
    /// type 1  device ID, ASCII                                   required
    /// type 2  pre-provisioning URL, ASCII                        required
    /// type 3  cached provisioning contact:                       optional
    ///         learned-at (8 bytes, UTC DateTime ticks), valid-for (4 bytes, seconds), contact (ProvisioningContact encoding)
    /// type 4  device secret, 16-64 raw bytes, the key of the signed pre-provisioning inquiry   optional
    /// type 0  reserved, invalid
    /// other   written by a newer firmware: kept as they are and written back after the known fields
    /// </code>
    /// Type 4 was added after the first release; a record without it is still valid (no secret), and a firmware that
    /// predates it keeps it as an unknown field, so a downgrade and upgrade does not lose the secret.
    /// </remarks>
    public sealed class IdentityRecord
    {
        /// <summary>Version of the body format; changes only when an older firmware could not read the new one.</summary>
        public const byte FormatVersion = 1;

        /// <summary>Longest device ID.</summary>
        public const int MaxDeviceIdLength = 64;

        /// <summary>Shortest device secret: 128 bits, the least an HMAC-SHA-256 key should carry.</summary>
        public const int MinDeviceSecretLength = 16;

        /// <summary>Longest device secret: one SHA-256 block, so HMAC uses it without hashing it first.</summary>
        public const int MaxDeviceSecretLength = 64;

        private const byte TypeDeviceId = 1;
        private const byte TypePreProvisioningUrl = 2;
        private const byte TypeProvisioningContact = 3;
        private const byte TypeDeviceSecret = 4;
        private const int FieldHeaderLength = 3;
        private const int ContactPrefixLength = 12;

        private readonly string _deviceId;
        private readonly PreProvisioningContact _preProvisioning;
        private readonly ProvisioningContact _contact;
        private readonly long _learnedAtTicks;
        private readonly uint _validForSeconds;
        private readonly byte[] _secret;
        private readonly byte[] _unknownFields;

        /// <summary>A new phone's identity, without a cached provisioning contact.</summary>
        public IdentityRecord(string deviceId, PreProvisioningContact preProvisioning)
            : this(deviceId, preProvisioning, null, 0, 0, null, null)
        {
            ValidateDeviceId(deviceId);
            if (preProvisioning == null)
            {
                throw new IdentityFormatException("preProvisioningUrl", "is missing");
            }
        }

        private IdentityRecord(string deviceId, PreProvisioningContact preProvisioning, ProvisioningContact contact, long learnedAtTicks, uint validForSeconds, byte[] secret, byte[] unknownFields)
        {
            _secret = secret;
            _deviceId = deviceId;
            _preProvisioning = preProvisioning;
            _contact = contact;
            _learnedAtTicks = learnedAtTicks;
            _validForSeconds = validForSeconds;
            _unknownFields = unknownFields;
        }

        /// <summary>The unique device ID given at the factory.</summary>
        public string DeviceId => _deviceId;

        /// <summary>Where to ask for the provisioning contact.</summary>
        public PreProvisioningContact PreProvisioning => _preProvisioning;

        /// <summary>The cached provisioning contact, or null when none has been learned.</summary>
        public ProvisioningContact ProvisioningContact => _contact;

        /// <summary>When <see cref="ProvisioningContact"/> was learned (UTC); meaningless without one.</summary>
        public DateTime ProvisioningContactLearnedAtUtc => new DateTime(_learnedAtTicks, DateTimeKind.Utc);

        /// <summary>How long after <see cref="ProvisioningContactLearnedAtUtc"/> the cached contact may be used.</summary>
        public uint ProvisioningContactValidForSeconds => _validForSeconds;

        /// <summary>True when a device secret was set at the factory, so inquiries can be signed.</summary>
        public bool HasDeviceSecret => _secret != null;

        /// <summary>A copy of the device secret (the caller may clear it after use), or null when none is set.</summary>
        public byte[] DeviceSecret
        {
            get
            {
                if (_secret == null)
                {
                    return null;
                }

                byte[] copy = new byte[_secret.Length];
                Array.Copy(_secret, copy, _secret.Length);
                return copy;
            }
        }

        /// <summary>Length of <see cref="Encode"/>'s output.</summary>
        public int EncodedLength
        {
            get
            {
                int length = FieldHeaderLength + _deviceId.Length + FieldHeaderLength + _preProvisioning.Url.Length;
                if (_contact != null)
                {
                    length += FieldHeaderLength + ContactPrefixLength + _contact.EncodedLength;
                }

                if (_secret != null)
                {
                    length += FieldHeaderLength + _secret.Length;
                }

                return _unknownFields == null ? length : length + _unknownFields.Length;
            }
        }

        /// <summary>Throws <see cref="IdentityFormatException"/> unless <paramref name="deviceId"/> is 1-64 characters of A-Z a-z 0-9 . _ -.</summary>
        public static void ValidateDeviceId(string deviceId)
        {
            if (deviceId == null || deviceId.Length == 0)
            {
                throw new IdentityFormatException("deviceId", "is empty");
            }

            if (deviceId.Length > MaxDeviceIdLength)
            {
                throw new IdentityFormatException("deviceId", "is longer than 64 characters");
            }

            for (int i = 0; i < deviceId.Length; i++)
            {
                char c = deviceId[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
                if (!ok)
                {
                    throw new IdentityFormatException("deviceId", i, "contains a character other than A-Z a-z 0-9 . _ -");
                }
            }
        }

        /// <summary>
        /// Decodes a body of exactly <paramref name="count"/> bytes (see the class remarks); throws
        /// <see cref="IdentityFormatException"/> with the field and the offset in <paramref name="buffer"/>.
        /// </summary>
        public static IdentityRecord Decode(byte[] buffer, int offset, int count)
        {
            if (buffer == null || offset < 0 || count < 0 || count > buffer.Length - offset)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            string deviceId = null;
            PreProvisioningContact preProvisioning = null;
            ProvisioningContact contact = null;
            long learnedAtTicks = 0;
            uint validForSeconds = 0;
            byte[] secret = null;
            int unknownLength = 0;
            int end = offset + count;
            int pos = offset;
            while (pos < end)
            {
                if (end - pos < FieldHeaderLength)
                {
                    throw new IdentityFormatException("record", pos, "truncated field header");
                }

                byte type = buffer[pos];
                int length = BigEndian.ReadUInt16(buffer, pos + 1);
                int value = pos + FieldHeaderLength;
                if (length > end - value)
                {
                    throw new IdentityFormatException("record", pos + 1, "field length " + length.ToString() + " runs past the end of the record");
                }

                switch (type)
                {
                    case 0:
                        throw new IdentityFormatException("record", pos, "field type 0 is reserved");
                    case TypeDeviceId:
                        CheckNotSeen(deviceId, "deviceId", pos);
                        deviceId = ReadAscii(buffer, value, length, "deviceId");
                        try
                        {
                            ValidateDeviceId(deviceId);
                        }
                        catch (IdentityFormatException e)
                        {
                            throw new IdentityFormatException("deviceId", value + (e.Offset < 0 ? 0 : e.Offset), e.Reason);
                        }

                        break;
                    case TypePreProvisioningUrl:
                        CheckNotSeen(preProvisioning, "preProvisioningUrl", pos);
                        string url = ReadAscii(buffer, value, length, "preProvisioningUrl");
                        try
                        {
                            preProvisioning = PreProvisioningContact.Parse(url);
                        }
                        catch (IdentityFormatException e)
                        {
                            throw new IdentityFormatException("preProvisioningUrl", value + (e.Offset < 0 ? 0 : e.Offset), e.Reason);
                        }

                        break;
                    case TypeProvisioningContact:
                        CheckNotSeen(contact, "provisioningContact", pos);
                        if (length < ContactPrefixLength)
                        {
                            throw new IdentityFormatException("provisioningContact", pos + 1, "field of " + length.ToString() + " bytes is too short");
                        }

                        learnedAtTicks = BigEndian.ReadInt64(buffer, value);
                        if (learnedAtTicks < 0 || learnedAtTicks > DateTime.MaxValue.Ticks)
                        {
                            throw new IdentityFormatException("provisioningContactLearnedAt", value, "is not a valid time");
                        }

                        validForSeconds = BigEndian.ReadUInt32(buffer, value + 8);
                        contact = ProvisioningContact.Decode(buffer, value + ContactPrefixLength, length - ContactPrefixLength);
                        break;
                    case TypeDeviceSecret:
                        CheckNotSeen(secret, "deviceSecret", pos);
                        CheckSecretLength(length, "deviceSecret", pos + 1);
                        secret = new byte[length];
                        Array.Copy(buffer, value, secret, 0, length);
                        break;
                    default:
                        unknownLength += FieldHeaderLength + length;
                        break;
                }

                pos = value + length;
            }

            if (deviceId == null)
            {
                throw new IdentityFormatException("deviceId", end, "is missing");
            }

            if (preProvisioning == null)
            {
                throw new IdentityFormatException("preProvisioningUrl", end, "is missing");
            }

            return new IdentityRecord(deviceId, preProvisioning, contact, learnedAtTicks, validForSeconds, secret, CopyUnknownFields(buffer, offset, end, unknownLength));
        }

        /// <summary>
        /// Writes the body to <paramref name="buffer"/> at <paramref name="offset"/> and returns its length; throws
        /// <see cref="ArgumentOutOfRangeException"/> when it does not fit.
        /// </summary>
        public int Encode(byte[] buffer, int offset)
        {
            int length = EncodedLength;
            if (buffer == null || offset < 0 || length > buffer.Length - offset)
            {
                throw new ArgumentOutOfRangeException("buffer");
            }

            int pos = WriteAscii(buffer, offset, TypeDeviceId, _deviceId);
            pos = WriteAscii(buffer, pos, TypePreProvisioningUrl, _preProvisioning.Url);
            if (_contact != null)
            {
                buffer[pos] = TypeProvisioningContact;
                BigEndian.WriteUInt16(buffer, pos + 1, ContactPrefixLength + _contact.EncodedLength);
                BigEndian.WriteInt64(buffer, pos + 3, _learnedAtTicks);
                BigEndian.WriteUInt32(buffer, pos + 11, _validForSeconds);
                pos += FieldHeaderLength + ContactPrefixLength;
                pos += _contact.Encode(buffer, pos);
            }

            if (_secret != null)
            {
                buffer[pos] = TypeDeviceSecret;
                BigEndian.WriteUInt16(buffer, pos + 1, _secret.Length);
                Array.Copy(_secret, 0, buffer, pos + FieldHeaderLength, _secret.Length);
                pos += FieldHeaderLength + _secret.Length;
            }

            if (_unknownFields != null)
            {
                Array.Copy(_unknownFields, 0, buffer, pos, _unknownFields.Length);
            }

            return length;
        }

        /// <summary>This record with a newly learned provisioning contact; fields unknown to this firmware are kept.</summary>
        public IdentityRecord WithProvisioningContact(ProvisioningContact contact, DateTime learnedAtUtc, uint validForSeconds)
        {
            if (contact == null)
            {
                throw new IdentityFormatException("provisioningContact", "is missing");
            }

            return new IdentityRecord(_deviceId, _preProvisioning, contact, learnedAtUtc.Ticks, validForSeconds, _secret, _unknownFields);
        }

        /// <summary>This record without a cached provisioning contact, e.g. after the contact stopped answering.</summary>
        public IdentityRecord WithoutProvisioningContact()
        {
            return new IdentityRecord(_deviceId, _preProvisioning, null, 0, 0, _secret, _unknownFields);
        }

        /// <summary>
        /// This record with <paramref name="secret"/> (16-64 bytes, copied) as its device secret, or without one when it
        /// is null; throws <see cref="IdentityFormatException"/> for other lengths.
        /// </summary>
        public IdentityRecord WithDeviceSecret(byte[] secret)
        {
            byte[] copy = null;
            if (secret != null)
            {
                CheckSecretLength(secret.Length, "deviceSecret", -1);
                copy = new byte[secret.Length];
                Array.Copy(secret, copy, secret.Length);
            }

            return new IdentityRecord(_deviceId, _preProvisioning, _contact, _learnedAtTicks, _validForSeconds, copy, _unknownFields);
        }

        /// <summary>
        /// True when a provisioning contact is cached and <paramref name="utcNow"/> lies in
        /// [learned-at, learned-at + valid-for); a clock before learned-at counts as expired, to be safe after a clock jump.
        /// </summary>
        public bool IsProvisioningContactValidAt(DateTime utcNow)
        {
            if (_contact == null || utcNow.Ticks < _learnedAtTicks)
            {
                return false;
            }

            return utcNow.Ticks - _learnedAtTicks < _validForSeconds * TimeSpan.TicksPerSecond;
        }

        /// <summary>Same fields, including fields unknown to this firmware.</summary>
        public override bool Equals(object obj)
        {
            IdentityRecord other = obj as IdentityRecord;
            if (other == null || other._deviceId != _deviceId || !other._preProvisioning.Equals(_preProvisioning)
                || other._learnedAtTicks != _learnedAtTicks || other._validForSeconds != _validForSeconds)
            {
                return false;
            }

            if (_contact == null ? other._contact != null : !_contact.Equals(other._contact))
            {
                return false;
            }

            return SameBytes(_secret, other._secret) && SameBytes(_unknownFields, other._unknownFields);
        }

        /// <summary>Consistent with <see cref="Equals"/>.</summary>
        public override int GetHashCode()
        {
            return _deviceId.GetHashCode();
        }

        /// <summary>A one-line summary for logs.</summary>
        public override string ToString()
        {
            return "device " + _deviceId + ", pre-provisioning " + _preProvisioning.Url + ", provisioning contact "
                + (_contact == null ? "none" : _contact.ToString()) + (_secret == null ? "" : ", device secret set");
        }

        private static void CheckNotSeen(object seen, string field, int offset)
        {
            if (seen != null)
            {
                throw new IdentityFormatException(field, offset, "appears twice");
            }
        }

        private static void CheckSecretLength(int length, string field, int offset)
        {
            if (length < MinDeviceSecretLength || length > MaxDeviceSecretLength)
            {
                throw new IdentityFormatException(field, offset, "is " + length.ToString() + " bytes, not 16-64");
            }
        }

        private static string ReadAscii(byte[] buffer, int offset, int length, string field)
        {
            char[] chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                byte b = buffer[offset + i];
                if (b < 0x20 || b > 0x7E)
                {
                    throw new IdentityFormatException(field, offset + i, "contains byte " + b.ToString());
                }

                chars[i] = (char)b;
            }

            return new string(chars);
        }

        private static int WriteAscii(byte[] buffer, int offset, byte type, string text)
        {
            buffer[offset] = type;
            BigEndian.WriteUInt16(buffer, offset + 1, text.Length);
            for (int i = 0; i < text.Length; i++)
            {
                buffer[offset + FieldHeaderLength + i] = (byte)text[i];
            }

            return offset + FieldHeaderLength + text.Length;
        }

        private static byte[] CopyUnknownFields(byte[] buffer, int offset, int end, int unknownLength)
        {
            if (unknownLength == 0)
            {
                return null;
            }

            byte[] unknown = new byte[unknownLength];
            int copied = 0;
            int pos = offset;
            while (pos < end)
            {
                int fieldLength = FieldHeaderLength + BigEndian.ReadUInt16(buffer, pos + 1);
                byte type = buffer[pos];
                if (type != TypeDeviceId && type != TypePreProvisioningUrl && type != TypeProvisioningContact && type != TypeDeviceSecret)
                {
                    Array.Copy(buffer, pos, unknown, copied, fieldLength);
                    copied += fieldLength;
                }

                pos += fieldLength;
            }

            return unknown;
        }

        private static bool SameBytes(byte[] a, byte[] b)
        {
            if (a == null || b == null)
            {
                return a == b;
            }

            if (a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
