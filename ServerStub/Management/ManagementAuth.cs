using System;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ServerStub.Management;

/// <summary>
/// Authentication of the management API (provisioning entities, point-of-sale systems, operators). One shared key,
/// configured at start (<c>--management-key</c> or <c>ServerStub:ManagementKey</c>), presented as
/// <c>Authorization: Bearer KEY</c> or <c>X-Api-Key: KEY</c>. Every management route group calls
/// <see cref="RequireManagementKey"/>; phones never need the key.
/// </summary>
public static class ManagementAuth
{
    /// <summary>Header alternative to the bearer token, for tools that cannot set Authorization.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>Rejects requests without the management key with 401 and a WWW-Authenticate challenge.</summary>
    public static TBuilder RequireManagementKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(async (context, next) =>
        {
            var options = context.HttpContext.RequestServices.GetRequiredService<StubOptions>();
            if (!IsAuthorized(context.HttpContext.Request, options.ManagementKey))
            {
                context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer realm=\"ServerStub management\"";
                return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "management key required",
                    detail: "send 'Authorization: Bearer <key>' or 'X-Api-Key: <key>' with the key ServerStub was started with");
            }

            return await next(context);
        });
        return builder;
    }

    /// <summary>Constant-time comparison, so response timing does not leak how much of a guessed key was right.</summary>
    public static bool IsAuthorized(HttpRequest request, string managementKey)
    {
        if (string.IsNullOrEmpty(managementKey))
        {
            return false;
        }

        string presented = null;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = authorization.Substring(7).Trim();
        }
        else if (request.Headers.TryGetValue(ApiKeyHeader, out var key))
        {
            presented = key.ToString();
        }

        return presented != null && CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(managementKey));
    }
}
