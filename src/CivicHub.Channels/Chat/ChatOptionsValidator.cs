using Microsoft.Extensions.Options;

namespace CivicHub.Channels.Chat;

/// <summary>Refuses chat settings that would fail later: an origin with a path, a limit of zero.</summary>
internal sealed class ChatOptionsValidator : IValidateOptions<ChatOptions>
{
    public ValidateOptionsResult Validate(string? name, ChatOptions options)
    {
        var failures = new List<string>();
        foreach (var origin in options.AllowedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
                || uri.PathAndQuery != "/" || origin.EndsWith('/') || !string.IsNullOrEmpty(uri.UserInfo))
            {
                failures.Add($"{ChatOptions.Section}:AllowedOrigins: '{origin}' is not an origin like https://www.county.example (scheme and host, optional port, no path).");
            }
        }

        if (string.IsNullOrWhiteSpace(options.EndpointAddress))
        {
            failures.Add($"{ChatOptions.Section}:EndpointAddress is required.");
        }

        if (options.MaxMessageLength is < 1 or > 100_000)
        {
            failures.Add($"{ChatOptions.Section}:MaxMessageLength must be between 1 and 100000.");
        }

        // A message of the longest length, JSON-escaped, must still fit in one hub message.
        if (options.MaxReceiveMessageBytes < 1_024 || options.MaxReceiveMessageBytes < options.MaxMessageLength * 2L)
        {
            failures.Add($"{ChatOptions.Section}:MaxReceiveMessageBytes must be at least 1024 and twice MaxMessageLength.");
        }

        if (options.CallsPerMinute < 1)
        {
            failures.Add($"{ChatOptions.Section}:CallsPerMinute must be at least 1.");
        }

        if (options.TranscriptsPerDay < 0)
        {
            failures.Add($"{ChatOptions.Section}:TranscriptsPerDay must not be negative.");
        }

        if (options.SessionLifetime <= TimeSpan.Zero)
        {
            failures.Add($"{ChatOptions.Section}:SessionLifetime must be positive.");
        }

        if (options.HistoryLength is < 1 or > 1_000)
        {
            failures.Add($"{ChatOptions.Section}:HistoryLength must be between 1 and 1000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
