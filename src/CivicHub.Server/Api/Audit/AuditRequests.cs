using CivicHub.Core.Privacy;
using CivicHub.Core.Privacy.Audit;

namespace CivicHub.Server.Api.Audit;

/// <summary>Wires the audit log into the host: who each request acts as, for the entries its work writes.</summary>
public static class AuditRequests
{
    /// <summary>
    /// Sets the audit source of every signed-in request for the rest of the pipeline, so the changes it saves are
    /// recorded as the caller's. Anonymous requests (a provider's webhook, a public page) stay the system's. The
    /// source is completed only when the request first records something: a request that records nothing (the
    /// catalog, a work queue) reads nobody's departments for it, and one that does shares the read with its access
    /// decisions (<see cref="RecordAccess.ActingAsync"/>).
    /// </summary>
    public static IApplicationBuilder UseAuditScope(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

        var actor = AuditSources.ActorOf(context.User);
        var access = context.RequestServices.GetRequiredService<RecordAccess>();
        string? purpose = context.Request.Headers[AuditSources.PurposeHeader];
        string? userAgent = context.Request.Headers.UserAgent;
        var address = context.Connection.RemoteIpAddress;
        using (AuditScope.Begin(actor, cancellationToken => AuditSources.FromAsync(actor, access, purpose, address, userAgent, cancellationToken)))
        {
            await next(context);
        }
    });
}
