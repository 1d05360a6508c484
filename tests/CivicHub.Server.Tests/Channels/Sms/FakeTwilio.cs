using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CivicHub.Server.Tests.Channels.Sms;

/// <summary>
/// Twilio's Messages REST API as its documentation describes it, on a real loopback HTTP server: Basic auth with
/// the account SID and auth token, a form-encoded To/From/Body, 201 with the Message resource, and Twilio's JSON
/// error body ({code, message, more_info, status}) for every refusal.
/// </summary>
public sealed class FakeTwilio : IAsyncDisposable
{
    private readonly string _accountSid;
    private readonly string _authToken;
    private WebApplication? _app;
    private int _failNext;
    private int _rateLimitNext;
    private int _hangNext;

    private FakeTwilio(string accountSid, string authToken)
    {
        _accountSid = accountSid;
        _authToken = authToken;
    }

    public sealed record Sent(string Sid, string To, string From, string Body, string? StatusCallback);

    public ConcurrentQueue<Sent> Messages { get; } = new();

    /// <summary>Requests it refused for not following the API (wrong auth, missing fields): a correct client causes none.</summary>
    public ConcurrentQueue<string> Refused { get; } = new();

    /// <summary>Numbers that texted STOP at the carrier: Twilio answers 21610.</summary>
    public ConcurrentDictionary<string, bool> Unsubscribed { get; } = new();

    /// <summary>Numbers Twilio does not accept as a destination: 21211.</summary>
    public ConcurrentDictionary<string, bool> Invalid { get; } = new();

    /// <summary>Answers the next <paramref name="count"/> requests with a 500, as during an outage.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failNext, count);

    /// <summary>Answers the next request 429 with Twilio's 20429, as when the account sends too fast.</summary>
    public void RateLimitNext() => Interlocked.Exchange(ref _rateLimitNext, 1);

    /// <summary>Never answers the next request (until the client gives up and closes the connection).</summary>
    public void HangNext() => Interlocked.Exchange(ref _hangNext, 1);

    public static async Task<FakeTwilio> StartAsync(int port, string accountSid, string authToken)
    {
        var fake = new FakeTwilio(accountSid, authToken);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        fake._app = builder.Build();
        fake._app.MapPost("/2010-04-01/Accounts/{accountSid}/Messages.json", fake.CreateMessageAsync);
        await fake._app.StartAsync();
        return fake;
    }

    private async Task<IResult> CreateMessageAsync(string accountSid, HttpRequest request)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_accountSid}:{_authToken}"));
        if (request.Headers.Authorization != expected)
        {
            return Error(401, 20003, "Authenticate", "wrong or missing Basic credentials");
        }

        if (accountSid != _accountSid)
        {
            return Error(404, 20404, $"The requested resource /2010-04-01/Accounts/{accountSid}/Messages.json was not found", "wrong account in the path");
        }

        if (!request.HasFormContentType)
        {
            return Error(400, 21602, "Message body is required.", "not form-encoded");
        }

        var form = await request.ReadFormAsync();
        string to = form["To"].ToString(), from = form["From"].ToString(), body = form["Body"].ToString();
        if (to.Length == 0)
        {
            return Error(400, 21604, "A 'To' phone number is required.", "no To");
        }

        if (from.Length == 0)
        {
            return Error(400, 21603, "A 'From' phone number is required.", "no From");
        }

        if (body.Length == 0)
        {
            return Error(400, 21602, "Message body is required.", "no Body");
        }

        if (body.Length > 1_600)
        {
            return Error(400, 21617, "The concatenated message body exceeds the 1600 character limit.", "Body over 1600");
        }

        if (Interlocked.Exchange(ref _hangNext, 0) == 1)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, request.HttpContext.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client timed out and closed the connection, as it should.
            }

            return Results.Empty;
        }

        if (Interlocked.Exchange(ref _rateLimitNext, 0) == 1)
        {
            return Error(429, 20429, "Too Many Requests", null);
        }

        if (Interlocked.Decrement(ref _failNext) >= 0)
        {
            return Error(500, 20500, "Internal Server Error", null);
        }

        if (Unsubscribed.ContainsKey(to))
        {
            return Error(400, 21610, "Attempt to send to unsubscribed recipient", null);
        }

        if (Invalid.ContainsKey(to))
        {
            return Error(400, 21211, $"The 'To' number {to} is not a valid phone number.", null);
        }

        var sid = "SM" + Guid.NewGuid().ToString("N");
        var statusCallback = form.TryGetValue("StatusCallback", out var callback) ? callback.ToString() : null;
        Messages.Enqueue(new Sent(sid, to, from, body, statusCallback));
        var now = DateTimeOffset.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture);
        return Results.Json(
            new Dictionary<string, object?>
            {
                ["account_sid"] = _accountSid,
                ["api_version"] = "2010-04-01",
                ["body"] = body,
                ["date_created"] = now,
                ["date_sent"] = null,
                ["date_updated"] = now,
                ["direction"] = "outbound-api",
                ["error_code"] = null,
                ["error_message"] = null,
                ["from"] = from,
                ["messaging_service_sid"] = null,
                ["num_media"] = "0",
                ["num_segments"] = ((body.Length + 152) / 153).ToString(CultureInfo.InvariantCulture),
                ["price"] = null,
                ["price_unit"] = "USD",
                ["sid"] = sid,
                ["status"] = "queued",
                ["subresource_uris"] = new Dictionary<string, string> { ["media"] = $"/2010-04-01/Accounts/{_accountSid}/Messages/{sid}/Media.json" },
                ["to"] = to,
                ["uri"] = $"/2010-04-01/Accounts/{_accountSid}/Messages/{sid}.json",
            },
            statusCode: 201);
    }

    private IResult Error(int status, int code, string message, string? refusal)
    {
        if (refusal is not null)
        {
            Refused.Enqueue(refusal);
        }

        return Results.Json(
            new { code, message, more_info = $"https://www.twilio.com/docs/errors/{code}", status },
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
