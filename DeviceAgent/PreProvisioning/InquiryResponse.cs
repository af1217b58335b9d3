using System;
using DeviceAgent.Identity;

namespace DeviceAgent.PreProvisioning
{
    /// <summary>
    /// The pre-provisioning server's answer to an inquiry: encoded by the server, parsed by the phone, one codec.
    /// </summary>
    /// <remarks>
    /// Status 200, content type <c>application/vnd.deviceagent.contact</c>, body big-endian:
    /// <code>
    /// byte 0       version, 1
    /// bytes 1-4    valid-for: seconds the phone may cache the contact (0 = use it now, do not cache)
    /// bytes 5..    the provisioning contact, in the binary form of ProvisioningContact (7 bytes for IPv4, 4 + n for a name)
    /// </code>
    /// At most <see cref="MaxLength"/> (262) bytes. Binary rather than text because the phone already decodes exactly
    /// these contact bytes from its flash record, so the answer needs no text parser, no number parsing and no
    /// allocation beyond the host name; it fits a fixed buffer, and a captive portal's HTML page fails cleanly on the
    /// version byte. Trailing bytes are an error, so a version 1 reader never silently ignores a field it does not know;
    /// a server adds fields only under a new version.
    /// Status 404: unknown device, body a fixed text that is the same for every unknown ID. Status 401: device
    /// authentication required and the Authorization header missing or not accepted (see <see cref="DeviceSignature"/>).
    /// Bodies of statuses other than 200 are not interpreted.
    /// </remarks>
    public static class InquiryResponse
    {
        /// <summary>Media type of the 200 body.</summary>
        public const string ContentType = "application/vnd.deviceagent.contact";

        /// <summary>The version byte this codec writes and reads.</summary>
        public const byte Version = 1;

        /// <summary>Bytes before the contact: version and valid-for.</summary>
        public const int HeaderLength = 5;

        /// <summary>Largest 200 body; a phone can read the answer into a buffer of this size.</summary>
        public const int MaxLength = HeaderLength + ProvisioningContact.MaxEncodedLength;

        /// <summary>Length of <see cref="Encode"/>'s output for <paramref name="contact"/>.</summary>
        public static int EncodedLength(ProvisioningContact contact)
        {
            if (contact == null)
            {
                throw new ArgumentNullException("contact");
            }

            return HeaderLength + contact.EncodedLength;
        }

        /// <summary>
        /// Writes a 200 body to <paramref name="buffer"/> at <paramref name="offset"/> and returns its length; throws
        /// <see cref="ArgumentOutOfRangeException"/> when it does not fit.
        /// </summary>
        public static int Encode(ProvisioningContact contact, uint validForSeconds, byte[] buffer, int offset)
        {
            int length = EncodedLength(contact);
            if (buffer == null || offset < 0 || length > buffer.Length - offset)
            {
                throw new ArgumentOutOfRangeException("buffer");
            }

            buffer[offset] = Version;
            BigEndian.WriteUInt32(buffer, offset + 1, validForSeconds);
            contact.Encode(buffer, offset + HeaderLength);
            return length;
        }

        /// <summary>
        /// Interprets a response: <paramref name="statusCode"/> and, for 200, the <paramref name="count"/> body bytes of
        /// <paramref name="body"/> from <paramref name="offset"/>. Throws <see cref="PreProvisioningFormatException"/> for a
        /// malformed 200 body, naming the field and the offset in <paramref name="body"/>.
        /// </summary>
        public static InquiryAnswer Parse(int statusCode, byte[] body, int offset, int count)
        {
            if (statusCode == 404)
            {
                return new InquiryAnswer(InquiryOutcome.UnknownDevice, statusCode, null, 0);
            }

            if (statusCode == 401)
            {
                return new InquiryAnswer(InquiryOutcome.AuthenticationFailed, statusCode, null, 0);
            }

            if (statusCode != 200)
            {
                return new InquiryAnswer(InquiryOutcome.Unexpected, statusCode, null, 0);
            }

            if (body == null || offset < 0 || count < 0 || count > body.Length - offset)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            if (count == 0)
            {
                throw new PreProvisioningFormatException("version", offset, "body is empty");
            }

            if (body[offset] != Version)
            {
                throw new PreProvisioningFormatException("version", offset, "unsupported version " + body[offset].ToString() + " (expected 1)");
            }

            if (count < HeaderLength)
            {
                throw new PreProvisioningFormatException("validFor", offset + count, "truncated: " + count.ToString() + " bytes");
            }

            uint validFor = BigEndian.ReadUInt32(body, offset + 1);
            ProvisioningContact contact;
            try
            {
                contact = ProvisioningContact.Decode(body, offset + HeaderLength, count - HeaderLength);
            }
            catch (IdentityFormatException e)
            {
                throw new PreProvisioningFormatException("contact", e.Offset, e.Reason);
            }

            return new InquiryAnswer(InquiryOutcome.Contact, statusCode, contact, validFor);
        }
    }
}
