using DeviceAgent.Identity;

namespace DeviceAgent.Agent
{
    /// <summary>
    /// The chain's seam to the pre-provisioning inquiry codec: how to ask for the provisioning contact and how to read
    /// the answer. Placeholder wire form (query <c>device-id=ID</c>; answer lines <c>contact host[:port]</c> and
    /// <c>valid-for seconds</c>) until the inquiry codec of DeviceAgent/PreProvisioning takes its place.
    /// </summary>
    internal static class InquiryExchange
    {
        internal static readonly string[] Headers = new string[] { "Accept", "text/plain" };

        internal static string Url(IdentityRecord record)
        {
            string url = record.PreProvisioning.Url;
            return url + (url.IndexOf('?') >= 0 ? "&" : "?") + "device-id=" + record.DeviceId;
        }

        /// <summary>Reads an answer; false with <paramref name="reason"/> when it is not acceptable.</summary>
        internal static bool TryRead(byte[] buffer, int count, out ProvisioningContact contact, out uint validForSeconds, out string reason)
        {
            contact = null;
            validForSeconds = 0;
            bool haveValidity = false;
            int pos = 0;
            while (pos < count)
            {
                int end = pos;
                while (end < count && buffer[end] != '\n')
                {
                    end++;
                }

                string line = Ascii(buffer, pos, end);
                pos = end + 1;
                if (line == null)
                {
                    reason = "non-ASCII byte in line";
                    return false;
                }

                if (line.StartsWith("contact "))
                {
                    try
                    {
                        contact = ProvisioningContact.Parse(line.Substring(8));
                    }
                    catch (IdentityFormatException e)
                    {
                        reason = e.Message;
                        return false;
                    }
                }
                else if (line.StartsWith("valid-for "))
                {
                    haveValidity = TryParseSeconds(line.Substring(10), out validForSeconds);
                    if (!haveValidity)
                    {
                        reason = "valid-for is not a number of seconds";
                        return false;
                    }
                }
            }

            reason = contact == null ? "no contact" : haveValidity ? null : "no valid-for";
            return reason == null;
        }

        private static string Ascii(byte[] buffer, int start, int end)
        {
            if (end > start && buffer[end - 1] == '\r')
            {
                end--;
            }

            char[] chars = new char[end - start];
            for (int i = start; i < end; i++)
            {
                if (buffer[i] < 0x20 || buffer[i] > 0x7E)
                {
                    return null;
                }

                chars[i - start] = (char)buffer[i];
            }

            return new string(chars);
        }

        private static bool TryParseSeconds(string text, out uint seconds)
        {
            seconds = 0;
            if (text.Length == 0 || text.Length > 9)
            {
                return false;
            }

            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] < '0' || text[i] > '9')
                {
                    return false;
                }

                seconds = seconds * 10 + (uint)(text[i] - '0');
            }

            return true;
        }
    }
}
