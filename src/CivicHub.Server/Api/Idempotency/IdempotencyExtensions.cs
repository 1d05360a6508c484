namespace CivicHub.Server.Api.Idempotency;

/// <summary>Opts a creating endpoint into Idempotency-Key handling.</summary>
public static class IdempotencyExtensions
{
    public static RouteHandlerBuilder WithIdempotency(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<IdempotencyFilter>()
            .WithMetadata(new IdempotentEndpoint());

    /// <summary>Marks an endpoint whose request body must stay readable for the idempotency fingerprint.</summary>
    public sealed class IdempotentEndpoint;

    /// <summary>Buffers the body of requests that carry an Idempotency-Key, so the filter can fingerprint it after binding.</summary>
    public static IApplicationBuilder UseIdempotencyBuffering(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.ContainsKey(IdempotencyFilter.Header)
                && context.GetEndpoint()?.Metadata.GetMetadata<IdempotentEndpoint>() is not null)
            {
                context.Request.EnableBuffering();
            }

            await next(context);
        });
}
