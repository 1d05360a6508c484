using System.Text.Json.Serialization;
using CivicHub.Server.Tests.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Channels.Chat;

/// <summary>Real SignalR clients (WebSockets) of the test host's chat hubs, as the widget and the desk connect.</summary>
public static class ChatConnections
{
    /// <summary>A visitor's connection to /hubs/chat from a page on <paramref name="origin"/>.</summary>
    public static Task<HubConnection> VisitorAsync(this CivicHubHost host, string origin = CivicHubHost.ChatOrigin) =>
        StartAsync(host, "/hubs/chat", accessToken: null, origin);

    /// <summary>An agent's connection to /hubs/desk-chat with a staff token, sent as the browser client sends it (access_token in the query).</summary>
    public static async Task<HubConnection> AgentAsync(this CivicHubHost host, string userName = "dana")
    {
        var staff = await host.StaffClientAsync(userName);
        return await StartAsync(host, "/hubs/desk-chat", staff.DefaultRequestHeaders.Authorization!.Parameter, origin: null);
    }

    public static HubConnection Build(CivicHubHost host, string path, string? accessToken, string? origin)
    {
        host.RequireDatabase();
        var server = host.Server;
        return new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, path), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.HttpMessageHandlerFactory = _ => server.CreateHandler();
                if (accessToken is not null)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
                }

                options.Headers["Origin"] = origin ?? server.BaseAddress.GetLeftPart(UriPartial.Authority);
                options.WebSocketFactory = async (context, cancellationToken) =>
                {
                    var client = server.CreateWebSocketClient();
                    client.ConfigureRequest = request => request.Headers.Origin = origin ?? server.BaseAddress.GetLeftPart(UriPartial.Authority);
                    var uri = accessToken is null ? context.Uri : new Uri($"{context.Uri}&access_token={Uri.EscapeDataString(accessToken)}");
                    return await client.ConnectAsync(uri, cancellationToken);
                };
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower)))
            .Build();
    }

    private static async Task<HubConnection> StartAsync(CivicHubHost host, string path, string? accessToken, string? origin)
    {
        var connection = Build(host, path, accessToken, origin);
        await connection.StartAsync();
        return connection;
    }

    /// <summary>Invokes a hub method and asserts it answered ok; returns the value.</summary>
    public static async Task<JsonElement> OkAsync(this HubConnection connection, string method, params object?[] args)
    {
        var reply = await connection.InvokeCoreAsync<JsonElement>(method, args);
        Assert.True(reply.GetProperty("ok").GetBoolean(), $"{method} was refused: {reply}");
        return reply.GetProperty("value");
    }

    /// <summary>Invokes a hub method and asserts it was refused with that error code; returns the error.</summary>
    public static async Task<JsonElement> RefusedAsync(this HubConnection connection, string code, string method, params object?[] args)
    {
        var reply = await connection.InvokeCoreAsync<JsonElement>(method, args);
        Assert.False(reply.GetProperty("ok").GetBoolean(), $"{method} was accepted: {reply}");
        var error = reply.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("detail").GetString()));
        return error;
    }

    /// <summary>Starts a chat session; returns the token to keep.</summary>
    public static async Task<string> StartChatAsync(this HubConnection visitor, string? department = null, string? language = "en")
    {
        var started = await visitor.OkAsync("Start", new { sessionToken = (string?)null, department, language });
        return started.GetProperty("sessionToken").GetString()!;
    }

    public static Task<JsonElement> SayAsync(this HubConnection visitor, string text, string? messageId = null) =>
        visitor.OkAsync("Send", new { messageId = messageId ?? Guid.NewGuid().ToString("N"), text });

    /// <summary>The session a token stands for, read from the database by the token's hash.</summary>
    public static Task<Guid> SessionIdAsync(this CivicHubHost host, string token) =>
        host.InDbAsync(async db =>
        {
            var hash = CivicHub.Channels.Chat.SessionToken.Hash(token);
            return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.ChatSessions.Where(s => s.TokenHash == hash).Select(s => s.Id));
        });

    public static T Service<T>(this CivicHubHost host)
        where T : notnull => host.Services.GetRequiredService<T>();
}
