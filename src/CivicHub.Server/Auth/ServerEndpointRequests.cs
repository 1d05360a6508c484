using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenIddict.Server.AspNetCore;

namespace CivicHub.Server.Auth;

/// <summary>
/// ASP.NET Core's authentication schemes, but OpenIddict's server is offered a request to handle only when it is for
/// one of its endpoints, all under <see cref="Paths"/>. The authentication middleware asks every scheme that handles
/// requests whether a request is its own; OpenIddict's server answers by running its request pipeline (a transaction,
/// its handlers, each endpoint's addresses compared), which was 5 % of the host's CPU in a 360 view that it then left
/// alone (docs/benchmarks.md, run 24). Its sign-in, challenge and authentication are untouched.
/// </summary>
public sealed class ServerEndpointRequests(IOptions<AuthenticationOptions> options, IHttpContextAccessor http) : AuthenticationSchemeProvider(options)
{
    /// <summary>Where OpenIddict's server endpoints are (`AuthSetup`, and its discovery documents' default addresses).</summary>
    public static readonly PathString[] Paths = ["/connect", "/.well-known"];

    public static bool ForServer(PathString path) => Paths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    public override async Task<IEnumerable<AuthenticationScheme>> GetRequestHandlerSchemesAsync()
    {
        var handlers = await base.GetRequestHandlerSchemesAsync();
        return http.HttpContext is { } context && !ForServer(context.Request.Path)
            ? handlers.Where(s => s.Name != OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)
            : handlers;
    }
}
