using System.Security.Cryptography;
using System.Text;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CivicHub.Channels.Social;

/// <summary>Plugs Meta Messenger into the host: its options, its sender and its webhook (handshake and events).</summary>
public static class MessengerChannelExtensions
{
    /// <summary>A Messenger webhook batch is small; anything bigger is not Meta's.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static IServiceCollection AddMessengerChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MessengerOptions>().Bind(configuration.GetSection(MessengerOptions.Section))
            .Validate(o => !o.Enabled || !string.IsNullOrWhiteSpace(o.AppSecret), "Channels:Messenger:AppSecret is required when Messenger is enabled.")
            .Validate(o => !o.Enabled || !string.IsNullOrWhiteSpace(o.VerifyToken), "Channels:Messenger:VerifyToken is required when Messenger is enabled.")
            .Validate(o => !o.Enabled || !string.IsNullOrWhiteSpace(o.PageAccessToken), "Channels:Messenger:PageAccessToken is required when Messenger is enabled.")
            .Validate(o => o.BaseUrl is null || o.BaseUrl.IsAbsoluteUri, "Channels:Messenger:BaseUrl must be an absolute address.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.GraphVersion) && o.GraphVersion.StartsWith('v'), "Channels:Messenger:GraphVersion must look like v21.0.")
            .Validate(o => o.Timeout > TimeSpan.Zero && o.Timeout <= TimeSpan.FromMinutes(2), "Channels:Messenger:Timeout must be between 0 and 2 minutes.")
            .ValidateOnStart();
        services.AddHttpClient(MessengerSender.HttpClientName, (sp, client) =>
        {
            client.Timeout = sp.GetRequiredService<IOptions<MessengerOptions>>().Value.Timeout;
            client.DefaultRequestHeaders.UserAgent.ParseAdd("CivicHub-Messenger/1.0");
        });
        services.AddScoped<MessengerInbound>();
        services.AddProviderSender<MessengerSender>(Channel.Social, sp => sp.GetRequiredService<IOptions<MessengerOptions>>().Value.BaseUrl);
        return services;
    }

    /// <summary>Maps GET and POST /channels/messenger: anonymous, the handshake proven by the verify token, events by their signature.</summary>
    public static IEndpointRouteBuilder MapMessengerChannel(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/channels/messenger").AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        group.MapGet("/", Handshake);
        group.MapPost("/", EventsAsync);
        return app;
    }

    private static IResult Handshake(HttpRequest request, IOptions<MessengerOptions> options)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return NotEnabled();
        }

        var token = request.Query["hub.verify_token"].ToString();
        var matches = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(settings.VerifyToken!));
        if (request.Query["hub.mode"] != "subscribe" || !matches)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "hub.mode or hub.verify_token is not what this endpoint expects.");
        }

        return TypedResults.Text(request.Query["hub.challenge"].ToString(), "text/plain", Encoding.UTF8);
    }

    private static async Task<IResult> EventsAsync(HttpContext http, MessengerInbound inbound, IOptions<MessengerOptions> options, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return NotEnabled();
        }

        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large.");
        }

        // The signature is over the exact bytes Meta sent, so read them before anything parses them.
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, cancellationToken);
        if (!MessengerSignature.IsValid(settings.AppSecret!, buffer.GetBuffer().AsSpan(0, (int)buffer.Length), http.Request.Headers["X-Hub-Signature-256"]))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: "The X-Hub-Signature-256 header is missing or does not match the body.");
        }

        var received = await inbound.ReceiveAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken);
        if (received.Succeeded)
        {
            return TypedResults.Text("EVENT_RECEIVED", "text/plain", Encoding.UTF8);
        }

        var problem = received.Problem!;
        return problem.Kind == ProblemKind.NotFound
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: problem.Detail)
            : TypedResults.ValidationProblem(problem.Errors ?? new Dictionary<string, string[]>(), title: "The webhook is not a valid Messenger event batch.",
                detail: string.Join(" ", (problem.Errors ?? new Dictionary<string, string[]>()).Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
    }

    private static ProblemHttpResult NotEnabled() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "The Messenger channel is not enabled.");
}
