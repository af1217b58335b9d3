using System;

namespace DeviceAgent.Dhcp
{
    /// <summary>
    /// What a DHCPACK gave the phone: address and network parameters, lease times, the VoIP options and the
    /// reconfigure key for FORCERENEW. It keeps a copy of the DHCPACK it was built from, which is what
    /// <see cref="Encode"/> stores: decoding re-reads that message, so a stored lease is checked exactly as a received
    /// one and new fields never need a new storage format.
    /// </summary>
    public sealed class DhcpLease
    {
        /// <summary>Lease time meaning "never expires" (RFC 2132 §9.2).</summary>
        public const uint Infinite = 0xFFFFFFFF;

        private const byte FormatVersion = 1;
        private const int EncodedHeaderLength = 2 + 1 + 8 + 4 + 8 + 2;

        private readonly byte[] _message;

        private DhcpLease(byte[] message)
        {
            _message = message;
        }

        /// <summary>yiaddr: the leased address; for a DHCPINFORM answer, the client's own (ciaddr).</summary>
        public uint Address { get; private set; }

        /// <summary>Option 1, or 0 when absent.</summary>
        public uint SubnetMask { get; private set; }

        /// <summary>Option 3, in order of preference; empty when absent.</summary>
        public uint[] Routers { get; private set; }

        /// <summary>Option 6; empty when absent.</summary>
        public uint[] DnsServers { get; private set; }

        /// <summary>Option 15, or null.</summary>
        public string DomainName { get; private set; }

        /// <summary>Option 42; empty when absent.</summary>
        public uint[] NtpServers { get; private set; }

        /// <summary>Option 54: the server that granted the lease, to which renewals are unicast.</summary>
        public uint ServerIdentifier { get; private set; }

        /// <summary>Option 51 in seconds; <see cref="Infinite"/> never expires; 0 for a DHCPINFORM answer.</summary>
        public uint LeaseSeconds { get; private set; }

        /// <summary>T1 in seconds: option 58 when sane, else half the lease (RFC 2131 §4.4.5).</summary>
        public uint RenewalSeconds { get; private set; }

        /// <summary>T2 in seconds: option 59 when sane, else 0.875 of the lease (RFC 2131 §4.4.5).</summary>
        public uint RebindingSeconds { get; private set; }

        /// <summary>Monotonic milliseconds at which the request that was acknowledged was sent (RFC 2131 §4.4.1 counts from there).</summary>
        public long ObtainedAt { get; private set; }

        /// <summary>True when this answers a DHCPINFORM: parameters only, no address or lease to manage.</summary>
        public bool IsInform { get; private set; }

        /// <summary>The enterprise number the VoIP sub-options were looked up under.</summary>
        public uint EnterpriseNumber { get; private set; }

        /// <summary>SIP servers, option 125 sub-options, TFTP/config server, boot file, NTP, option 43.</summary>
        public DhcpVoipOptions VoipOptions { get; private set; }

        /// <summary>
        /// The RFC 6704 reconfigure key from option 90 of the DHCPACK, or null when the server sent none; a renewal
        /// ACK without option 90 keeps the key of the lease it renews.
        /// </summary>
        public byte[] ReconfigureKey { get; internal set; }

        /// <summary>
        /// The last replay counter accepted from the server: that of the option 90 carrying the key, then of each
        /// accepted FORCERENEW, so a FORCERENEW is only accepted with a greater one.
        /// </summary>
        public ulong ReplayDetection { get; internal set; }

        /// <summary>True when <see cref="LeaseSeconds"/> is <see cref="Infinite"/>.</summary>
        public bool IsInfinite
        {
            get { return LeaseSeconds == Infinite; }
        }

        /// <summary>Monotonic time of T1 (long.MaxValue for an infinite lease or an INFORM answer).</summary>
        public long RenewAt
        {
            get { return At(RenewalSeconds); }
        }

        /// <summary>Monotonic time of T2 (long.MaxValue for an infinite lease or an INFORM answer).</summary>
        public long RebindAt
        {
            get { return At(RebindingSeconds); }
        }

        /// <summary>Monotonic time the lease expires (long.MaxValue for an infinite lease or an INFORM answer).</summary>
        public long ExpiresAt
        {
            get { return At(LeaseSeconds); }
        }

        /// <summary>
        /// Builds a lease from a DHCPACK. The message is copied, so the receive buffer may be reused afterwards.
        /// </summary>
        /// <param name="ack">The DHCPACK.</param>
        /// <param name="obtainedAt">Monotonic milliseconds when the acknowledged request was sent.</param>
        /// <param name="enterpriseNumber">Enterprise number of the option 125 sub-options to read.</param>
        /// <exception cref="DhcpFormatException">An option is malformed, or option 51 or 54 is missing from an ACK
        /// that assigns an address (RFC 2131 §4.3.1 table 3 makes both MUST).</exception>
        public static DhcpLease FromMessage(DhcpMessage ack, long obtainedAt, uint enterpriseNumber)
        {
            var copy = new byte[ack.Count];
            Array.Copy(ack.Buffer, ack.Offset, copy, 0, ack.Count);
            return Build(DhcpMessage.Read(copy, 0, copy.Length), obtainedAt, enterpriseNumber, 0);
        }

        /// <summary>
        /// Serializes the lease for flash: format version, replay counter, enterprise number, obtained-at and the
        /// DHCPACK bytes. About 30 bytes plus the message.
        /// </summary>
        public byte[] Encode()
        {
            var data = new byte[EncodedHeaderLength + _message.Length];
            data[0] = (byte)'D';
            data[1] = (byte)'L';
            data[2] = FormatVersion;
            WriteUInt64(ReplayDetection, data, 3);
            DhcpAddress.Write(EnterpriseNumber, data, 11);
            WriteUInt64((ulong)ObtainedAt, data, 15);
            data[23] = (byte)(_message.Length >> 8);
            data[24] = (byte)_message.Length;
            Array.Copy(_message, 0, data, EncodedHeaderLength, _message.Length);
            return data;
        }

        /// <summary>Reads what <see cref="Encode"/> wrote.</summary>
        /// <exception cref="DhcpFormatException">The data is not an encoded lease, is truncated, or its message is malformed.</exception>
        public static DhcpLease Decode(byte[] data, int offset, int count)
        {
            if (data == null || offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException("count", "offset and count must lie within the buffer");
            }

            if (count < EncodedHeaderLength || data[offset] != 'D' || data[offset + 1] != 'L' || data[offset + 2] != FormatVersion)
            {
                throw new DhcpFormatException("stored lease", offset, "not a version 1 lease record");
            }

            var length = (data[offset + 23] << 8) | data[offset + 24];
            if (length != count - EncodedHeaderLength)
            {
                throw new DhcpFormatException("stored lease", offset + 23, "message length " + length.ToString() + " does not match the record");
            }

            var message = new byte[length];
            Array.Copy(data, offset + EncodedHeaderLength, message, 0, length);
            var lease = Build(DhcpMessage.Read(message, 0, length), (long)ReadUInt64(data, offset + 15), DhcpAddress.Read(data, offset + 11), ReadUInt64(data, offset + 3));
            return lease;
        }

        /// <summary>
        /// True when every option that points the phone at its provisioning or SIP servers is the same in both:
        /// 120, 125 (all enterprise blocks), 66, 67, 150 and 43. A change means the agent must re-provision.
        /// </summary>
        public bool ProvisioningEquals(DhcpLease other)
        {
            if (other == null)
            {
                return false;
            }

            var a = VoipOptions;
            var b = other.VoipOptions;
            return TextsEqual(a.SipServerNames, b.SipServerNames)
                && AddressesEqual(a.SipServerAddresses, b.SipServerAddresses)
                && BlocksEqual(a.VendorBlocks, b.VendorBlocks)
                && a.ConfigServerName == b.ConfigServerName
                && a.BootFile == b.BootFile
                && AddressesEqual(a.ConfigServerAddresses, b.ConfigServerAddresses)
                && Bytes.Equal(a.VendorSpecific, b.VendorSpecific);
        }

        /// <summary>A copy of the DHCPACK the lease was built from.</summary>
        public byte[] GetMessage()
        {
            return (byte[])_message.Clone();
        }

        private static DhcpLease Build(DhcpMessage ack, long obtainedAt, uint enterpriseNumber, ulong storedReplay)
        {
            var lease = new DhcpLease(ack.Buffer);
            lease.ObtainedAt = obtainedAt;
            lease.EnterpriseNumber = enterpriseNumber;
            lease.Address = ack.YourAddress;
            if (lease.Address == DhcpAddress.None)
            {
                // RFC 2131 §4.3.5: the answer to DHCPINFORM has yiaddr zero and no lease time.
                lease.IsInform = true;
                lease.Address = ack.ClientAddress;
            }

            ack.TryGetAddress(DhcpOptionCode.SubnetMask, out var mask);
            lease.SubnetMask = mask;
            lease.Routers = AddressesOrEmpty(ack, DhcpOptionCode.Router);
            lease.DnsServers = AddressesOrEmpty(ack, DhcpOptionCode.DomainNameServer);
            lease.NtpServers = AddressesOrEmpty(ack, DhcpOptionCode.NtpServers);
            lease.DomainName = ack.GetText(DhcpOptionCode.DomainName);
            if (!ack.TryGetAddress(DhcpOptionCode.ServerIdentifier, out var server) && !lease.IsInform)
            {
                throw new DhcpFormatException("option 54", ack.Offset + DhcpMessage.OptionsOffset, "missing from an ACK that assigns an address");
            }

            lease.ServerIdentifier = server;
            if (!lease.IsInform)
            {
                if (!ack.TryGetUInt32(DhcpOptionCode.LeaseTime, out var seconds))
                {
                    throw new DhcpFormatException("option 51", ack.Offset + DhcpMessage.OptionsOffset, "missing from an ACK that assigns an address");
                }

                lease.LeaseSeconds = seconds;
                ack.TryGetUInt32(DhcpOptionCode.RenewalTime, out var t1);
                ack.TryGetUInt32(DhcpOptionCode.RebindingTime, out var t2);
                lease.SetTimes(t1, t2);
            }

            lease.VoipOptions = DhcpVoipOptions.FromMessage(ack, enterpriseNumber);
            var auth = DhcpAuthentication.Read(ack);
            if (auth != null)
            {
                lease.ReconfigureKey = auth.GetReconfigureKey();
                lease.ReplayDetection = auth.ReplayDetection;
            }

            if (storedReplay > lease.ReplayDetection)
            {
                lease.ReplayDetection = storedReplay;
            }

            return lease;
        }

        /// <summary>
        /// T1 and T2 from options 58/59 when they satisfy 0 &lt; T1 &lt; T2 &lt; lease; otherwise the defaults of
        /// RFC 2131 §4.4.5 (0.5 and 0.875 of the lease), T1 falling back to half of T2 if only T2 is sane and short.
        /// </summary>
        private void SetTimes(uint t1, uint t2)
        {
            if (IsInfinite)
            {
                RenewalSeconds = Infinite;
                RebindingSeconds = Infinite;
                return;
            }

            var lease = LeaseSeconds;
            if (t2 == 0 || t2 >= lease)
            {
                t2 = (uint)((ulong)lease * 7 / 8);
            }

            if (t1 == 0 || t1 >= t2)
            {
                t1 = lease / 2;
                if (t1 >= t2)
                {
                    t1 = t2 / 2;
                }
            }

            RenewalSeconds = t1;
            RebindingSeconds = t2;
        }

        private long At(uint seconds)
        {
            return IsInform || seconds == Infinite ? long.MaxValue : ObtainedAt + (long)seconds * 1000;
        }

        private static uint[] AddressesOrEmpty(DhcpMessage message, byte code)
        {
            var addresses = message.GetAddresses(code);
            return addresses == null ? new uint[0] : addresses;
        }

        private static bool TextsEqual(string[] a, string[] b)
        {
            if (a == null || b == null)
            {
                return a == b;
            }

            if (a.Length != b.Length)
            {
                return false;
            }

            for (var i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static bool AddressesEqual(uint[] a, uint[] b)
        {
            if (a == null || b == null)
            {
                return a == b;
            }

            if (a.Length != b.Length)
            {
                return false;
            }

            for (var i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static bool BlocksEqual(DhcpVendorBlock[] a, DhcpVendorBlock[] b)
        {
            if (a == null || b == null)
            {
                return a == b;
            }

            if (a.Length != b.Length)
            {
                return false;
            }

            for (var i = 0; i < a.Length; i++)
            {
                if (a[i].EnterpriseNumber != b[i].EnterpriseNumber || !Bytes.Equal(a[i].Data, b[i].Data))
                {
                    return false;
                }
            }

            return true;
        }

        private static void WriteUInt64(ulong value, byte[] buffer, int offset)
        {
            for (var i = 0; i < 8; i++)
            {
                buffer[offset + i] = (byte)(value >> (56 - 8 * i));
            }
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
