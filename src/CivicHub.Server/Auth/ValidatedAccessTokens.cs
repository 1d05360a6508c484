using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using OpenIddict.Abstractions;
using OpenIddict.Validation;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Validation.OpenIddictValidationEvents;

namespace CivicHub.Server.Auth;

/// <summary>
/// Access tokens this host has already validated, so that a client sending the same token with every call pays once
/// for what does not change between calls: the RSA signature check and reading the JWT into claims, about a quarter of
/// the server's CPU for a 360 view (docs/benchmarks.md, run 19). Only that step is skipped; everything OpenIddict
/// checks after it (expiry, token type, audiences, presenters, proof of possession) still runs on every request, on a
/// copy of the remembered principal. The key is the token together with the issuers and token types it was checked
/// against, which can differ by request. Memory is bounded by <see cref="Capacity"/>; an entry lives until its token expires, at most
/// <see cref="MaximumAge"/>. Decision 0018.
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

    /// <summary>How many requests used a remembered validation instead of checking the signature again.</summary>
    public long Reused => Interlocked.Read(ref _reused);

    /// <summary>A copy of the principal validated earlier for this token, checked against the same issuers and types.</summary>
    internal ClaimsPrincipal? Find(ValidateTokenContext context)
    {
        if (!_tokens.TryGetValue(KeyOf(context), out ClaimsPrincipal? principal) || principal is null)
        {
            return null;
        }

        Interlocked.Increment(ref _reused);
        // The handlers after validation add to the principal, and the request's own code may too.
        return principal.Clone();
    }

    /// <summary>Remembers a principal the token's signature check produced, until the token expires.</summary>
    internal void Remember(ValidateTokenContext context, ClaimsPrincipal principal)
    {
        if (principal.FindFirst(Claims.ExpiresAt)?.Value is not { } exp
            || !long.TryParse(exp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return;
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(seconds);
        var latest = _time.GetUtcNow() + MaximumAge;
        _tokens.Set(KeyOf(context), principal.Clone(), new MemoryCacheEntryOptions
        {
            Size = 1,
            AbsoluteExpiration = expires < latest ? expires : latest,
        });
    }

    public void Dispose() => _tokens.Dispose();

    private static Key KeyOf(ValidateTokenContext context) => new(
        context.Token,
        string.Join(' ', context.TokenValidationParameters.ValidIssuers ?? []),
        string.Join(' ', context.TokenValidationParameters.ValidTypes ?? []));

    private sealed record Key(string Token, string Issuers, string Types);

    /// <summary>Before OpenIddict checks the token's signature: a token validated before gets its principal back.</summary>
    internal sealed class BeforeSignatureCheck(ValidatedAccessTokens tokens) : IOpenIddictValidationHandler<ValidateTokenContext>
    {
        public static OpenIddictValidationHandlerDescriptor Descriptor { get; } = OpenIddictValidationHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<BeforeSignatureCheck>()
            .SetOrder(OpenIddictValidationHandlers.Protection.ValidateIdentityModelToken.Descriptor.Order - 500)
            .SetType(OpenIddictValidationHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(ValidateTokenContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            // OpenIddict's own check leaves a principal that is already there alone.
            if (context.Principal is null && !context.IsReferenceToken && !string.IsNullOrEmpty(context.Token))
            {
                context.Principal = tokens.Find(context);
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Right after OpenIddict checked a token's signature and read it: remembers the access token's principal.</summary>
    internal sealed class AfterSignatureCheck(ValidatedAccessTokens tokens) : IOpenIddictValidationHandler<ValidateTokenContext>
    {
        public static OpenIddictValidationHandlerDescriptor Descriptor { get; } = OpenIddictValidationHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<AfterSignatureCheck>()
            .SetOrder(OpenIddictValidationHandlers.Protection.ValidateIdentityModelToken.Descriptor.Order + 500)
            .SetType(OpenIddictValidationHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(ValidateTokenContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            // A validation result is there only when the signature was checked on this request, not reused.
            if (!context.IsRejected && !context.IsReferenceToken && context.TokenValidationResult is { IsValid: true }
                && context.Principal is { } principal && principal.GetTokenType() == TokenTypeIdentifiers.AccessToken)
            {
                tokens.Remember(context, principal);
            }

            return ValueTask.CompletedTask;
        }
    }
}
