namespace DeviceAgent.Provisioning
{
    /// <summary>
    /// Reads a <c>provision-request</c> fed in chunks of any size; the server's side of <see cref="ProvisionResponseReader"/>.
    /// The schema and limits are described on <see cref="ProvisioningXml"/>.
    /// </summary>
    public sealed class ProvisionRequestReader
    {
        private readonly ProvisioningDocumentReader _reader = new ProvisioningDocumentReader(ProvisioningSchema.Request);

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
        /// <returns>The request; the MAC address in lower case.</returns>
        /// <exception cref="ProvisioningFormatException">The document is incomplete, lacks a required element or has an invalid value.</exception>
        public ProvisionRequest Finish()
        {
            _reader.Finish();
            string[] values = _reader.Values;
            return new ProvisionRequest
            {
                Product = values[ProvisioningSchema.RequestProduct],
                Customer = values[ProvisioningSchema.RequestCustomer],
                DeviceId = values[ProvisioningSchema.RequestId],
                Serial = values[ProvisioningSchema.RequestSerial],
                Mac = values[ProvisioningSchema.RequestMac].ToLower(),
                Ip = values[ProvisioningSchema.RequestIp],
                FirmwareVersion = values[ProvisioningSchema.RequestFirmware],
            };
        }
    }
}
