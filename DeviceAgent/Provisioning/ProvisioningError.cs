namespace DeviceAgent.Provisioning
{
    /// <summary>Why a provisioning server did not answer with a configuration.</summary>
    public class ProvisioningError
    {
        /// <summary>The server does not know this device.</summary>
        public const string UnknownDevice = "unknown-device";

        /// <summary>The device is known but the identity (serial, MAC, customer) does not match the record.</summary>
        public const string IdentityMismatch = "identity-mismatch";

        /// <summary>The request was not a valid provision-request.</summary>
        public const string BadRequest = "bad-request";

        /// <summary>The server is overloaded; retry after <see cref="RetryAfterSeconds"/>.</summary>
        public const string ServerBusy = "server-busy";

        /// <summary>The server failed internally.</summary>
        public const string ServerError = "server-error";

        /// <summary>Reason code: one of the constants above or a future code (lower-case letters, digits, '-').</summary>
        public string Code { get; set; }

        /// <summary>Human-readable explanation; empty when the server gave none.</summary>
        public string Text { get; set; } = "";

        /// <summary>Seconds to wait before retrying, or -1 when the server gave no hint.</summary>
        public int RetryAfterSeconds { get; set; } = -1;
    }
}
