namespace DeviceAgent.Provisioning
{
    /// <summary>
    /// Reads a <c>provision-response</c> as it arrives: feed the body in chunks of any size, then call
    /// <see cref="Finish"/>. Buffers are allocated once per reader, so a phone keeps one and calls <see cref="Reset"/>
    /// between documents. The schema and limits are described on <see cref="ProvisioningXml"/>.
    /// </summary>
    public sealed class ProvisionResponseReader
    {
        private readonly ProvisioningDocumentReader _reader = new ProvisioningDocumentReader(ProvisioningSchema.Response);

        /// <summary>Starts a new document; needed after <see cref="Finish"/> or after an exception.</summary>
        public void Reset()
        {
            _reader.Reset();
        }

        /// <summary>Processes the next chunk of the document.</summary>
        /// <param name="buffer">Bytes received.</param>
        /// <param name="offset">Start of the chunk in <paramref name="buffer"/>.</param>
        /// <param name="count">Length of the chunk.</param>
        /// <exception cref="ProvisioningFormatException">The document is already known to be unacceptable.</exception>
        public void Feed(byte[] buffer, int offset, int count)
        {
            _reader.Feed(buffer, offset, count);
        }

        /// <summary>Ends the document and returns its content.</summary>
        /// <returns>The response, with exactly one of configuration, redirects and error set.</returns>
        /// <exception cref="ProvisioningFormatException">The document is incomplete, lacks a required element or has an invalid value.</exception>
        public ProvisionResponse Finish()
        {
            _reader.Finish();
            string[] values = _reader.Values;
            int alternatives = (_reader.Has(ProvisioningSchema.Config) ? 1 : 0) + (_reader.Has(ProvisioningSchema.Redirect) ? 1 : 0)
                + (_reader.Has(ProvisioningSchema.Error) ? 1 : 0);
            if (alternatives != 1)
            {
                throw new ProvisioningFormatException(
                    alternatives == 0 ? "one of config, redirect or error expected" : "more than one of config, redirect and error",
                    "provision-response",
                    _reader.EndOffset(ProvisioningSchema.ResponseRoot));
            }

            if (_reader.Has(ProvisioningSchema.Config))
            {
                return ProvisionResponse.ForConfiguration(new TelephonyConfiguration
                {
                    Domain = values[ProvisioningSchema.Domain],
                    CallAgentHost = values[ProvisioningSchema.CallAgentHost],
                    CallAgentPort = ProvisioningValues.ParseNumber(values[ProvisioningSchema.CallAgentPort]),
                    DeviceName = values[ProvisioningSchema.DeviceName],
                    FirmwareServer = values[ProvisioningSchema.FirmwareServer],
                    FirmwareFile = values[ProvisioningSchema.FirmwareFile],
                    FirmwareVersion = values[ProvisioningSchema.FirmwareVersion],
                    FirmwareSha256 = ProvisioningValues.ParseSha256(values[ProvisioningSchema.FirmwareSha256]),
                    PollIntervalSeconds = ProvisioningValues.ParseNumber(values[ProvisioningSchema.PollInterval]),
                });
            }

            if (_reader.Has(ProvisioningSchema.Redirect))
            {
                var urls = new string[_reader.RepeatedCount];
                for (int i = 0; i < urls.Length; i++)
                {
                    urls[i] = _reader.Repeated[i];
                }

                return ProvisionResponse.ForRedirect(urls);
            }

            string retryAfter = values[ProvisioningSchema.ErrorRetryAfter];
            return ProvisionResponse.ForError(new ProvisioningError
            {
                Code = values[ProvisioningSchema.ErrorCode],
                Text = values[ProvisioningSchema.Error],
                RetryAfterSeconds = retryAfter == null ? -1 : ProvisioningValues.ParseNumber(retryAfter),
            });
        }
    }
}
