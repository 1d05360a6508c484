using CivicHub.Server.Auth;
using CivicHub.Server.Tests.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;

namespace CivicHub.Server.Tests.Auth;

/// <summary>
/// OpenIddict's server is offered only the requests for its own endpoints; every other request goes to the API's
/// token validation and the cookies without it. (Its endpoints themselves are tested through the host: tokens,
/// discovery, sign-in.)
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class ServerEndpointRequestsTests(SqliteHost host)
{
    [Theory]
    [InlineData("/connect/token", true)]
    [InlineData("/connect/authorize", true)]
    [InlineData("/.well-known/openid-configuration", true)]
    [InlineData("/.well-known/jwks", true)]
    [InlineData("/api/v1/citizens/4f1c2a9e-0000-4000-8000-000000000001", false)]
    [InlineData("/open311/v2/requests.json", false)]
    [InlineData("/desk", false)]
    [InlineData("/connected", false)]
    public async Task Only_requests_for_the_servers_endpoints_are_offered_to_it(string path, bool offered)
    {
        var accessor = host.Services.GetRequiredService<IHttpContextAccessor>();
        var schemes = host.Services.GetRequiredService<IAuthenticationSchemeProvider>();
        var before = accessor.HttpContext;
        accessor.HttpContext = new DefaultHttpContext { Request = { Path = path } };
        try
        {
            var handlers = (await schemes.GetRequestHandlerSchemesAsync()).Select(s => s.Name).ToList();

            Assert.Equal(offered, handlers.Contains(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme));
            Assert.NotEmpty(handlers);
        }
        finally
        {
            accessor.HttpContext = before;
        }
    }

    [Fact]
    public void Every_endpoint_the_server_has_is_where_it_is_offered_requests()
    {
        var server = host.Services.GetRequiredService<IOptions<OpenIddictServerOptions>>().Value;
        var endpoints = typeof(OpenIddictServerOptions).GetProperties()
            .Where(p => p.Name.EndsWith("EndpointUris", StringComparison.Ordinal) && p.PropertyType == typeof(List<Uri>))
            .SelectMany(p => (List<Uri>)p.GetValue(server)!)
            .Select(uri => uri.IsAbsoluteUri ? uri.AbsolutePath : "/" + uri.OriginalString.TrimStart('/'))
            .ToList();

        Assert.Contains("/connect/token", endpoints);
        Assert.Contains("/.well-known/openid-configuration", endpoints);
        Assert.All(endpoints, endpoint => Assert.True(ServerEndpointRequests.ForServer(endpoint), $"{endpoint} is not under {string.Join(", ", ServerEndpointRequests.Paths)}"));
    }
}
