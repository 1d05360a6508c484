using System.Xml.Linq;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CivicHub.Channels.Sms;

/// <summary>Plugs the SMS channel into the host: its options, its sender and its two provider webhooks.</summary>
public static class SmsChannelExtensions
{
    public static IServiceCollection AddSmsChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmsOptions>().Bind(configuration.GetSection(SmsOptions.Section))
            .Validate(o => !o.Enabled || !string.IsNullOrWhiteSpace(o.AccountSid), "Channels:Sms:AccountSid is required when the SMS channel is enabled.")
            .Validate(o => !o.Enabled || !string.IsNullOrWhiteSpace(o.AuthToken), "Channels:Sms:AuthToken is required when the SMS channel is enabled.")
            .Validate(o => !o.Enabled || !string.IsNullOrWhiteSpace(o.From), "Channels:Sms:From (the number texts are sent from) is required when the SMS channel is enabled.")
            .Validate(o => o.BaseUrl is null || o.BaseUrl.IsAbsoluteUri, "Channels:Sms:BaseUrl must be an absolute address.")
            .Validate(o => o.PublicBaseUrl is null || o.PublicBaseUrl.IsAbsoluteUri, "Channels:Sms:PublicBaseUrl must be an absolute address.")
            .Validate(o => o.Timeout > TimeSpan.Zero && o.Timeout <= TimeSpan.FromMinutes(2), "Channels:Sms:Timeout must be between 0 and 2 minutes.")
            .ValidateOnStart();
        services.AddHttpClient(TwilioSmsSender.HttpClientName, (sp, client) =>
        {
            client.Timeout = sp.GetRequiredService<IOptions<SmsOptions>>().Value.Timeout;
            client.DefaultRequestHeaders.UserAgent.ParseAdd("CivicHub-Sms/1.0");
        });
        services.AddScoped<SmsOptOuts>();
        services.AddScoped<SmsInbound>();
        services.AddProviderSender<TwilioSmsSender>(Channel.Sms, sp => sp.GetRequiredService<IOptions<SmsOptions>>().Value.BaseUrl);
        return services;
    }

    /// <summary>Maps POST /channels/sms/inbound and /channels/sms/status: anonymous, each request proven by its signature.</summary>
    public static IEndpointRouteBuilder MapSmsChannel(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/channels/sms").AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        group.MapPost("/inbound", InboundAsync);
        group.MapPost("/status", StatusAsync);
        return app;
    }

    private static async Task<IResult> InboundAsync(HttpContext http, SmsInbound inbound, IOptions<SmsOptions> options, CancellationToken cancellationToken)
    {
        var (form, refusal) = await VerifiedFormAsync(http, options.Value, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var received = await inbound.ReceiveAsync(form!, cancellationToken);
        return received.Succeeded ? TwiML(received.Value) : Problem(received.Problem!);
    }

    private static async Task<IResult> StatusAsync(HttpContext http, SmsInbound inbound, IOptions<SmsOptions> options, CancellationToken cancellationToken)
    {
        var (form, refusal) = await VerifiedFormAsync(http, options.Value, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var recorded = await inbound.StatusAsync(form!, cancellationToken);
        return recorded.Succeeded ? TwiML(null) : Problem(recorded.Problem!);
    }

    /// <summary>The webhook's parameters when the provider signed them with our token; else the answer that refuses it.</summary>
    private static async Task<(Dictionary<string, string>? Form, IResult? Refusal)> VerifiedFormAsync(
        HttpContext http, SmsOptions options, CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "The SMS channel is not enabled."));
        }

        if (!http.Request.HasFormContentType)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: "Send the webhook as application/x-www-form-urlencoded."));
        }

        var posted = await http.Request.ReadFormAsync(cancellationToken);
        var parameters = posted.SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? ""))).ToList();
        var url = SignedUrl(http.Request, options.PublicBaseUrl);
        if (!TwilioSignature.IsValid(options.AuthToken!, url, parameters, http.Request.Headers["X-Twilio-Signature"]))
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: "The X-Twilio-Signature header is missing or does not match this request."));
        }

        if (posted.TryGetValue("AccountSid", out var account) && !string.Equals(account.ToString(), options.AccountSid, StringComparison.Ordinal))
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "The webhook is for another account."));
        }

        return (posted.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal), null);
    }

    /// <summary>The URL the provider called: behind a proxy the configured public address, else the request's own.</summary>
    private static string SignedUrl(HttpRequest request, Uri? publicBaseUrl)
    {
        if (publicBaseUrl is null)
        {
            return request.GetEncodedUrl();
        }

        return publicBaseUrl.GetLeftPart(UriPartial.Authority) + publicBaseUrl.AbsolutePath.TrimEnd('/')
            + request.PathBase.ToUriComponent() + request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
    }

    /// <summary>Twilio's answer format: an empty Response, or one Message the provider texts back at once.</summary>
    private static ContentHttpResult TwiML(string? reply)
    {
        var response = new XElement("Response");
        if (reply is not null)
        {
            response.Add(new XElement("Message", reply));
        }

        var document = new XDocument(new XDeclaration("1.0", "UTF-8", null), response);
        return TypedResults.Text(document.Declaration + document.ToString(SaveOptions.DisableFormatting), "text/xml", System.Text.Encoding.UTF8);
    }

    private static IResult Problem(OutcomeProblem problem) =>
        problem.Errors is { } errors
            ? TypedResults.ValidationProblem(errors, detail: string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")),
                title: "The webhook is not a valid message.")
            : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: problem.Detail);
}
