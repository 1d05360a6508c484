using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CivicHub.Server.Tests.Channels.Social;

/// <summary>
/// The Messenger Send API as Meta documents it, on a real loopback HTTP server: POST /{version}/me/messages with
/// the Page access token in the query and a JSON {recipient:{id}, messaging_type, message:{text}}; 200 with
/// {recipient_id, message_id}; Graph API errors as {error:{message, type, code, error_subcode, fbtrace_id}}.
/// </summary>
public sealed class FakeGraphApi : IAsyncDisposable
{
    private readonly string _pageToken;
    private WebApplication? _app;
    private int _failNext;

    private FakeGraphApi(string pageToken) => _pageToken = pageToken;

    public sealed record Sent(string MessageId, string Version, string RecipientId, string MessagingType, string Text);

    public ConcurrentQueue<Sent> Messages { get; } = new();

    /// <summary>Requests it refused for not following the API: a correct client causes none.</summary>
    public ConcurrentQueue<string> Refused { get; } = new();

    /// <summary>People who cannot be messaged (blocked the Page, deleted their account): code 551.</summary>
    public ConcurrentDictionary<string, bool> Unavailable { get; } = new();

    public void FailNext(int count) => Interlocked.Exchange(ref _failNext, count);

    public static async Task<FakeGraphApi> StartAsync(int port, string pageToken)
    {
        var fake = new FakeGraphApi(pageToken);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        fake._app = builder.Build();
        fake._app.MapPost("/{version}/me/messages", fake.SendAsync);
        await fake._app.StartAsync();
        return fake;
    }

    private async Task<IResult> SendAsync(string version, HttpRequest request)
    {
        if (request.Query["access_token"] != _pageToken)
        {
            return Error(400, "Invalid OAuth access token - Cannot parse access token", "OAuthException", 190, null, "wrong access_token");
        }

        if (!version.StartsWith('v') || request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            return Error(400, "(#100) Unsupported request", "OAuthException", 100, null, "not a versioned JSON request");
        }

        JsonElement body;
        try
        {
            body = (await JsonDocument.ParseAsync(request.Body)).RootElement.Clone();
        }
        catch (JsonException)
        {
            return Error(400, "(#100) The parameter recipient is required", "OAuthException", 100, null, "body is not JSON");
        }

        var recipient = body.TryGetProperty("recipient", out var r) && r.TryGetProperty("id", out var id) ? id.GetString() : null;
        var type = body.TryGetProperty("messaging_type", out var t) ? t.GetString() : null;
        var text = body.TryGetProperty("message", out var m) && m.TryGetProperty("text", out var x) ? x.GetString() : null;
        if (string.IsNullOrEmpty(recipient))
        {
            return Error(400, "(#100) The parameter recipient is required", "OAuthException", 100, null, "no recipient.id");
        }

        if (type is not ("RESPONSE" or "UPDATE" or "MESSAGE_TAG"))
        {
            return Error(400, "(#100) Param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}", "OAuthException", 100, null, "bad messaging_type");
        }

        if (string.IsNullOrEmpty(text))
        {
            return Error(400, "(#100) Must send either message or sender action", "OAuthException", 100, null, "no message.text");
        }

        if (text.Length > 2_000)
        {
            return Error(400, "(#100) Length of param message[text] must be less than or equal to 2000", "OAuthException", 100, null, "text over 2000");
        }

        if (Interlocked.Decrement(ref _failNext) >= 0)
        {
            return Error(500, "An unexpected error has occurred. Please retry your request later.", "OAuthException", 2, null, null);
        }

        if (Unavailable.ContainsKey(recipient))
        {
            return Error(400, "(#551) This person isn't available right now.", "OAuthException", 551, 1545041, null);
        }

        var messageId = "m_" + Guid.NewGuid().ToString("N");
        Messages.Enqueue(new Sent(messageId, version, recipient, type, text));
        return Results.Json(new { recipient_id = recipient, message_id = messageId });
    }

    private IResult Error(int status, string message, string type, int code, int? subcode, string? refusal)
    {
        if (refusal is not null)
        {
            Refused.Enqueue(refusal);
        }

        return Results.Json(
            new { error = new { message, type, code, error_subcode = subcode, fbtrace_id = "AbCdEf" + Guid.NewGuid().ToString("N")[..10] } },
            statusCode: status);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
