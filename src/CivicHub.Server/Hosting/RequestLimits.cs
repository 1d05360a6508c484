using Microsoft.AspNetCore.Mvc;

namespace CivicHub.Server.Hosting;

/// <summary>
/// The largest request body CivicHub reads. Kestrel enforces it on every stream; this check answers a declared
/// oversize body at once with problem details, before anything reads it.
/// </summary>
public static class RequestLimits
{
    public const long MaxRequestBodyBytes = 2 * 1024 * 1024;

    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            // Open311 answers in its own error format; Kestrel's limit still stops the body when it reads the form.
            if (context.Request.ContentLength > MaxRequestBodyBytes && !context.Request.Path.StartsWithSegments("/open311", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status413PayloadTooLarge,
                        Title = "The request body is too large.",
                        Detail = $"Send at most {MaxRequestBodyBytes / 1024 / 1024} MiB.",
                    },
                });
                return;
            }

            await next(context);
        });
}
