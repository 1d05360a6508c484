using System.Security.Claims;
using CivicHub.Core.Accounts;
using OpenIddict.Abstractions;
using OpenIddict.Validation;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Validation.OpenIddictValidationEvents;

namespace CivicHub.Server.Auth;

/// <summary>
/// Refuses a citizen's access token once the portal sign-in it came from has ended (a password reset, or signing out
/// everywhere), within <see cref="AuthOptions.CitizenRecheckInterval"/> on every host (<see cref="CitizenSignInStanding"/>),
/// instead of at the end of the token's hour. Runs after OpenIddict has validated the token, on every request that
/// presents one; the userinfo endpoint, which the token server validates for itself, asks through <see cref="StandsAsync"/>.
/// </summary>
public sealed class CitizenTokenStanding(CitizenSignInStanding standing, IServiceProvider services) : IOpenIddictValidationHandler<ProcessAuthenticationContext>
{
    public const string Refused = "The citizen's sign-in this token came from has ended (they signed out everywhere, or the password was reset); sign in again.";

    public static OpenIddictValidationHandlerDescriptor Descriptor { get; } = OpenIddictValidationHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
        .UseScopedHandler<CitizenTokenStanding>()
        .SetOrder(StaffTokenStanding.Descriptor.Order + 1)
        .SetType(OpenIddictValidationHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.AccessTokenPrincipal is { } principal && !await StandsAsync(principal, standing, services, context.CancellationToken))
        {
            context.Reject(error: Errors.InvalidToken, description: Refused);
        }
    }

    /// <summary>
    /// Whether the token's holder may still use it: anyone but a citizen may, as far as this check goes; a citizen when
    /// the token names the account and the digest of its current session stamp (a token without them, from before
    /// tokens carried them, stands for no sign-in).
    /// </summary>
    public static ValueTask<bool> StandsAsync(ClaimsPrincipal principal, CitizenSignInStanding standing, IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(standing);
        if (principal.GetClaim(CivicClaims.Kind) != CivicClaims.Citizen)
        {
            return ValueTask.FromResult(true);
        }

        return standing.StandsAsync(principal, services, cancellationToken);
    }
}
