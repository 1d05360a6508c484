namespace CivicHub.Core.Outreach;

/// <summary>A decision to tell a citizen something, before a channel is chosen for it.</summary>
public sealed record Notification(Guid Id, string Kind, Guid CitizenId, Guid? CaseId, string Author)
{
    /// <summary>Values the template needs beyond the case and the citizen ("text", "appointment_time", ...).</summary>
    public IReadOnlyDictionary<string, string> Data { get; init; } = new Dictionary<string, string>();

    /// <summary>The provider message this one answers, when it goes back on the channel it came from.</summary>
    public string? InReplyTo { get; init; }

    /// <summary>The id of the notification an event causes: the same event and kind always give the same id, on every host.</summary>
    public static Guid IdFor(long eventId, string kind) => Derived($"event:{eventId}:{kind}");

    /// <summary>A stable id derived from a name, so that deciding twice yields the same notification.</summary>
    public static Guid Derived(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name), hash);
        return new Guid(hash[..16]);
    }
}
