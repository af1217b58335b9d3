using System.Collections;
using DeviceAgent.Dhcp;
using DeviceAgent.Identity;

namespace DeviceAgent.Agent
{
    /// <summary>
    /// How each source of the discovery chain names the provisioning entry point, mapped to the URL the
    /// provision-request is POSTed to. Rules and reasons are in docs/discovery-chain.md.
    /// </summary>
    /// <remarks>
    /// <code>
    /// option 125 sub-option 210  host[:port]          https://host[:port]{path}
    ///                            http(s) URL          as given; {path} added when it has none
    /// option 66 (or sname)       host[:port]          http://host[:port]{path}
    ///                            http(s) URL          as given; {path} added when it has none
    ///                            other scheme (tftp)  ignored: the chain speaks only HTTP
    /// option 150                 each address a.b.c.d http://a.b.c.d{path}
    /// option 120 + 125/204       no entry point: they say where to register, not how to get a configuration
    /// cached contact host[:port] https://host[:port]{path}
    /// </code>
    /// Sub-option 210 is our own enterprise's management server, so it is trusted to serve HTTPS under its name; 66
    /// and 150 are the generic boot/config servers of the LAN, typically addressed by IP, for which no certificate
    /// can be checked, so plain HTTP is assumed unless the lease says https. Values that do not parse are left out.
    /// </remarks>
    public static class ProvisioningEntryPoints
    {
        /// <summary>
        /// The entry points the lease names, most specific first (210, then 66, then 150 in order), without
        /// duplicates; empty when there are none. <paramref name="notes"/> says what was used, ignored and why.
        /// </summary>
        public static string[] FromDhcp(DhcpVoipOptions options, string path, out string notes)
        {
            ArrayList urls = new ArrayList();
            notes = "";
            if (options == null)
            {
                notes = "no lease options";
                return new string[0];
            }

            if (options.ManagementServer != null)
            {
                notes = Add(urls, FromServer(options.ManagementServer, true, path), "125/210 " + options.ManagementServer, notes);
            }

            if (options.ConfigServerName != null)
            {
                notes = Add(urls, FromServer(options.ConfigServerName, false, path), "66 " + options.ConfigServerName, notes);
            }

            uint[] addresses = options.ConfigServerAddresses;
            if (addresses != null)
            {
                for (int i = 0; i < addresses.Length; i++)
                {
                    string address = DhcpAddress.Format(addresses[i]);
                    notes = Add(urls, "http://" + address + path, "150 " + address, notes);
                }
            }

            if (options.SipDomain != null || options.SipServerNames != null || options.SipServerAddresses != null)
            {
                notes = Append(notes, "SIP servers/domain present (120, 125/204): not a provisioning entry point");
            }

            if (notes.Length == 0)
            {
                notes = "none of 125/210, 66, 150 in the lease";
            }

            string[] result = new string[urls.Count];
            urls.CopyTo(result);
            return result;
        }

        /// <summary>The entry point of a cached or newly learned provisioning contact: always HTTPS.</summary>
        public static string FromContact(ProvisioningContact contact, string path)
        {
            return "https://" + contact.ToString() + path;
        }

        /// <summary>
        /// The entry point for a server named by host[:port] or by an http(s) URL, or null when the value is
        /// neither; <paramref name="https"/> is the scheme assumed for a bare host.
        /// </summary>
        public static string FromServer(string value, bool https, string path)
        {
            try
            {
                if (value.IndexOf("://") >= 0)
                {
                    // The pre-provisioning URL grammar is exactly "http(s) URL without user info or fragment".
                    PreProvisioningContact url = PreProvisioningContact.Parse(value);
                    if (url.Path != "/")
                    {
                        return url.Url;
                    }

                    return (url.Url.EndsWith("/") ? url.Url.Substring(0, url.Url.Length - 1) : url.Url) + path;
                }

                return (https ? "https://" : "http://") + ProvisioningContact.Parse(value).ToString() + path;
            }
            catch (IdentityFormatException)
            {
                return null;
            }
        }

        /// <summary>True when <paramref name="url"/> uses https, which needs a valid wall clock for the certificate check.</summary>
        public static bool IsHttps(string url)
        {
            return url.Length > 8 && url.Substring(0, 8).ToLower() == "https://";
        }

        private static string Add(ArrayList urls, string url, string source, string notes)
        {
            if (url == null)
            {
                return Append(notes, source + " ignored: not host[:port] or an http(s) URL");
            }

            if (urls.Contains(url))
            {
                return Append(notes, source + " duplicate");
            }

            urls.Add(url);
            return Append(notes, source + " -> " + url);
        }

        private static string Append(string notes, string note)
        {
            return notes.Length == 0 ? note : notes + "; " + note;
        }
    }
}
