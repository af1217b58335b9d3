namespace DeviceAgent.Provisioning
{
    /// <summary>
    /// The elements and attributes of one provisioning document as a table: entry i has a name, a parent entry, a kind and
    /// whether it is required. Parents come before their children, so checking in table order reports the outermost
    /// missing element first.
    /// </summary>
    internal sealed class ProvisioningSchema
    {
        internal const int Container = 0;
        internal const int Leaf = 1;
        internal const int AttributeKind = 2;

        // provision-request entries.
        internal const int RequestRoot = 0;
        internal const int RequestVersion = 1;
        internal const int RequestHeader = 2;
        internal const int RequestProduct = 3;
        internal const int RequestCustomer = 4;
        internal const int RequestDevice = 5;
        internal const int RequestId = 6;
        internal const int RequestSerial = 7;
        internal const int RequestMac = 8;
        internal const int RequestIp = 9;
        internal const int RequestFirmware = 10;

        // provision-response entries.
        internal const int ResponseRoot = 0;
        internal const int ResponseVersion = 1;
        internal const int Config = 2;
        internal const int Domain = 3;
        internal const int CallAgent = 4;
        internal const int CallAgentHost = 5;
        internal const int CallAgentPort = 6;
        internal const int DeviceName = 7;
        internal const int Firmware = 8;
        internal const int FirmwareServer = 9;
        internal const int FirmwareFile = 10;
        internal const int FirmwareVersion = 11;
        internal const int FirmwareSha256 = 12;
        internal const int PollInterval = 13;
        internal const int Redirect = 14;
        internal const int RedirectServer = 15;
        internal const int Error = 16;
        internal const int ErrorCode = 17;
        internal const int ErrorRetryAfter = 18;

        // firmware-report entries.
        internal const int ReportRoot = 0;
        internal const int ReportSerial = 2;
        internal const int ReportMac = 3;
        internal const int ReportVersion = 4;
        internal const int ReportOutcome = 5;
        internal const int ReportDetail = 6;

        /// <summary>Most redirect servers a response may list.</summary>
        internal const int MaxRedirects = 4;

        internal static readonly ProvisioningSchema Request = new ProvisioningSchema(
            new string[] { "provision-request", "version", "header", "product", "customer", "device", "id", "serial", "mac", "ip", "firmware" },
            new int[] { -1, 0, 0, 2, 2, 0, 5, 5, 5, 5, 5 },
            new int[] { Container, AttributeKind, Container, Leaf, Leaf, Container, Leaf, Leaf, Leaf, Leaf, Leaf },
            new bool[] { true, true, true, true, true, true, true, true, true, true, true },
            -1);

        internal static readonly ProvisioningSchema Response = new ProvisioningSchema(
            new string[]
            {
                "provision-response", "version", "config", "domain", "call-agent", "host", "port", "device-name", "firmware",
                "server", "file", "version", "sha256", "poll-interval", "redirect", "server", "error", "code", "retry-after",
            },
            new int[] { -1, 0, 0, 2, 2, 4, 4, 2, 2, 8, 8, 8, 8, 2, 0, 14, 0, 16, 16 },
            new int[]
            {
                Container, AttributeKind, Container, Leaf, Container, Leaf, Leaf, Leaf, Container,
                Leaf, Leaf, Leaf, Leaf, Leaf, Container, Leaf, Leaf, AttributeKind, AttributeKind,
            },
            new bool[] { true, true, false, true, true, true, true, true, true, true, true, true, true, true, false, true, false, true, false },
            RedirectServer);

        internal static readonly ProvisioningSchema Report = new ProvisioningSchema(
            new string[] { "firmware-report", "version", "serial", "mac", "version", "outcome", "detail" },
            new int[] { -1, 0, 0, 0, 0, 0, 0 },
            new int[] { Container, AttributeKind, Leaf, Leaf, Leaf, Leaf, Leaf },
            new bool[] { true, true, true, true, true, true, false },
            -1);

        internal readonly string[] Names;
        internal readonly int[] Parents;
        internal readonly int[] Kinds;
        internal readonly bool[] Required;

        /// <summary>The one entry that may occur more than once (up to <see cref="MaxRedirects"/>), or -1.</summary>
        internal readonly int Repeatable;

        private ProvisioningSchema(string[] names, int[] parents, int[] kinds, bool[] required, int repeatable)
        {
            Names = names;
            Parents = parents;
            Kinds = kinds;
            Required = required;
            Repeatable = repeatable;
        }

        internal int Count => Names.Length;

        /// <summary>The entry for the tokenizer's current name under <paramref name="parent"/>, or -1 if unknown.</summary>
        internal int Find(int parent, bool attribute, XmlTokenizer tokenizer)
        {
            for (int i = 0; i < Names.Length; i++)
            {
                if (Parents[i] == parent && (Kinds[i] == AttributeKind) == attribute && tokenizer.NameIs(Names[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Why <paramref name="value"/> is not acceptable for a leaf or attribute entry, or null when it is.</summary>
        internal string Check(int entry, string value)
        {
            if (entry == RequestVersion)
            {
                return value == "1" ? null : "unsupported version (this is version 1)";
            }

            if (this == Request)
            {
                switch (entry)
                {
                    case RequestMac:
                        return ProvisioningValues.CheckMac(value);
                    case RequestIp:
                        return ProvisioningValues.CheckIPv4(value);
                    case RequestFirmware:
                        return ProvisioningValues.CheckToken(value, 32, false);
                    default:
                        return ProvisioningValues.CheckText(value, 64, false);
                }
            }

            if (this == Report)
            {
                switch (entry)
                {
                    case ReportMac:
                        return ProvisioningValues.CheckMac(value);
                    case ReportVersion:
                        return ProvisioningValues.CheckToken(value, 32, false);
                    case ReportOutcome:
                        return ProvisioningValues.CheckOutcome(value);
                    case ReportDetail:
                        return ProvisioningValues.CheckText(value, 200, true);
                    default:
                        return ProvisioningValues.CheckText(value, 64, false);
                }
            }

            switch (entry)
            {
                case Domain:
                case CallAgentHost:
                    return ProvisioningValues.CheckHost(value);
                case CallAgentPort:
                    return ProvisioningValues.CheckNumber(value, 1, 65535);
                case DeviceName:
                    return ProvisioningValues.CheckText(value, 64, false);
                case FirmwareServer:
                    return ProvisioningValues.CheckUrl(value, true);
                case FirmwareFile:
                    return ProvisioningValues.CheckFileName(value);
                case FirmwareVersion:
                    return ProvisioningValues.CheckToken(value, 32, false);
                case FirmwareSha256:
                    return ProvisioningValues.CheckSha256(value);
                case PollInterval:
                    return ProvisioningValues.CheckNumber(value, 10, 31536000);
                case RedirectServer:
                    return ProvisioningValues.CheckUrl(value, false);
                case Error:
                    return ProvisioningValues.CheckText(value, 200, true);
                case ErrorCode:
                    return ProvisioningValues.CheckToken(value, 32, true);
                case ErrorRetryAfter:
                    return ProvisioningValues.CheckNumber(value, 0, 86400);
                default:
                    return null;
            }
        }

        /// <summary>Path of an entry, e.g. <c>provision-response/error/@code</c>.</summary>
        internal string Path(int entry)
        {
            string name = Kinds[entry] == AttributeKind ? "@" + Names[entry] : Names[entry];
            return Parents[entry] < 0 ? name : Path(Parents[entry]) + "/" + name;
        }
    }
}
