using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace CivicHub.Server.Tests.Channels.Chat;

/// <summary>Collects the events a hub sends to one connection, so a test can wait for the next one with a timeout.</summary>
public sealed class HubEvents
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly Dictionary<string, Channel<JsonElement>> _events = [];

    public HubEvents(HubConnection connection, params string[] names)
    {
        foreach (var name in names)
        {
            var channel = Channel.CreateUnbounded<JsonElement>();
            _events[name] = channel;
            connection.On<JsonElement>(name, e => channel.Writer.TryWrite(e));
        }
    }

    /// <summary>The next event of that name, or a failure after the timeout.</summary>
    public async Task<JsonElement> NextAsync(string name)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            return await _events[name].Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"No '{name}' event arrived within {Timeout.TotalSeconds} s.");
            throw;
        }
    }

    /// <summary>The next event of that name that matches, skipping others (events of other tests' conversations).</summary>
    public async Task<JsonElement> NextAsync(string name, Func<JsonElement, bool> match)
    {
        while (true)
        {
            var next = await NextAsync(name);
            if (match(next))
            {
                return next;
            }
        }
    }

    public bool Any(string name) => _events[name].Reader.TryPeek(out _);
}
