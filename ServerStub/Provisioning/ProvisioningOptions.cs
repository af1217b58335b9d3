using System;
using Microsoft.Extensions.Configuration;

namespace ServerStub.Provisioning;

/// <summary>
/// Settings of the provisioning role: <c>ServerStub:PublicBaseUrl</c> (how phones reach this server, used for the
/// firmware server URL; derived from each request when unset), <c>ServerStub:Provisioning:MaxConcurrent</c> (requests
/// handled at once before answering server-busy) and <c>ServerStub:Provisioning:RetryAfterSeconds</c> (the hint then given).
/// </summary>
public sealed class ProvisioningOptions
{
    public string PublicBaseUrl { get; init; }

    public int MaxConcurrent { get; init; } = 64;

    public int RetryAfterSeconds { get; init; } = 10;

    public static ProvisioningOptions From(IConfiguration configuration)
    {
        var baseUrl = configuration["ServerStub:PublicBaseUrl"];
        var options = new ProvisioningOptions
        {
            PublicBaseUrl = string.IsNullOrWhiteSpace(baseUrl) ? null : baseUrl.Trim().TrimEnd('/'),
            MaxConcurrent = configuration.GetValue("ServerStub:Provisioning:MaxConcurrent", 64),
            RetryAfterSeconds = configuration.GetValue("ServerStub:Provisioning:RetryAfterSeconds", 10),
        };
        if (options.MaxConcurrent < 1 || options.RetryAfterSeconds is < 0 or > 86400)
        {
            throw new ArgumentException("ServerStub:Provisioning: MaxConcurrent must be >= 1 and RetryAfterSeconds 0..86400");
        }

        return options;
    }
}
