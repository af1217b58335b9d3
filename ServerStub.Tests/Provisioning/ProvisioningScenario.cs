using System;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text;
using System.Threading.Tasks;
using DeviceAgent.Provisioning;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace ServerStub.Tests.Provisioning;

/// <summary>One customer with one phone and one firmware image, registered through the management API of a running stub.</summary>
internal static class ProvisioningScenario
{
    public const string Customer = "C-100234";
    public const string Serial = "SN0042";
    public const string Mac = "aa:bb:cc:dd:ee:ff";
    public const string FirmwareName = "phone-1.5.0.bin";

    /// <summary>Image bytes from a printed seed, so a failing run can be repeated.</summary>
    public static byte[] Image(int size, int seed)
    {
        Console.WriteLine($"firmware image seed {seed}, {size} bytes");
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static async Task<byte[]> SeedAsync(StubHost host, int imageSize = 100_000, int seed = 4711)
    {
        var image = Image(imageSize, seed);
        await Expect(200, host.Management.PutAsync($"/api/prov/firmware/{FirmwareName}?version=1.5.0", new ByteArrayContent(image)));
        await Expect(200, host.Management.PutAsJsonAsync($"/api/prov/users/{Customer}", new { name = "Hotel Example", firmware = FirmwareName }));
        await Expect(200, host.Management.PutAsJsonAsync($"/api/prov/phones/{Serial}", Phone()));
        return image;
    }

    public static object Phone(string mac = Mac, string customer = Customer, object redirects = null) => new
    {
        mac,
        customer,
        deviceName = "Reception",
        domain = "voip.example.net",
        callAgentHost = "ca1.example.net",
        callAgentPort = 5061,
        pollIntervalSeconds = 3600,
        redirects,
    };

    public static ProvisionRequest Request(string serial = Serial, string mac = Mac, string customer = Customer) => new()
    {
        Product = "IP-Phone 300",
        Customer = customer,
        DeviceId = "DA-7F3A29",
        Serial = serial,
        Mac = mac,
        Ip = "192.0.2.10",
        FirmwareVersion = "1.4.2",
    };

    public static Task<HttpResponseMessage> PostXml(HttpClient client, string url, byte[] document) =>
        client.PostAsync(url, Xml(document));

    public static ByteArrayContent Xml(byte[] document)
    {
        var content = new ByteArrayContent(document);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/xml");
        return content;
    }

    /// <summary>Sends a provision-request and reads the answer with the phone's codec.</summary>
    public static async Task<(int Status, ProvisionResponse Response, HttpResponseMessage Http)> ProvisionAsync(
        HttpClient client, ProvisionRequest request, string url = "/provisioning/v1/request")
    {
        var http = await PostXml(client, url, ProvisioningXml.WriteRequest(request));
        return ((int)http.StatusCode, await ReadResponse(http), http);
    }

    public static async Task<ProvisionResponse> ReadResponse(HttpResponseMessage http)
    {
        StringAssert.StartsWith(http.Content.Headers.ContentType?.MediaType, "application/xml");
        var body = await http.Content.ReadAsByteArrayAsync();
        return ProvisioningXml.ReadResponse(body, 0, body.Length);
    }

    public static async Task<HttpResponseMessage> Expect(int status, Task<HttpResponseMessage> call)
    {
        var response = await call;
        if ((int)response.StatusCode != status)
        {
            Assert.Fail($"expected {status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return response;
    }

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
