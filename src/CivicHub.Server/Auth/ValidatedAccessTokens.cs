using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CivicHub.Server.Auth;

/// <summary>
/// Access tokens this host has already validated, so that a client sending the same token with every call pays once
/// for what does not change between its calls: OpenIddict's validation, the RSA signature check and reading the JWT
/// into claims (about a quarter of the server's CPU for a 360 view, docs/benchmarks.md, run 19) and the pipeline of
/// handlers that checks the token's issuer, type and audiences (7–9 % of the server's CPU, runs 25–27). What can
/// change between two calls is still checked on every call (<see cref="RememberingValidationHandler"/>): the token's
/// expiry, and whether its holder still stands. The key is the token together with the address it was presented at,
/// as the issuer OpenIddict expects follows the request's address. Memory is bounded by <see cref="Capacity"/>; an
/// entry lives until its token expires, at most <see cref="MaximumAge"/>. Decision 0018.
/// </summary>
public sealed class ValidatedAccessTokens : IDisposable
{
    /// <summary>How many validated tokens are kept; one per client session in use is plenty.</summary>
    public const int Capacity = 4_096;

    /// <summary>How long a validated token is remembered at most, however long it still lives.</summary>
    public static readonly TimeSpan MaximumAge = TimeSpan.FromMinutes(10);

    private readonly MemoryCache _tokens = new(new MemoryCacheOptions { SizeLimit = Capacity });
    private readonly TimeProvider _time;
    private long _reused;

    public ValidatedAccessTokens(TimeProvider time) => _time = time;

    /// <summary>How many requests used a remembered validation instead of OpenIddict's.</summary>
    public long Reused => Interlocked.Read(ref _reused);

    /// <summary>
    /// A copy of the principal validated earlier for this token at this address, while the token lives; the request's
    /// own code may add to it.
    /// </summary>
    internal ClaimsPrincipal? Find(string token, string origin)
    {
        if (!_tokens.TryGetValue(new Key(token, origin), out Entry? entry) || entry is null)
        {
            return null;
        }

        // The cache's own expiry follows the system clock; the token's is judged by the host's.
        if (entry.Expires <= _time.GetUtcNow())
        {
            return null;
        }

        Interlocked.Increment(ref _reused);
        return entry.Principal.Clone();
    }

    /// <summary>
    /// Remembers the principal OpenIddict validated for an access token, until the token expires. A token bound to a
    /// client certificate (a confirmation claim) is not remembered: the binding is checked against each request's
    /// certificate. CivicHub issues none, but a token from another issuer could carry one.
    /// </summary>
    internal void Remember(string token, string origin, ClaimsPrincipal principal)
    {
        if (principal.HasClaim(c => c.Type == Claims.Confirmation)
            || principal.FindFirst(Claims.ExpiresAt)?.Value is not { } exp
            || !long.TryParse(exp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return;
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(seconds);
        var latest = _time.GetUtcNow() + MaximumAge;
        _tokens.Set(new Key(token, origin), new Entry(principal.Clone(), expires), new MemoryCacheEntryOptions
        {
            Size = 1,
            AbsoluteExpiration = expires < latest ? expires : latest,
        });
    }

    /// <summary>Forgets a token, which OpenIddict then validates in full the next time it comes.</summary>
    internal void Forget(string token, string origin) => _tokens.Remove(new Key(token, origin));

    public void Dispose() => _tokens.Dispose();

    private sealed record Key(string Token, string Origin);

    private sealed record Entry(ClaimsPrincipal Principal, DateTimeOffset Expires);
}
