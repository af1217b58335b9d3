namespace DeviceAgent.Provisioning
{
    /// <summary>
    /// A provisioning server's answer (the <c>provision-response</c> document): exactly one of a configuration, a
    /// redirect list or an error, as told by <see cref="Kind"/>; the other two members are null.
    /// </summary>
    public class ProvisionResponse
    {
        /// <summary>Which alternative the response carries.</summary>
        public ProvisionResponseKind Kind { get; set; }

        /// <summary>The configuration when <see cref="Kind"/> is Configuration.</summary>
        public TelephonyConfiguration Configuration { get; set; }

        /// <summary>Provisioning server URLs (http or https) to try in order when <see cref="Kind"/> is Redirect.</summary>
        public string[] Redirects { get; set; }

        /// <summary>The error when <see cref="Kind"/> is Error.</summary>
        public ProvisioningError Error { get; set; }

        /// <summary>A response carrying a configuration.</summary>
        /// <param name="configuration">The configuration.</param>
        /// <returns>The response.</returns>
        public static ProvisionResponse ForConfiguration(TelephonyConfiguration configuration)
        {
            return new ProvisionResponse { Kind = ProvisionResponseKind.Configuration, Configuration = configuration };
        }

        /// <summary>A response redirecting the phone to further provisioning servers.</summary>
        /// <param name="urls">Server URLs, tried in order.</param>
        /// <returns>The response.</returns>
        public static ProvisionResponse ForRedirect(string[] urls)
        {
            return new ProvisionResponse { Kind = ProvisionResponseKind.Redirect, Redirects = urls };
        }

        /// <summary>A response carrying an error.</summary>
        /// <param name="error">The error.</param>
        /// <returns>The response.</returns>
        public static ProvisionResponse ForError(ProvisioningError error)
        {
            return new ProvisionResponse { Kind = ProvisionResponseKind.Error, Error = error };
        }
    }
}
