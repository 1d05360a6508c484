using CivicHub.Core.Access;
using CivicHub.Core.Privacy;

namespace CivicHub.Server.Auth;

/// <summary>
/// Tells the request's <see cref="RecordAccess"/> who is calling, once, after authentication: every read in the
/// request then sees only what that caller may see. A request nobody signed in to acts for nobody, never as
/// CivicHub itself.
/// </summary>
public static class RecordAccessMiddleware
{
    public static IApplicationBuilder UseRecordAccess(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.RequestServices.GetRequiredService<RecordAccess>()
                .ActAs(context.User.Identity?.IsAuthenticated == true ? context.User.ToActor() : Actor.Anonymous);
            return next(context);
        });
}
