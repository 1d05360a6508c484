using CivicHub.Core.Staff;
using OpenIddict.Validation;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Validation.OpenIddictValidationEvents;

namespace CivicHub.Server.Auth;

/// <summary>
/// Refuses a member of staff's access token once the account is deactivated or its role changed, within
/// <see cref="AuthOptions.StaffRecheckInterval"/> on every host (<see cref="StaffStanding"/>), instead of at the end
/// of the token's hour. Runs after OpenIddict has validated the token, on every request that presents one.
/// </summary>
public sealed class StaffTokenStanding(StaffStanding standing, IServiceProvider services) : IOpenIddictValidationHandler<ProcessAuthenticationContext>
{
    public const string Refused = "The member of staff this token was issued to is no longer active in its role; sign in again.";

    public static OpenIddictValidationHandlerDescriptor Descriptor { get; } = OpenIddictValidationHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
        .UseScopedHandler<StaffTokenStanding>()
        .SetOrder(OpenIddictValidationHandlers.ValidateAccessToken.Descriptor.Order + 1_000)
        .SetType(OpenIddictValidationHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.AccessTokenPrincipal is { } principal && !await standing.HoldsAsync(principal.ToActor(), services, context.CancellationToken))
        {
            context.Reject(error: Errors.InvalidToken, description: Refused);
        }
    }
}
