using CivicHub.Core.Privacy.Audit;

namespace CivicHub.Server.Api.Audit;

/// <summary>Wires the audit log into the host: who each request acts as, for the entries its work writes.</summary>
public static class AuditRequests
{
    public static IServiceCollection AddAuditRequests(this IServiceCollection services)
    {
        services.AddSingleton<AuditSources>();
        return services;
    }

    /// <summary>
    /// Sets the audit source of every signed-in request for the rest of the pipeline, so the changes it saves are
    /// recorded as the caller's. Anonymous requests (a provider's webhook, a public page) stay the system's.
    /// </summary>
    public static IApplicationBuilder UseAuditScope(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

        var sources = context.RequestServices.GetRequiredService<AuditSources>();
        var source = await sources.FromAsync(
            context.User,
            context.Request.Headers[AuditSources.PurposeHeader],
            context.Connection.RemoteIpAddress,
            context.Request.Headers.UserAgent,
            context.RequestAborted);
        using (AuditScope.Begin(source))
        {
            await next(context);
        }
    });
}
