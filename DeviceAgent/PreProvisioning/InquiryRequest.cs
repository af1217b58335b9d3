using System;
using DeviceAgent.Identity;

namespace DeviceAgent.PreProvisioning
{
    /// <summary>
    /// The inquiry a phone sends to the pre-provisioning server to learn its provisioning contact.
    /// </summary>
    /// <remarks>
    /// <code>
    /// GET {pre-provisioning path}/v1/contact?device={device ID}[&amp;{pre-provisioning query}] HTTP/1.1
    /// Accept: application/vnd.deviceagent.contact
    /// Authorization: DA-HMAC1 device={device ID},ts={unix seconds},sig={64 hex digits}     (only with a device secret)
    /// </code>
    /// The path of the factory URL is kept as a prefix (without a trailing '/'), so one server can host several
    /// fleets under different paths; its query, if any, follows the device parameter. The device ID needs no escaping:
    /// its alphabet (A-Z a-z 0-9 . _ -) is unreserved in URIs (RFC 3986 section 2.3). The answer is read by
    /// <see cref="InquiryResponse.Parse"/>; the Authorization header is made by <see cref="DeviceSignature.Authorization"/>
    /// over exactly the method and the path and query returned here.
    /// </remarks>
    public static class InquiryRequest
    {
        /// <summary>The inquiry's HTTP method.</summary>
        public const string Method = "GET";

        /// <summary>Path of the inquiry below the pre-provisioning URL's path.</summary>
        public const string ContactPath = "/v1/contact";

        /// <summary>Name of the query parameter carrying the device ID.</summary>
        public const string DeviceParameter = "device";

        /// <summary>The path and query to request for <paramref name="deviceId"/>; throws <see cref="IdentityFormatException"/> for a bad ID.</summary>
        public static string PathAndQuery(PreProvisioningContact server, string deviceId)
        {
            if (server == null)
            {
                throw new ArgumentNullException("server");
            }

            IdentityRecord.ValidateDeviceId(deviceId);
            string path = server.Path;
            int question = path.IndexOf('?');
            string query = question < 0 ? "" : path.Substring(question + 1);
            int pathEnd = question < 0 ? path.Length : question;
            while (pathEnd > 0 && path[pathEnd - 1] == '/')
            {
                pathEnd--;
            }

            string result = path.Substring(0, pathEnd) + ContactPath + "?" + DeviceParameter + "=" + deviceId;
            return query.Length == 0 ? result : result + "&" + query;
        }

        /// <summary>The absolute URL to request: the scheme, host and port of <paramref name="server"/> with <see cref="PathAndQuery"/>.</summary>
        public static string Url(PreProvisioningContact server, string deviceId)
        {
            string pathAndQuery = PathAndQuery(server, deviceId);
            string url = server.Url;
            int originEnd = url.IndexOf("://") + 3;
            while (originEnd < url.Length && url[originEnd] != '/' && url[originEnd] != '?')
            {
                originEnd++;
            }

            return url.Substring(0, originEnd) + pathAndQuery;
        }
    }
}
