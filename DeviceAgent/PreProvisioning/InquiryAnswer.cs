using DeviceAgent.Identity;

namespace DeviceAgent.PreProvisioning
{
    /// <summary>The parsed answer to an inquiry; see <see cref="InquiryResponse.Parse"/>.</summary>
    public sealed class InquiryAnswer
    {
        internal InquiryAnswer(InquiryOutcome outcome, int statusCode, ProvisioningContact contact, uint validForSeconds)
        {
            Outcome = outcome;
            StatusCode = statusCode;
            Contact = contact;
            ValidForSeconds = validForSeconds;
        }

        /// <summary>What the answer means.</summary>
        public InquiryOutcome Outcome { get; }

        /// <summary>The HTTP status code as received.</summary>
        public int StatusCode { get; }

        /// <summary>The provisioning contact when <see cref="Outcome"/> is Contact, else null.</summary>
        public ProvisioningContact Contact { get; }

        /// <summary>Seconds the contact may be cached from the time it was received; 0 means use it now, do not cache it.</summary>
        public uint ValidForSeconds { get; }
    }
}
