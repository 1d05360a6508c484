using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CivicHub.Channels.Chat;

/// <summary>
/// Lets only the configured government pages (and the host's own) talk to the visitor hub. Browsers send Origin on
/// WebSocket upgrades but CORS does not apply to them, so the origin is checked here for every request to the hub,
/// before anything else runs; allowed cross-origin requests then get the CORS headers (and preflight answers).
/// </summary>
internal sealed class ChatOrigins(IOptions<ChatOptions> options) : IStartupFilter
{
    public const string HubPath = "/hubs/chat";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var policy = new CorsPolicyBuilder()
            .WithOrigins([.. options.Value.AllowedOrigins])
            .AllowAnyHeader()
            .WithMethods("GET", "POST")
            .AllowCredentials()
            .Build();
        app.UseWhen(context => context.Request.Path.StartsWithSegments(HubPath), hub => hub.Use(async (context, nextStep) =>
        {
            var origin = context.Request.Headers.Origin.ToString();
            if (origin.Length > 0 && !IsSameOrigin(context.Request, origin) && !options.Value.AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsJsonAsync(
                    new { type = "https://tools.ietf.org/html/rfc9110#section-15.5.4", title = "Forbidden", status = 403, detail = "This page's origin may not use the chat." },
                    options: null,
                    contentType: "application/problem+json",
                    cancellationToken: context.RequestAborted);
                return;
            }

            if (origin.Length > 0)
            {
                var cors = context.RequestServices.GetRequiredService<ICorsService>();
                var result = cors.EvaluatePolicy(context, policy);
                cors.ApplyResult(result, context.Response);
                if (result.IsPreflightRequest)
                {
                    context.Response.StatusCode = StatusCodes.Status204NoContent;
                    return;
                }
            }

            await nextStep(context);
        }));
        next(app);
    };

    private static bool IsSameOrigin(HttpRequest request, string origin) =>
        string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
}
