using CivicHub.Core.Citizens;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace CivicHub.Server.Components.Portal;

/// <summary>
/// The plain form targets of the portal's frame: the language switch, which remembers the choice (and a signed-in
/// citizen's preference) and goes back to the page it came from, and signing out.
/// </summary>
public static class LanguageEndpoints
{
    public static void MapLanguageSwitch(this IEndpointRouteBuilder app)
    {
        app.MapPost("/language", async ([FromForm] string? culture, [FromForm] string? returnUrl, HttpContext http, PortalSession session, CitizenProfile profiles) =>
        {
            var chosen = PortalCultures.Nearest(culture);
            RememberCulture(http, chosen);
            if (await session.CurrentAsync(http.User, http.RequestAborted) is { } citizen)
            {
                await profiles.SetLanguageAsync(citizen.CitizenId, chosen, http.RequestAborted);
            }

            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        }).RequireAuthorization(PortalAuth.PublicPolicy).ExcludeFromDescription();

        app.MapPost("/account/sign-out", async (HttpContext http) =>
        {
            // The anti-forgery middleware only records its verdict; a handler that binds no form reads it itself.
            if (http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
            {
                return Results.BadRequest();
            }

            await http.SignOutAsync(PortalAuth.Scheme);
            return Results.LocalRedirect("/");
        })
            // It binds no form field, so nothing asks for the token by itself: another site must not sign a citizen out.
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .RequireAuthorization(PortalAuth.PublicPolicy).ExcludeFromDescription();
    }

    /// <summary>Sets the culture cookie the pages read, for a year.</summary>
    public static void RememberCulture(HttpContext http, string culture) =>
        http.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });

    /// <summary>Only a path on this site may be a redirect target, never another site ("//evil.example").</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
