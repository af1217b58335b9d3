using System;
using DeviceAgent.Crypto;
using DeviceAgent.Identity;

namespace DeviceAgent.PreProvisioning
{
    /// <summary>
    /// Device authentication of the inquiry: an HMAC-SHA-256 (RFC 2104) under the per-device secret written at the
    /// factory, carried as <c>Authorization: DA-HMAC1 device=ID,ts=UNIX,sig=HEX</c> (RFC 7235 section 2.1 syntax).
    /// </summary>
    /// <remarks>
    /// The MAC covers these five ASCII lines, joined by '\n' with no trailing newline:
    /// <code>
    /// DA-HMAC1
    /// GET                                   the method as sent
    /// /v1/contact?device=PHONE-0001         the path and query exactly as sent (InquiryRequest.PathAndQuery)
    /// PHONE-0001                            the device ID
    /// 1735689600                            ts: unix seconds, decimal
    /// </code>
    /// <c>sig</c> is the 32-byte MAC as 64 hex digits. The server accepts it when the device is registered with a
    /// secret, the MAC matches, <c>ts</c> is within <see cref="WindowSeconds"/> of its own clock, and the same
    /// (device, ts, sig) has not been accepted before within that window.
    /// What this protects against: harvesting contacts by enumerating device IDs (without a device's secret every
    /// answer is the same 401, known and unknown IDs alike); spoofed inquiries in another device's name; replay of a
    /// captured inquiry (the window bounds its age, the server remembers what it accepted within the window); a
    /// signature moved to another path or method. What it does not: a secret read out of a phone's flash
    /// authenticates as that phone; it gives no confidentiality (the answer travels in the clear without TLS, so use
    /// https); it does not authenticate the server to the phone (TLS with a pinned root CA does); the phone needs a
    /// wall clock within the window, so it syncs time before it signs.
    /// </remarks>
    public static class DeviceSignature
    {
        /// <summary>The authentication scheme name, also the first line of the signed text.</summary>
        public const string Scheme = "DA-HMAC1";

        /// <summary>Largest accepted difference between <c>ts</c> and the server's clock, either way.</summary>
        public const int WindowSeconds = 300;

        /// <summary>Hex digits of <c>sig</c>.</summary>
        public const int SignatureHexLength = 2 * HmacSha256.HashSize;

        private const long UnixEpochTicks = 621355968000000000L;
        private const int MaxTimestampDigits = 12;

        /// <summary>Seconds since 1970-01-01T00:00:00Z of <paramref name="utc"/> (truncated), as used for <c>ts</c>.</summary>
        public static long ToUnixSeconds(DateTime utc)
        {
            return (utc.Ticks - UnixEpochTicks) / TimeSpan.TicksPerSecond;
        }

        /// <summary>True when <paramref name="timestamp"/> is at most <see cref="WindowSeconds"/> away from <paramref name="nowUnixSeconds"/>.</summary>
        public static bool IsWithinWindow(long timestamp, long nowUnixSeconds)
        {
            long difference = timestamp - nowUnixSeconds;
            return difference >= -WindowSeconds && difference <= WindowSeconds;
        }

        /// <summary>The 32-byte MAC over the signed text (see the class remarks) under <paramref name="secret"/>.</summary>
        public static byte[] Compute(byte[] secret, string method, string pathAndQuery, string deviceId, long timestamp)
        {
            if (secret == null || method == null || pathAndQuery == null || deviceId == null)
            {
                throw new ArgumentNullException(secret == null ? "secret" : method == null ? "method" : pathAndQuery == null ? "pathAndQuery" : "deviceId");
            }

            if (timestamp < 0)
            {
                throw new ArgumentOutOfRangeException("timestamp");
            }

            // The pieces go through a small scratch buffer, so the signed text is never built as one string.
            HmacSha256 mac = new HmacSha256(secret);
            byte[] scratch = new byte[32];
            AppendLine(mac, Scheme, scratch);
            AppendLine(mac, method, scratch);
            AppendLine(mac, pathAndQuery, scratch);
            AppendLine(mac, deviceId, scratch);
            AppendAscii(mac, timestamp.ToString(), scratch);
            byte[] result = new byte[HmacSha256.HashSize];
            mac.Finish(result, 0);
            return result;
        }

        /// <summary>The Authorization header value for an inquiry signed at <paramref name="timestamp"/> (unix seconds).</summary>
        public static string Authorization(byte[] secret, string method, string pathAndQuery, string deviceId, long timestamp)
        {
            byte[] signature = Compute(secret, method, pathAndQuery, deviceId, timestamp);
            return Scheme + " device=" + deviceId + ",ts=" + timestamp.ToString() + ",sig=" + Bytes.ToHex(signature);
        }

        /// <summary>
        /// Parses an Authorization header value: scheme <c>DA-HMAC1</c> (any case), then the parameters <c>device</c>,
        /// <c>ts</c> and <c>sig</c>, each exactly once, in any order, separated by ',' with optional spaces. Throws
        /// <see cref="PreProvisioningFormatException"/> naming the parameter and the character index.
        /// </summary>
        public static DeviceCredentials ParseAuthorization(string header)
        {
            if (header == null || header.Length == 0)
            {
                throw new PreProvisioningFormatException("authorization", -1, "is missing");
            }

            if (header.Length <= Scheme.Length || header.Substring(0, Scheme.Length).ToUpper() != Scheme || header[Scheme.Length] != ' ')
            {
                throw new PreProvisioningFormatException("authorization", 0, "scheme is not " + Scheme);
            }

            string deviceId = null;
            long timestamp = -1;
            byte[] signature = null;
            int pos = Scheme.Length;
            while (true)
            {
                pos = SkipSpaces(header, pos);
                int nameStart = pos;
                int equals = header.IndexOf('=', pos);
                if (equals < 0)
                {
                    throw new PreProvisioningFormatException("authorization", pos, "expected name=value");
                }

                int valueEnd = header.IndexOf(',', equals + 1);
                if (valueEnd < 0)
                {
                    valueEnd = header.Length;
                }

                string name = header.Substring(nameStart, equals - nameStart);
                int valueStart = equals + 1;
                int trimmedEnd = valueEnd;
                while (trimmedEnd > valueStart && header[trimmedEnd - 1] == ' ')
                {
                    trimmedEnd--;
                }

                if (name == "device")
                {
                    CheckNotSeen(deviceId != null, name, nameStart);
                    deviceId = header.Substring(valueStart, trimmedEnd - valueStart);
                    try
                    {
                        IdentityRecord.ValidateDeviceId(deviceId);
                    }
                    catch (IdentityFormatException e)
                    {
                        throw new PreProvisioningFormatException("device", valueStart + (e.Offset < 0 ? 0 : e.Offset), e.Reason);
                    }
                }
                else if (name == "ts")
                {
                    CheckNotSeen(timestamp >= 0, name, nameStart);
                    timestamp = ParseTimestamp(header, valueStart, trimmedEnd);
                }
                else if (name == "sig")
                {
                    CheckNotSeen(signature != null, name, nameStart);
                    signature = ParseHex(header, valueStart, trimmedEnd);
                }
                else
                {
                    throw new PreProvisioningFormatException("authorization", nameStart, "unknown parameter '" + name + "'");
                }

                if (valueEnd == header.Length)
                {
                    break;
                }

                pos = valueEnd + 1;
            }

            if (deviceId == null || timestamp < 0 || signature == null)
            {
                throw new PreProvisioningFormatException(deviceId == null ? "device" : timestamp < 0 ? "ts" : "sig", header.Length, "is missing");
            }

            return new DeviceCredentials(deviceId, timestamp, signature);
        }

        /// <summary>
        /// True when <paramref name="credentials"/> carry the MAC of this request under <paramref name="secret"/>.
        /// Compares in constant time, so the response time does not tell how much of a forged MAC was right.
        /// The caller still checks the window and replays.
        /// </summary>
        public static bool Verify(byte[] secret, string method, string pathAndQuery, DeviceCredentials credentials)
        {
            if (credentials == null)
            {
                throw new ArgumentNullException("credentials");
            }

            byte[] expected = Compute(secret, method, pathAndQuery, credentials.DeviceId, credentials.Timestamp);
            int difference = 0;
            for (int i = 0; i < expected.Length; i++)
            {
                difference |= expected[i] ^ credentials.Signature[i];
            }

            return difference == 0;
        }

        private static void AppendLine(Hmac mac, string text, byte[] scratch)
        {
            AppendAscii(mac, text, scratch);
            scratch[0] = (byte)'\n';
            mac.Append(scratch, 0, 1);
        }

        private static void AppendAscii(Hmac mac, string text, byte[] scratch)
        {
            int done = 0;
            while (done < text.Length)
            {
                int n = text.Length - done;
                if (n > scratch.Length)
                {
                    n = scratch.Length;
                }

                for (int i = 0; i < n; i++)
                {
                    char c = text[done + i];
                    if (c > '~' || c < ' ')
                    {
                        throw new ArgumentException("signed text must be printable ASCII");
                    }

                    scratch[i] = (byte)c;
                }

                mac.Append(scratch, 0, n);
                done += n;
            }
        }

        private static void CheckNotSeen(bool seen, string name, int offset)
        {
            if (seen)
            {
                throw new PreProvisioningFormatException(name, offset, "appears twice");
            }
        }

        private static int SkipSpaces(string text, int pos)
        {
            while (pos < text.Length && text[pos] == ' ')
            {
                pos++;
            }

            return pos;
        }

        private static long ParseTimestamp(string text, int start, int end)
        {
            if (start == end)
            {
                throw new PreProvisioningFormatException("ts", start, "is empty");
            }

            if (end - start > MaxTimestampDigits)
            {
                throw new PreProvisioningFormatException("ts", start, "has more than 12 digits");
            }

            long value = 0;
            for (int i = start; i < end; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9')
                {
                    throw new PreProvisioningFormatException("ts", i, "contains '" + c.ToString() + "'");
                }

                value = (value * 10) + (c - '0');
            }

            return value;
        }

        private static byte[] ParseHex(string text, int start, int end)
        {
            if (end - start != SignatureHexLength)
            {
                throw new PreProvisioningFormatException("sig", start, "must be 64 hex digits, not " + (end - start).ToString());
            }

            byte[] bytes = new byte[HmacSha256.HashSize];
            for (int i = 0; i < SignatureHexLength; i++)
            {
                int digit = Bytes.HexValue(text[start + i]);
                if (digit < 0)
                {
                    throw new PreProvisioningFormatException("sig", start + i, "contains '" + text[start + i].ToString() + "'");
                }

                bytes[i / 2] = (byte)((bytes[i / 2] << 4) | digit);
            }

            return bytes;
        }
    }
}
