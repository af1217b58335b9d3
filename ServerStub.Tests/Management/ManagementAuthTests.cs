using Microsoft.AspNetCore.Http;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using ServerStub.Management;

namespace ServerStub.Tests.Management;

[TestClass]
public sealed class ManagementAuthTests
{
    private static HttpRequest Request(string header, string value)
    {
        var context = new DefaultHttpContext();
        if (header != null)
        {
            context.Request.Headers[header] = value;
        }

        return context.Request;
    }

    [TestMethod]
    public void IsAuthorized_BearerWithKey_True() =>
        Assert.IsTrue(ManagementAuth.IsAuthorized(Request("Authorization", "Bearer k1"), "k1"));

    [TestMethod]
    public void IsAuthorized_ApiKeyHeader_True() =>
        Assert.IsTrue(ManagementAuth.IsAuthorized(Request(ManagementAuth.ApiKeyHeader, "k1"), "k1"));

    [TestMethod]
    public void IsAuthorized_WrongOrMissingKey_False()
    {
        Assert.IsFalse(ManagementAuth.IsAuthorized(Request("Authorization", "Bearer k2"), "k1"));
        Assert.IsFalse(ManagementAuth.IsAuthorized(Request("Authorization", "Basic azE="), "k1"));
        Assert.IsFalse(ManagementAuth.IsAuthorized(Request(null, null), "k1"));
        Assert.IsFalse(ManagementAuth.IsAuthorized(Request("Authorization", "Bearer "), ""));
    }

    [TestMethod]
    public void Start_OpenApiDocument_IsServed()
    {
        using var host = StubHost.Start();
        var response = host.Client.GetAsync("/openapi/v1.json").GetAwaiter().GetResult();
        Assert.AreEqual(200, (int)response.StatusCode);
        StringAssert.Contains(response.Content.ReadAsStringAsync().GetAwaiter().GetResult(), "\"openapi\"");
    }
}
