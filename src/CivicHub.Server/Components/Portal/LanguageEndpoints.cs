using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace CivicHub.Server.Components.Portal;

/// <summary>The language switch's form target: remembers the choice and goes back to the page it came from.</summary>
public static class LanguageEndpoints
{
    public static void MapLanguageSwitch(this IEndpointRouteBuilder app) =>
        app.MapPost("/language", ([FromForm] string? culture, [FromForm] string? returnUrl, HttpContext http) =>
        {
            var chosen = PortalCultures.Nearest(culture);
            RememberCulture(http, chosen);
            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        }).AllowAnonymous().ExcludeFromDescription();

    /// <summary>Sets the culture cookie the pages read, for a year.</summary>
    public static void RememberCulture(HttpContext http, string culture) =>
        http.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
