using System.Security.Claims;
using CivicHub.Core.Accounts;
using CivicHub.Core.Staff;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using Properties = OpenIddict.Validation.AspNetCore.OpenIddictValidationAspNetCoreConstants.Properties;

namespace CivicHub.Server.Auth;

/// <summary>
/// The API's handler for access tokens: OpenIddict's, but a token this host validated before
/// (<see cref="ValidatedAccessTokens"/>) is answered for without OpenIddict: no transaction, no request pipeline, no
/// authentication pipeline. Only what can change between two calls with the same token is checked again, on every
/// call: that the token has not expired, and that its holder still stands (<see cref="StaffTokenStanding"/>,
/// <see cref="CitizenTokenStanding"/>). Any other token, and a remembered one that no longer passes, goes to
/// OpenIddict's handler as before, which refuses it in its own words; challenges and refusals are always its own. The
/// ticket is the one OpenIddict's handler makes. Decision 0018.
/// </summary>
public sealed class RememberingValidationHandler(
    ValidatedAccessTokens tokens, StaffStanding staffStanding, CitizenSignInStanding citizenStanding, IServiceProvider services)
    : IAuthenticationRequestHandler
{
    private const string BearerPrefix = "Bearer ";

    private AuthenticationScheme _scheme = null!;
    private HttpContext _context = null!;
    private OpenIddictValidationAspNetCoreHandler? _openIddict;
    private string? _token;
    private ClaimsPrincipal? _remembered;
    private Task<AuthenticateResult>? _result;

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _scheme = scheme;
        _context = context;
        return Task.CompletedTask;
    }

    /// <summary>Runs OpenIddict's request pipeline only for a request whose token it has to validate.</summary>
    public async Task<bool> HandleRequestAsync()
    {
        _token = BearerToken(_context.Request);
        _remembered = _token is null ? null : tokens.Find(_token, Origin);
        return _remembered is null && await (await OpenIddictAsync()).HandleRequestAsync();
    }

    /// <summary>Once per request, as an authentication handler does: the policies ask again.</summary>
    public Task<AuthenticateResult> AuthenticateAsync() => _result ??= AuthenticateOnceAsync();

    public async Task ChallengeAsync(AuthenticationProperties? properties) => await (await StartedOpenIddictAsync()).ChallengeAsync(properties);

    public async Task ForbidAsync(AuthenticationProperties? properties) => await (await StartedOpenIddictAsync()).ForbidAsync(properties);

    private async Task<AuthenticateResult> AuthenticateOnceAsync()
    {
        if (_remembered is { } principal)
        {
            if (await StandsAsync(principal))
            {
                return Success(principal, _token!);
            }

            // OpenIddict checks it again and gives the refusal its own words.
            tokens.Forget(_token!, Origin);
            _remembered = null;
        }

        var result = await (await StartedOpenIddictAsync()).AuthenticateAsync();
        if (result is { Succeeded: true, Principal: { } validated } && _token is not null
            && validated.GetTokenType() == TokenTypeIdentifiers.AccessToken
            && result.Properties.GetTokenValue(TokenTypeHints.AccessToken) == _token)
        {
            tokens.Remember(_token, Origin, validated);
        }

        return result;
    }

    // OpenIddict's handler for this request, made when first needed.
    private async Task<OpenIddictValidationAspNetCoreHandler> OpenIddictAsync()
    {
        if (_openIddict is null)
        {
            _openIddict = ActivatorUtilities.CreateInstance<OpenIddictValidationAspNetCoreHandler>(services);
            await _openIddict.InitializeAsync(_scheme, _context);
        }

        return _openIddict;
    }

    // OpenIddict's handler with its transaction, which its request pipeline starts and a remembered token skipped.
    private async Task<OpenIddictValidationAspNetCoreHandler> StartedOpenIddictAsync()
    {
        var openIddict = await OpenIddictAsync();
        if (_context.Features.Get<OpenIddictValidationAspNetCoreFeature>() is null)
        {
            await openIddict.HandleRequestAsync();
        }

        return openIddict;
    }

    // The same checks, in the same order, as the handlers OpenIddict runs after validating a token.
    private async Task<bool> StandsAsync(ClaimsPrincipal principal) =>
        await staffStanding.HoldsAsync(principal.ToActor(), _context.RequestServices, _context.RequestAborted)
        && await CitizenTokenStanding.StandsAsync(principal, citizenStanding, _context.RequestServices, _context.RequestAborted);

    // As OpenIddict's handler makes it for an access token.
    private AuthenticateResult Success(ClaimsPrincipal principal, string token)
    {
        var properties = new AuthenticationProperties
        {
            ExpiresUtc = principal.GetExpirationDate(),
            IssuedUtc = principal.GetCreationDate(),
        };
        properties.StoreTokens([new AuthenticationToken { Name = TokenTypeHints.AccessToken, Value = token }]);
        properties.SetParameter(Properties.AccessTokenPrincipal, principal);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, properties, _scheme.Name));
    }

    // Only the Authorization header carries a token to the API (AuthSetup); anything else is OpenIddict's to judge.
    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization;
        return header.Count == 1 && header[0] is { Length: > 7 } value && value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? value[BearerPrefix.Length..].Trim()
            : null;
    }

    // The issuer OpenIddict expects follows the address a request came to.
    private string Origin => string.Concat(_context.Request.Scheme, "://", _context.Request.Host.Value, _context.Request.PathBase.Value);
}
