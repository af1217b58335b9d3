using System;

namespace DeviceAgent.Provisioning
{
    /// <summary>
    /// The provisioning XML codec, used by the phone and by ServerStub alike. The phone sends a provision-request; the
    /// server answers with a provision-response carrying exactly one of a configuration, a redirect or an error. After a
    /// firmware update attempt the phone sends a firmware-report.
    /// </summary>
    /// <remarks>
    /// <para>Schema, version 1 (UTF-8; every element and attribute shown is required unless marked optional):</para>
    /// <code>
    /// &lt;provision-request version="1"&gt;
    ///   &lt;header&gt;
    ///     &lt;product&gt;IP-Phone 300&lt;/product&gt;            text, 1..64 bytes
    ///     &lt;customer&gt;C-100234&lt;/customer&gt;              text, 1..64 bytes
    ///   &lt;/header&gt;
    ///   &lt;device&gt;
    ///     &lt;id&gt;DA-7F3A29&lt;/id&gt;                        device ID as in pre-provisioning, text 1..64 bytes
    ///     &lt;serial&gt;SN0042&lt;/serial&gt;                   text, 1..64 bytes
    ///     &lt;mac&gt;aa:bb:cc:dd:ee:ff&lt;/mac&gt;              hex pairs, either case (read as lower case)
    ///     &lt;ip&gt;192.0.2.10&lt;/ip&gt;                       dotted-decimal IPv4, no leading zeros
    ///     &lt;firmware&gt;1.4.2&lt;/firmware&gt;                running version: [A-Za-z0-9._+-], 1..32
    ///   &lt;/device&gt;
    /// &lt;/provision-request&gt;
    ///
    /// &lt;provision-response version="1"&gt;                 exactly one of config, redirect, error:
    ///   &lt;config&gt;
    ///     &lt;domain&gt;voip.example.net&lt;/domain&gt;          host name or IPv4
    ///     &lt;call-agent&gt;
    ///       &lt;host&gt;ca1.example.net&lt;/host&gt;            host name or IPv4
    ///       &lt;port&gt;5060&lt;/port&gt;                      1..65535
    ///     &lt;/call-agent&gt;
    ///     &lt;device-name&gt;Reception&lt;/device-name&gt;      text, 1..64 bytes
    ///     &lt;firmware&gt;
    ///       &lt;server&gt;tftp://10.0.0.5/phones&lt;/server&gt;  URL, scheme ftp, tftp, http or https
    ///       &lt;file&gt;phone-1.5.0.bin&lt;/file&gt;            file name, no '/' or '\'
    ///       &lt;version&gt;1.5.0&lt;/version&gt;                [A-Za-z0-9._+-], 1..32
    ///       &lt;sha256&gt;64 hex digits&lt;/sha256&gt;          SHA-256 of the image, either case
    ///     &lt;/firmware&gt;
    ///     &lt;poll-interval&gt;86400&lt;/poll-interval&gt;      seconds until reprovisioning, 10..31536000
    ///   &lt;/config&gt;
    ///   &lt;redirect&gt;                                    1..4 servers, tried in order
    ///     &lt;server&gt;https://prov2.example.net/provision&lt;/server&gt;   URL, scheme http or https
    ///   &lt;/redirect&gt;
    ///   &lt;error code="server-busy" retry-after="30"&gt;Try again later&lt;/error&gt;
    ///       code: [a-z0-9-], 1..32, see ProvisioningError; retry-after optional, 0..86400 s; text optional, 0..200 bytes
    /// &lt;/provision-response&gt;
    ///
    /// &lt;firmware-report version="1"&gt;                    sent by the phone after a firmware update attempt
    ///   &lt;serial&gt;SN0042&lt;/serial&gt;                     text, 1..64 bytes
    ///   &lt;mac&gt;aa:bb:cc:dd:ee:ff&lt;/mac&gt;                hex pairs, either case (read as lower case)
    ///   &lt;version&gt;1.5.0&lt;/version&gt;                    version of the image tried: [A-Za-z0-9._+-], 1..32
    ///   &lt;outcome&gt;hash-mismatch&lt;/outcome&gt;            success, hash-mismatch, download-failed or no-space
    ///   &lt;detail&gt;got 3f2a...&lt;/detail&gt;               optional, text 0..200 bytes
    /// &lt;/firmware-report&gt;
    /// </code>
    /// <para>URLs are <c>scheme://host[:port][/path]</c>, at most 200 characters, host a name or IPv4 (no IPv6 literal,
    /// no user info), path printable ASCII. Text is single-line: no control characters.</para>
    /// <para>Reading: leaf values and attribute values are trimmed of XML whitespace. Unknown elements are skipped with
    /// their whole subtree and unknown attributes are ignored, so later versions may add to the schema; a different
    /// version attribute is refused. A known element or attribute given twice (a repeated unknown attribute is not
    /// detected), text inside container elements and
    /// elements inside values are errors. The XML declaration, comments, the five predefined entities and numeric
    /// character references are accepted; DOCTYPE (hence any DTD, external entity or entity expansion), other processing
    /// instructions and CDATA sections are refused. Names are ASCII; namespaces have no meaning. Limits: 4096 bytes per
    /// document, depth 8, 32 bytes per name, 256 bytes per value after references are expanded. Every failure is a
    /// <see cref="ProvisioningFormatException"/> naming the element path and byte offset.</para>
    /// <para>Writing: an XML declaration and two-space indentation; &amp; &lt; &gt; " ' are escaped in text and
    /// attributes. Values breaking the rules above throw <see cref="ArgumentException"/> naming the element path.</para>
    /// </remarks>
    public static class ProvisioningXml
    {
        /// <summary>Schema version written and accepted (the root's version attribute).</summary>
        public const int Version = 1;

        /// <summary>Longest document written or accepted, in bytes.</summary>
        public const int MaxDocumentBytes = XmlTokenizer.MaxDocumentBytes;

        /// <summary>Writes a provision-request.</summary>
        /// <param name="request">The request; every member must be set.</param>
        /// <returns>The document as UTF-8.</returns>
        /// <exception cref="ArgumentException">A value breaks the schema's rules.</exception>
        public static byte[] WriteRequest(ProvisionRequest request)
        {
            var scratch = new byte[MaxDocumentBytes];
            return Copy(scratch, WriteRequest(request, scratch, 0));
        }

        /// <summary>Writes a provision-request into a caller's buffer.</summary>
        /// <param name="request">The request; every member must be set.</param>
        /// <param name="buffer">Destination.</param>
        /// <param name="offset">Where in <paramref name="buffer"/> to start.</param>
        /// <returns>Number of bytes written.</returns>
        /// <exception cref="ArgumentException">A value breaks the schema's rules or the buffer is too small.</exception>
        public static int WriteRequest(ProvisionRequest request, byte[] buffer, int offset)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var writer = new ProvisioningXmlWriter(ProvisioningSchema.Request, buffer, offset);
            writer.Root();
            writer.Open(ProvisioningSchema.RequestHeader, 1);
            writer.Leaf(ProvisioningSchema.RequestProduct, 2, request.Product);
            writer.Leaf(ProvisioningSchema.RequestCustomer, 2, request.Customer);
            writer.Close(ProvisioningSchema.RequestHeader, 1);
            writer.Open(ProvisioningSchema.RequestDevice, 1);
            writer.Leaf(ProvisioningSchema.RequestId, 2, request.DeviceId);
            writer.Leaf(ProvisioningSchema.RequestSerial, 2, request.Serial);
            writer.Leaf(ProvisioningSchema.RequestMac, 2, request.Mac);
            writer.Leaf(ProvisioningSchema.RequestIp, 2, request.Ip);
            writer.Leaf(ProvisioningSchema.RequestFirmware, 2, request.FirmwareVersion);
            writer.Close(ProvisioningSchema.RequestDevice, 1);
            writer.Close(ProvisioningSchema.RequestRoot, 0);
            return writer.Count;
        }

        /// <summary>Writes a provision-response.</summary>
        /// <param name="response">The response; the member its <see cref="ProvisionResponse.Kind"/> names must be set.</param>
        /// <returns>The document as UTF-8.</returns>
        /// <exception cref="ArgumentException">A value breaks the schema's rules.</exception>
        public static byte[] WriteResponse(ProvisionResponse response)
        {
            var scratch = new byte[MaxDocumentBytes];
            return Copy(scratch, WriteResponse(response, scratch, 0));
        }

        /// <summary>Writes a provision-response into a caller's buffer.</summary>
        /// <param name="response">The response; the member its <see cref="ProvisionResponse.Kind"/> names must be set.</param>
        /// <param name="buffer">Destination.</param>
        /// <param name="offset">Where in <paramref name="buffer"/> to start.</param>
        /// <returns>Number of bytes written.</returns>
        /// <exception cref="ArgumentException">A value breaks the schema's rules or the buffer is too small.</exception>
        public static int WriteResponse(ProvisionResponse response, byte[] buffer, int offset)
        {
            if (response == null)
            {
                throw new ArgumentNullException(nameof(response));
            }

            var writer = new ProvisioningXmlWriter(ProvisioningSchema.Response, buffer, offset);
            writer.Root();
            switch (response.Kind)
            {
                case ProvisionResponseKind.Configuration:
                    WriteConfiguration(writer, response.Configuration);
                    break;
                case ProvisionResponseKind.Redirect:
                    WriteRedirect(writer, response.Redirects);
                    break;
                case ProvisionResponseKind.Error:
                    WriteError(writer, response.Error);
                    break;
                default:
                    throw new ArgumentException("unknown response kind");
            }

            writer.Close(ProvisioningSchema.ResponseRoot, 0);
            return writer.Count;
        }

        /// <summary>Reads a provision-request held whole in a buffer.</summary>
        /// <param name="buffer">Buffer holding the document.</param>
        /// <param name="offset">Start of the document.</param>
        /// <param name="count">Length of the document.</param>
        /// <returns>The request.</returns>
        /// <exception cref="ProvisioningFormatException">The document is not an acceptable provision-request.</exception>
        public static ProvisionRequest ReadRequest(byte[] buffer, int offset, int count)
        {
            var reader = new ProvisionRequestReader();
            reader.Feed(buffer, offset, count);
            return reader.Finish();
        }

        /// <summary>Reads a provision-response held whole in a buffer.</summary>
        /// <param name="buffer">Buffer holding the document.</param>
        /// <param name="offset">Start of the document.</param>
        /// <param name="count">Length of the document.</param>
        /// <returns>The response.</returns>
        /// <exception cref="ProvisioningFormatException">The document is not an acceptable provision-response.</exception>
        public static ProvisionResponse ReadResponse(byte[] buffer, int offset, int count)
        {
            var reader = new ProvisionResponseReader();
            reader.Feed(buffer, offset, count);
            return reader.Finish();
        }

        /// <summary>Writes a firmware-report.</summary>
        /// <param name="report">The report; every member but <see cref="FirmwareReport.Detail"/> must be set.</param>
        /// <returns>The document as UTF-8.</returns>
        /// <exception cref="ArgumentException">A value breaks the schema's rules.</exception>
        public static byte[] WriteFirmwareReport(FirmwareReport report)
        {
            var scratch = new byte[MaxDocumentBytes];
            return Copy(scratch, WriteFirmwareReport(report, scratch, 0));
        }

        /// <summary>Writes a firmware-report into a caller's buffer.</summary>
        /// <param name="report">The report; every member but <see cref="FirmwareReport.Detail"/> must be set.</param>
        /// <param name="buffer">Destination.</param>
        /// <param name="offset">Where in <paramref name="buffer"/> to start.</param>
        /// <returns>Number of bytes written.</returns>
        /// <exception cref="ArgumentException">A value breaks the schema's rules or the buffer is too small.</exception>
        public static int WriteFirmwareReport(FirmwareReport report, byte[] buffer, int offset)
        {
            if (report == null)
            {
                throw new ArgumentNullException(nameof(report));
            }

            var writer = new ProvisioningXmlWriter(ProvisioningSchema.Report, buffer, offset);
            writer.Root();
            writer.Leaf(ProvisioningSchema.ReportSerial, 1, report.Serial);
            writer.Leaf(ProvisioningSchema.ReportMac, 1, report.Mac);
            writer.Leaf(ProvisioningSchema.ReportVersion, 1, report.Version);
            writer.Leaf(ProvisioningSchema.ReportOutcome, 1, report.Outcome);
            if (report.Detail != null && report.Detail.Length > 0)
            {
                writer.Leaf(ProvisioningSchema.ReportDetail, 1, report.Detail);
            }

            writer.Close(ProvisioningSchema.ReportRoot, 0);
            return writer.Count;
        }

        /// <summary>Reads a firmware-report held whole in a buffer.</summary>
        /// <param name="buffer">Buffer holding the document.</param>
        /// <param name="offset">Start of the document.</param>
        /// <param name="count">Length of the document.</param>
        /// <returns>The report; the MAC address in lower case, the detail empty when absent.</returns>
        /// <exception cref="ProvisioningFormatException">The document is not an acceptable firmware-report.</exception>
        public static FirmwareReport ReadFirmwareReport(byte[] buffer, int offset, int count)
        {
            var reader = new ProvisioningDocumentReader(ProvisioningSchema.Report);
            reader.Feed(buffer, offset, count);
            reader.Finish();
            string[] values = reader.Values;
            return new FirmwareReport
            {
                Serial = values[ProvisioningSchema.ReportSerial],
                Mac = values[ProvisioningSchema.ReportMac].ToLower(),
                Version = values[ProvisioningSchema.ReportVersion],
                Outcome = values[ProvisioningSchema.ReportOutcome],
                Detail = values[ProvisioningSchema.ReportDetail] ?? string.Empty,
            };
        }

        private static void WriteConfiguration(ProvisioningXmlWriter writer, TelephonyConfiguration configuration)
        {
            if (configuration == null)
            {
                throw new ArgumentNullException(nameof(configuration));
            }

            byte[] sha256 = configuration.FirmwareSha256;
            if (sha256 == null || sha256.Length != 32)
            {
                throw new ArgumentException("provision-response/config/firmware/sha256: must be 32 bytes");
            }

            writer.Open(ProvisioningSchema.Config, 1);
            writer.Leaf(ProvisioningSchema.Domain, 2, configuration.Domain);
            writer.Open(ProvisioningSchema.CallAgent, 2);
            writer.Leaf(ProvisioningSchema.CallAgentHost, 3, configuration.CallAgentHost);
            writer.Leaf(ProvisioningSchema.CallAgentPort, 3, configuration.CallAgentPort.ToString());
            writer.Close(ProvisioningSchema.CallAgent, 2);
            writer.Leaf(ProvisioningSchema.DeviceName, 2, configuration.DeviceName);
            writer.Open(ProvisioningSchema.Firmware, 2);
            writer.Leaf(ProvisioningSchema.FirmwareServer, 3, configuration.FirmwareServer);
            writer.Leaf(ProvisioningSchema.FirmwareFile, 3, configuration.FirmwareFile);
            writer.Leaf(ProvisioningSchema.FirmwareVersion, 3, configuration.FirmwareVersion);
            writer.Leaf(ProvisioningSchema.FirmwareSha256, 3, Bytes.ToHex(sha256));
            writer.Close(ProvisioningSchema.Firmware, 2);
            writer.Leaf(ProvisioningSchema.PollInterval, 2, configuration.PollIntervalSeconds.ToString());
            writer.Close(ProvisioningSchema.Config, 1);
        }

        private static void WriteRedirect(ProvisioningXmlWriter writer, string[] urls)
        {
            if (urls == null || urls.Length == 0 || urls.Length > ProvisioningSchema.MaxRedirects)
            {
                throw new ArgumentException("provision-response/redirect: 1..4 servers expected");
            }

            writer.Open(ProvisioningSchema.Redirect, 1);
            for (int i = 0; i < urls.Length; i++)
            {
                writer.Leaf(ProvisioningSchema.RedirectServer, 2, urls[i]);
            }

            writer.Close(ProvisioningSchema.Redirect, 1);
        }

        private static void WriteError(ProvisioningXmlWriter writer, ProvisioningError error)
        {
            if (error == null)
            {
                throw new ArgumentNullException(nameof(error));
            }

            writer.StartTag(ProvisioningSchema.Error, 1);
            writer.Attribute(ProvisioningSchema.ErrorCode, error.Code);
            if (error.RetryAfterSeconds >= 0)
            {
                writer.Attribute(ProvisioningSchema.ErrorRetryAfter, error.RetryAfterSeconds.ToString());
            }

            writer.CloseStartTag();
            writer.Content(ProvisioningSchema.Error, error.Text ?? string.Empty);
        }

        private static byte[] Copy(byte[] scratch, int count)
        {
            var document = new byte[count];
            Array.Copy(scratch, document, count);
            return document;
        }
    }
}
