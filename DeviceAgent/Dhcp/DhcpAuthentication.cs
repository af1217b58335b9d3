using System;
using DeviceAgent.Crypto;

namespace DeviceAgent.Dhcp
{
    /// <summary>What <see cref="DhcpAuthentication.Verify"/> found; only <see cref="Valid"/> may be acted on.</summary>
    public enum DhcpAuthenticationResult
    {
        /// <summary>Digest matches under the stored key and the replay counter is newer than the last one accepted.</summary>
        Valid = 0,

        /// <summary>No option 90: an unauthenticated message (RFC 3203 §6 says ignore it).</summary>
        Missing = 1,

        /// <summary>Option 90 of another protocol, algorithm, RDM or information type, or no key to check it with.</summary>
        Unsupported = 2,

        /// <summary>Option 90 is truncated, split over several instances or otherwise malformed.</summary>
        Malformed = 3,

        /// <summary>The replay counter is not greater than the last one accepted (RFC 3118 §2).</summary>
        Replayed = 4,

        /// <summary>The HMAC-MD5 digest does not match: wrong key or altered message.</summary>
        BadDigest = 5,
    }

    /// <summary>
    /// Option 90, authentication (RFC 3118 §2: protocol, algorithm, RDM, 8-byte replay detection, authentication
    /// information), as used by the Reconfigure Key Authentication Protocol of RFC 6704 §3: protocol 3, algorithm 1
    /// (HMAC-MD5), RDM 0 (monotonically increasing counter), information = one type byte (1: the reconfigure key, sent
    /// by the server in DHCPACK; 2: an HMAC-MD5 digest, in DHCPFORCERENEW) followed by 16 bytes.
    /// </summary>
    /// <remarks>
    /// The digest covers the whole DHCP message as sent (header, options, padding) with the 16 digest bytes, 'hops'
    /// and 'giaddr' taken as zero: RFC 3118 §5.3 zeroes hops and giaddr because relay agents may change them, and
    /// RFC 6704 builds on RFC 3118's option. A message that crossed no relay has both zero anyway, so a server that
    /// zeroes only the digest computes the same value. Computing never copies the message: the zeroed fields are fed
    /// to the MAC as separate chunks.
    /// </remarks>
    public sealed class DhcpAuthentication
    {
        /// <summary>Protocol 3, the Reconfigure Key Authentication Protocol (RFC 6704 §3).</summary>
        public const byte ProtocolReconfigureKey = 3;

        /// <summary>Algorithm 1 of protocol 3: HMAC-MD5.</summary>
        public const byte AlgorithmHmacMd5 = 1;

        /// <summary>RDM 0: the replay detection field is a monotonically increasing counter (RFC 3118 §2).</summary>
        public const byte RdmMonotonicCounter = 0;

        /// <summary>Information type 1: the reconfigure key, sent by the server in DHCPACK.</summary>
        public const byte TypeReconfigureKey = 1;

        /// <summary>Information type 2: the HMAC-MD5 digest of the message, in DHCPFORCERENEW.</summary>
        public const byte TypeHmacMd5Digest = 2;

        /// <summary>Length of the reconfigure key and of the digest.</summary>
        public const int KeyLength = 16;

        /// <summary>Length of the option value for protocol 3: 3 + 8 bytes of header, type byte, 16 bytes.</summary>
        public const int ReconfigureValueLength = 28;

        private const string Field = "option 90";
        private const int HeaderLength = 11;
        private const int InformationIndex = 11;
        private const int HopsIndex = 3;
        private const int GiaddrIndex = 24;

        // Read-only zeros fed to the MAC in place of hops, giaddr and the digest.
        private static readonly byte[] Zeros = new byte[KeyLength];

        private readonly byte[] _information;

        private DhcpAuthentication(byte protocol, byte algorithm, byte rdm, ulong replayDetection, byte[] information, int valueOffset)
        {
            Protocol = protocol;
            Algorithm = algorithm;
            ReplayDetectionMethod = rdm;
            ReplayDetection = replayDetection;
            _information = information;
            ValueOffset = valueOffset;
        }

        /// <summary>Protocol byte; <see cref="ProtocolReconfigureKey"/> is the one the agent understands.</summary>
        public byte Protocol { get; }

        /// <summary>Algorithm byte; <see cref="AlgorithmHmacMd5"/> for protocol 3.</summary>
        public byte Algorithm { get; }

        /// <summary>RDM byte; <see cref="RdmMonotonicCounter"/> for protocol 3.</summary>
        public byte ReplayDetectionMethod { get; }

        /// <summary>The 64-bit replay detection field, read in network order.</summary>
        public ulong ReplayDetection { get; }

        /// <summary>Index in the message buffer of the option value's first byte (the protocol byte).</summary>
        public int ValueOffset { get; }

        /// <summary>Length of the authentication information.</summary>
        public int InformationLength
        {
            get { return _information.Length; }
        }

        /// <summary>First byte of the authentication information (the RFC 6704 type), or 0 when there is none.</summary>
        public byte InformationType
        {
            get { return _information.Length == 0 ? (byte)0 : _information[0]; }
        }

        /// <summary>True for protocol 3, HMAC-MD5, RDM 0 with a 17-byte type + value information field.</summary>
        public bool IsReconfigureKeyProtocol
        {
            get
            {
                return Protocol == ProtocolReconfigureKey && Algorithm == AlgorithmHmacMd5 && ReplayDetectionMethod == RdmMonotonicCounter
                    && _information.Length == 1 + KeyLength;
            }
        }

        /// <summary>A copy of the authentication information (type byte first for protocol 3).</summary>
        public byte[] GetInformation()
        {
            return (byte[])_information.Clone();
        }

        /// <summary>The 16-byte reconfigure key of a protocol 3, type 1 option (server's DHCPACK), or null for anything else.</summary>
        public byte[] GetReconfigureKey()
        {
            if (!IsReconfigureKeyProtocol || InformationType != TypeReconfigureKey)
            {
                return null;
            }

            var key = new byte[KeyLength];
            Array.Copy(_information, 1, key, 0, KeyLength);
            return key;
        }

        /// <summary>Reads option 90 of a message; null when absent.</summary>
        /// <exception cref="DhcpFormatException">The option is shorter than its 11-byte header or occurs more than once
        /// (a 28-byte option has no reason to be split, and the digest must have one place in the buffer).</exception>
        public static DhcpAuthentication Read(DhcpMessage message)
        {
            var found = false;
            var valueOffset = 0;
            var length = 0;
            var scanner = message.GetOptions();
            while (scanner.MoveNext())
            {
                if (scanner.Code != DhcpOptionCode.Authentication)
                {
                    continue;
                }

                if (found)
                {
                    throw new DhcpFormatException(Field, scanner.ValueOffset - 2, "occurs more than once");
                }

                found = true;
                valueOffset = scanner.ValueOffset;
                length = scanner.Length;
            }

            if (!found)
            {
                return null;
            }

            if (length < HeaderLength)
            {
                throw new DhcpFormatException(Field, valueOffset + length, "truncated: length " + length.ToString() + ", the header needs 11");
            }

            var buffer = message.Buffer;
            var information = new byte[length - HeaderLength];
            Array.Copy(buffer, valueOffset + InformationIndex, information, 0, information.Length);
            return new DhcpAuthentication(buffer[valueOffset], buffer[valueOffset + 1], buffer[valueOffset + 2], ReadUInt64(buffer, valueOffset + 3), information, valueOffset);
        }

        /// <summary>Server side: adds option 90 carrying the reconfigure key (type 1) to a DHCPACK.</summary>
        /// <exception cref="ArgumentException">The key is not 16 bytes.</exception>
        public static void AddReconfigureKey(DhcpMessageWriter writer, ulong replayDetection, byte[] key)
        {
            if (key == null || key.Length != KeyLength)
            {
                throw new ArgumentException("the reconfigure key must be 16 bytes");
            }

            writer.AddBytes(DhcpOptionCode.Authentication, BuildValue(replayDetection, TypeReconfigureKey, key));
        }

        /// <summary>
        /// Server side: adds option 90 with a zero HMAC-MD5 digest (type 2) to a DHCPFORCERENEW; write the message,
        /// then fill the digest with <see cref="SignInPlace"/>.
        /// </summary>
        public static void AddDigestPlaceholder(DhcpMessageWriter writer, ulong replayDetection)
        {
            writer.AddBytes(DhcpOptionCode.Authentication, BuildValue(replayDetection, TypeHmacMd5Digest, Zeros));
        }

        /// <summary>
        /// Server side: computes the HMAC-MD5 of the written message under <paramref name="key"/> and writes it into
        /// the digest field of its protocol 3, type 2 option 90. Any later change to the message invalidates it.
        /// </summary>
        /// <exception cref="ArgumentException">The message has no protocol 3, type 2 option 90.</exception>
        /// <exception cref="DhcpFormatException">The message is malformed.</exception>
        public static void SignInPlace(byte[] message, int offset, int count, byte[] key)
        {
            var auth = Read(DhcpMessage.Read(message, offset, count));
            if (auth == null || !auth.IsReconfigureKeyProtocol || auth.InformationType != TypeHmacMd5Digest)
            {
                throw new ArgumentException("the message has no option 90 of protocol 3 with an HMAC-MD5 digest field");
            }

            ComputeDigest(message, offset, count, auth.DigestOffset, key, message, auth.DigestOffset);
        }

        /// <summary>
        /// Computes the HMAC-MD5 of a message with hops, giaddr and the 16 bytes at <paramref name="digestOffset"/>
        /// taken as zero, without modifying the message, and writes the 16-byte digest to <paramref name="output"/>.
        /// </summary>
        /// <param name="message">The buffer holding the message.</param>
        /// <param name="offset">Index of the message's first byte.</param>
        /// <param name="count">Length of the message; every byte is covered.</param>
        /// <param name="digestOffset">Index in <paramref name="message"/> of the digest field.</param>
        /// <param name="key">The reconfigure key.</param>
        /// <param name="output">Receives the digest; may be <paramref name="message"/> itself at digestOffset.</param>
        /// <param name="outputOffset">Where the digest goes in <paramref name="output"/>.</param>
        /// <exception cref="ArgumentOutOfRangeException">The digest field does not lie in the message after the fixed header fields it zeroes.</exception>
        public static void ComputeDigest(byte[] message, int offset, int count, int digestOffset, byte[] key, byte[] output, int outputOffset)
        {
            if (message == null || offset < 0 || count < DhcpMessage.FixedHeaderLength || offset > message.Length - count)
            {
                throw new ArgumentOutOfRangeException("count", "the message must lie in the buffer and hold a fixed header");
            }

            // The digest lives in an option, so it starts past giaddr; sname/file (option 52) are past giaddr too.
            if (digestOffset < offset + GiaddrIndex + 4 || digestOffset > offset + count - KeyLength)
            {
                throw new ArgumentOutOfRangeException("digestOffset");
            }

            var mac = new HmacMd5(key);
            mac.Append(message, offset, HopsIndex);
            mac.Append(Zeros, 0, 1);
            mac.Append(message, offset + HopsIndex + 1, GiaddrIndex - HopsIndex - 1);
            mac.Append(Zeros, 0, 4);
            mac.Append(message, offset + GiaddrIndex + 4, digestOffset - offset - GiaddrIndex - 4);
            mac.Append(Zeros, 0, KeyLength);
            mac.Append(message, digestOffset + KeyLength, offset + count - digestOffset - KeyLength);
            mac.Finish(output, outputOffset);
        }

        /// <summary>
        /// Client side (RFC 6704 §3, RFC 3203 §6): checks that <paramref name="message"/> carries a protocol 3, type 2
        /// option 90 whose replay counter is greater than <paramref name="lastReplayDetection"/> (the counter of the
        /// DHCPACK that delivered the key, then of the last accepted FORCERENEW) and whose digest matches under
        /// <paramref name="key"/>. The replay check comes first, as RFC 3118 §5.3 orders it, so a replay costs no MAC.
        /// </summary>
        /// <param name="message">The received message.</param>
        /// <param name="key">The stored reconfigure key; null means none was received, so nothing can be valid.</param>
        /// <param name="lastReplayDetection">The last replay counter accepted from this server.</param>
        /// <param name="replayDetection">The message's counter (0 when there is none); store it when the result is Valid.</param>
        public static DhcpAuthenticationResult Verify(DhcpMessage message, byte[] key, ulong lastReplayDetection, out ulong replayDetection)
        {
            replayDetection = 0;
            DhcpAuthentication auth;
            try
            {
                auth = Read(message);
            }
            catch (DhcpFormatException)
            {
                return DhcpAuthenticationResult.Malformed;
            }

            if (auth == null)
            {
                return DhcpAuthenticationResult.Missing;
            }

            replayDetection = auth.ReplayDetection;
            if (!auth.IsReconfigureKeyProtocol || auth.InformationType != TypeHmacMd5Digest || key == null || key.Length != KeyLength)
            {
                return DhcpAuthenticationResult.Unsupported;
            }

            if (auth.ReplayDetection <= lastReplayDetection)
            {
                return DhcpAuthenticationResult.Replayed;
            }

            var expected = new byte[KeyLength];
            ComputeDigest(message.Buffer, message.Offset, message.Count, auth.DigestOffset, key, expected, 0);

            // Compare every byte so the time taken does not tell an attacker how many leading bytes were right.
            var difference = 0;
            var buffer = message.Buffer;
            for (var i = 0; i < KeyLength; i++)
            {
                difference |= expected[i] ^ buffer[auth.DigestOffset + i];
            }

            return difference == 0 ? DhcpAuthenticationResult.Valid : DhcpAuthenticationResult.BadDigest;
        }

        /// <summary>Index in the message buffer of the 16 bytes after the type byte.</summary>
        private int DigestOffset
        {
            get { return ValueOffset + InformationIndex + 1; }
        }

        private static byte[] BuildValue(ulong replayDetection, byte type, byte[] data)
        {
            var value = new byte[ReconfigureValueLength];
            value[0] = ProtocolReconfigureKey;
            value[1] = AlgorithmHmacMd5;
            value[2] = RdmMonotonicCounter;
            for (var i = 0; i < 8; i++)
            {
                value[3 + i] = (byte)(replayDetection >> (56 - 8 * i));
            }

            value[InformationIndex] = type;
            Array.Copy(data, 0, value, InformationIndex + 1, KeyLength);
            return value;
        }

        private static ulong ReadUInt64(byte[] buffer, int offset)
        {
            ulong value = 0;
            for (var i = 0; i < 8; i++)
            {
                value = (value << 8) | buffer[offset + i];
            }

            return value;
        }
    }
}
