using System.Globalization;
using CivicHub.Core.Access;
using CivicHub.Core.Staff;
using CivicHub.Server.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CivicHub.Server.Components.Desk;

/// <summary>
/// Checks a desk cookie on each request beyond what the cookie handler does: the session's absolute lifetime from
/// sign-in (sliding renewal would otherwise keep a cookie alive for ever), and, at most once per recheck interval,
/// that the member of staff is still active with the same role, so deactivating an account ends its sessions.
/// </summary>
public static partial class DeskSessionValidator
{
    /// <summary>Ticket item: when the member of staff signed in (round-trip format); survives sliding renewals.</summary>
    public const string SignedInAtItem = "civichub.signed-in-at";

    /// <summary>Ticket item: when the account was last found active in the database.</summary>
    public const string CheckedAtItem = "civichub.checked-at";

    /// <summary>The properties a new desk session starts with.</summary>
    public static AuthenticationProperties NewSession(DateTimeOffset now)
    {
        var properties = new AuthenticationProperties();
        properties.Items[SignedInAtItem] = now.ToString("O", CultureInfo.InvariantCulture);
        properties.Items[CheckedAtItem] = now.ToString("O", CultureInfo.InvariantCulture);
        return properties;
    }

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.HttpContext.RequestServices;
        var desk = services.GetRequiredService<IOptions<DeskOptions>>().Value;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var signedInAt = ItemTime(context.Properties, SignedInAtItem);
        if (signedInAt is null || now - signedInAt > desk.AbsoluteLifetime)
        {
            await RejectAsync(context, "its absolute lifetime is over");
            return;
        }

        var checkedAt = ItemTime(context.Properties, CheckedAtItem);
        if (checkedAt is not null && now - checkedAt < desk.RecheckInterval)
        {
            return;
        }

        // Asked of the database now (this cookie is due), through the standing the host's other checks share.
        var actor = context.Principal?.ToActor();
        if (actor?.Kind != ActorKind.Staff
            || !await services.GetRequiredService<StaffStanding>().ReadAsync(actor, services, context.HttpContext.RequestAborted))
        {
            await RejectAsync(context, "the account is no longer active in that role");
            return;
        }

        context.Properties.Items[CheckedAtItem] = now.ToString("O", CultureInfo.InvariantCulture);
        context.ShouldRenew = true;
    }

    private static DateTimeOffset? ItemTime(AuthenticationProperties properties, string item) =>
        properties.Items.TryGetValue(item, out var text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null;

    private static async Task RejectAsync(CookieValidatePrincipalContext context, string reason)
    {
        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DeskSessionValidator));
        LogEnded(logger, context.Principal?.FindFirst(Claims.Subject)?.Value, reason);
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(DeskAuth.Scheme);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Desk session of staff {StaffId} ended: {Reason}")]
    private static partial void LogEnded(ILogger logger, string? staffId, string reason);
}
