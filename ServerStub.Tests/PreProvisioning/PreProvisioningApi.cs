using System;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text;
using DeviceAgent.PreProvisioning;

namespace ServerStub.Tests.PreProvisioning;

/// <summary>Test shorthand for the pre-provisioning endpoints of a <see cref="StubHost"/>.</summary>
internal static class PreProvisioningApi
{
    public const string Devices = "/api/preprov/devices";

    public static HttpResponseMessage Put(HttpClient client, string id, object body) =>
        client.PutAsJsonAsync(Devices + "/" + Uri.EscapeDataString(id), body).GetAwaiter().GetResult();

    public static HttpResponseMessage Import(HttpClient client, string body, string contentType) =>
        client.PostAsync(Devices + "/import", new StringContent(body, Encoding.UTF8, contentType)).GetAwaiter().GetResult();

    /// <summary>GET /v1/contact for <paramref name="id"/>, optionally with an Authorization header value.</summary>
    public static (int Status, byte[] Body, string ContentType) Inquire(HttpClient client, string id, string authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, InquiryRequest.ContactPath + "?device=" + id);
        if (authorization != null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = client.SendAsync(request).GetAwaiter().GetResult();
        var body = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        return ((int)response.StatusCode, body, response.Content.Headers.ContentType?.MediaType);
    }

    public static string Text(HttpResponseMessage response) => response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
}
