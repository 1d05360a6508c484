using CivicHub.Core.Staff.Passkeys;
using CivicHub.Server.Api.Problems;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CivicHub.Server.Components.Desk.Passkeys;

/// <summary>
/// The desk's passkey endpoints, JSON for the page's script (wwwroot/js/passkeys.js): make a passkey and manage
/// one's own while signed in, and sign in with one. They read the desk cookie, so each checks the page's anti-forgery
/// token (the RequestVerificationToken header) as the desk's forms do. The sign-in answers count against the
/// sign-in rate limit per address (Hosting/RateLimits).
/// </summary>
public static class DeskPasskeyEndpoints
{
    public const string Path = "/desk/passkeys";

    /// <summary>The anonymous sign-in endpoints (options and finish) start with this.</summary>
    public const string SignInPath = "/desk/passkeys/sign-in";

    public static IServiceCollection AddDeskPasskeys(this IServiceCollection services)
    {
        services.AddOptions<StaffPasskeyOptions>().BindConfiguration("Auth:Staff:Passkeys").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<StaffPasskeyOptions>, StaffPasskeySettingsCheck>();
        return services;
    }

    public static void MapDeskPasskeys(this IEndpointRouteBuilder app)
    {
        var own = app.MapGroup(Path).RequireAuthorization(DeskAuth.StaffPolicy).ExcludeFromDescription();
        own.MapGet("/", async (HttpContext http, StaffPasskeys passkeys) =>
            Results.Ok(await passkeys.ListAsync(StaffIdOf(http), http.RequestAborted)));
        Unsafe(own.MapPost("/registration/options", async (HttpContext http, StaffPasskeys passkeys) =>
        {
            var challenge = await passkeys.BeginRegistrationAsync(StaffIdOf(http), RelyingPartyOf(http), http.RequestAborted);
            return challenge.Succeeded ? Results.Ok(challenge.Value) : challenge.Problem!.ToHttp();
        }));
        Unsafe(own.MapPost("/registration", async (PasskeyRegistrationRequest request, HttpContext http, StaffPasskeys passkeys) =>
        {
            var made = await passkeys.FinishRegistrationAsync(StaffIdOf(http), request.CeremonyId, request.Name, request.Credential, RelyingPartyOf(http), http.RequestAborted);
            return made.Succeeded ? Results.Json(made.Value, statusCode: StatusCodes.Status201Created) : made.Problem!.ToHttp();
        }));
        Unsafe(own.MapPut("/{id:guid}", async (Guid id, PasskeyRenameRequest request, HttpContext http, StaffPasskeys passkeys) =>
        {
            var renamed = await passkeys.RenameAsync(StaffIdOf(http), id, request.Name, http.RequestAborted);
            return renamed.Succeeded ? Results.Ok(renamed.Value) : renamed.Problem!.ToHttp();
        }));
        Unsafe(own.MapDelete("/{id:guid}", async (Guid id, HttpContext http, StaffPasskeys passkeys) =>
            await passkeys.DeleteAsync(StaffIdOf(http), id, http.RequestAborted)
                ? Results.NoContent()
                : OutcomeHttp.Problem(StatusCodes.Status404NotFound, "Not found", "You have no passkey with this id.")));

        // Anonymous, but read with the desk's cookie like the sign-in page, so the page's anti-forgery token (made for
        // whoever the page saw) matches here too.
        var signIn = app.MapGroup(SignInPath).ExcludeFromDescription()
            .WithMetadata(new AllowAnonymousAttribute(), new AuthorizeAttribute { AuthenticationSchemes = DeskAuth.Scheme });
        Unsafe(signIn.MapPost("/options", async (HttpContext http, StaffPasskeys passkeys) =>
            Results.Ok(await passkeys.BeginSignInAsync(RelyingPartyOf(http), http.RequestAborted))));
        Unsafe(signIn.MapPost("/", async (PasskeySignInRequest request, HttpContext http, StaffPasskeys passkeys) =>
        {
            var outcome = await passkeys.FinishSignInAsync(request.CeremonyId, request.Credential, RelyingPartyOf(http), http.RequestAborted);
            if (!outcome.Succeeded)
            {
                return outcome.Problem!.ToHttp();
            }

            if (outcome.Value is not { } staff)
            {
                return OutcomeHttp.Problem(StatusCodes.Status401Unauthorized, "Not signed in", StaffPasskeys.Refused);
            }

            await DeskAuth.CompleteSignInAsync(http, staff);
            return Results.Ok(new { redirect = DeskAuth.LocalTarget(request.ReturnUrl) });
        }));
    }

    private static Guid StaffIdOf(HttpContext http) =>
        Guid.TryParse(http.User.FindFirst(Claims.Subject)?.Value, out var id) ? id : Guid.Empty;

    private static PasskeyRelyingParty RelyingPartyOf(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<StaffPasskeyOptions>>().Value.RelyingPartyFor(http.Request.Scheme, http.Request.Host.Value ?? "localhost");

    /// <summary>
    /// A post from the desk's script: it carries the page's anti-forgery token in a header. The anti-forgery
    /// middleware checks it for endpoints that ask (the metadata) but only refuses forms by itself; a JSON body is
    /// refused here, before anything is done.
    /// </summary>
    private static void Unsafe(RouteHandlerBuilder endpoint) =>
        endpoint.WithMetadata(new RequireAntiforgeryTokenAttribute()).AddEndpointFilter(async (context, next) =>
        {
            // The middleware leaves DELETE to the endpoint: no feature then, and the token is checked here.
            var http = context.HttpContext;
            var valid = http.Features.Get<IAntiforgeryValidationFeature>() is { } checkedByMiddleware
                ? checkedByMiddleware.IsValid
                : await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http);
            if (!valid)
            {
                return OutcomeHttp.Problem(StatusCodes.Status400BadRequest, "Bad request", "Send the page's anti-forgery token in the RequestVerificationToken header.");
            }

            return await next(context);
        });
}
