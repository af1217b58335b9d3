namespace DeviceAgent.Identity
{
    /// <summary>
    /// The one error of the identity codecs and validators: a value (device ID, URL, contact, stored record) is not
    /// acceptable. Names the field and, when decoding bytes or parsing text, the offset where the problem was found.
    /// </summary>
    public sealed class IdentityFormatException : WireFormatException
    {
        /// <summary>A problem with <paramref name="field"/> as a whole.</summary>
        public IdentityFormatException(string field, string reason)
            : this(field, -1, reason)
        {
        }

        /// <summary>A problem with <paramref name="field"/> found at <paramref name="offset"/>.</summary>
        public IdentityFormatException(string field, int offset, string reason)
            : base(null, field, offset, reason)
        {
        }
    }
}
