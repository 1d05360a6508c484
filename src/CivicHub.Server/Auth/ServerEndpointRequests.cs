using Microsoft.AspNetCore.Authentication;
using OpenIddict.Server.AspNetCore;

namespace CivicHub.Server.Auth;

/// <summary>
/// The authentication schemes, as ASP.NET Core's provider gives them, but OpenIddict's server is offered a request to
/// handle only when it is for one of its endpoints, all under <see cref="Paths"/>. The authentication middleware asks
/// every scheme that handles requests whether a request is its own; OpenIddict's server answers by running its request
/// pipeline (a transaction, its handlers, each endpoint's addresses compared), which was 5 % of the host's CPU in a 360
/// view that it then left alone (docs/benchmarks.md, run 24). Its sign-in, challenge and authentication are untouched.
/// </summary>
public sealed class ServerEndpointRequests(AuthenticationSchemeProvider schemes, IHttpContextAccessor http) : IAuthenticationSchemeProvider
{
    /// <summary>Where OpenIddict's server endpoints are (`AuthSetup`, and its discovery documents' default addresses).</summary>
    public static readonly PathString[] Paths = ["/connect", "/.well-known"];

    public async Task<IEnumerable<AuthenticationScheme>> GetRequestHandlerSchemesAsync()
    {
        var handlers = await schemes.GetRequestHandlerSchemesAsync();
        return http.HttpContext is { } context && !ForServer(context.Request.Path)
            ? handlers.Where(s => s.Name != OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)
            : handlers;
    }

    public static bool ForServer(PathString path) => Paths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    public Task<IEnumerable<AuthenticationScheme>> GetAllSchemesAsync() => schemes.GetAllSchemesAsync();

    public Task<AuthenticationScheme?> GetSchemeAsync(string name) => schemes.GetSchemeAsync(name);

    public Task<AuthenticationScheme?> GetDefaultAuthenticateSchemeAsync() => schemes.GetDefaultAuthenticateSchemeAsync();

    public Task<AuthenticationScheme?> GetDefaultChallengeSchemeAsync() => schemes.GetDefaultChallengeSchemeAsync();

    public Task<AuthenticationScheme?> GetDefaultForbidSchemeAsync() => schemes.GetDefaultForbidSchemeAsync();

    public Task<AuthenticationScheme?> GetDefaultSignInSchemeAsync() => schemes.GetDefaultSignInSchemeAsync();

    public Task<AuthenticationScheme?> GetDefaultSignOutSchemeAsync() => schemes.GetDefaultSignOutSchemeAsync();

    public void AddScheme(AuthenticationScheme scheme) => schemes.AddScheme(scheme);

    public bool TryAddScheme(AuthenticationScheme scheme) => schemes.TryAddScheme(scheme);

    public void RemoveScheme(string name) => schemes.RemoveScheme(name);
}
