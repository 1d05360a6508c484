using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CivicHub.Server.Tests.Hosting;

/// <summary>Keeps every log entry a host writes (past the host's own level settings), to check what reaches the logs.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    /// <summary>One log entry as a log store would keep it: the message, its structured properties and its exception.</summary>
    public sealed record Entry(string Category, LogLevel Level, string Message, IReadOnlyList<KeyValuePair<string, string?>> Properties, string? Exception)
    {
        public string AllText => string.Join('\n', [Category, Message, .. Properties.Select(p => $"{p.Key}={p.Value}"), Exception ?? string.Empty]);
    }

    public IReadOnlyList<Entry> Entries => [.. _entries];

    /// <summary>What the host logged as errors, to say why a request failed.</summary>
    public string Errors() => string.Join("\n\n", _entries.Where(e => e.Level >= LogLevel.Error).Select(e => e.AllText));

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.Select(p => new KeyValuePair<string, string?>(p.Key, Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture))).ToList()
                : [];
            entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), properties, exception?.ToString()));
        }
    }
}
