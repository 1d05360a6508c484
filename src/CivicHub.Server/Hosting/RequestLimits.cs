using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace CivicHub.Server.Hosting;

/// <summary>
/// The largest request body CivicHub reads. Kestrel enforces it on every stream; this check answers a declared
/// oversize body at once with problem details, before anything reads it. An endpoint may set its own limit
/// (IRequestSizeLimitMetadata: the portal's pages that take files), which both this check and Kestrel then apply.
/// </summary>
public static class RequestLimits
{
    public const long MaxRequestBodyBytes = 2 * 1024 * 1024;

    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            // Open311 answers in its own error format; Kestrel's limit still stops the body when it reads the form.
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? MaxRequestBodyBytes;
            if (context.Request.ContentLength > limit && !context.Request.Path.StartsWithSegments("/open311", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status413PayloadTooLarge,
                        Title = "The request body is too large.",
                        Detail = $"Send at most {limit / 1024 / 1024} MiB.",
                    },
                });
                return;
            }

            await next(context);
        });
}
