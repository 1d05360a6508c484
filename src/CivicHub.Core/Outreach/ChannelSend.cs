namespace CivicHub.Core.Outreach;

/// <summary>What a channel adapter needs to send one outbox message.</summary>
public sealed record ChannelSend(Guid MessageId, string Recipient, string Body)
{
    public string? Subject { get; init; }

    public string? HtmlBody { get; init; }

    public string Language { get; init; } = "en";

    /// <summary>The case the message is about, for subjects and threading.</summary>
    public string? CaseReference { get; init; }

    /// <summary>The provider message this one answers (an email's In-Reply-To).</summary>
    public string? InReplyTo { get; init; }

    /// <summary>The earlier provider messages of the conversation, oldest first (an email's References).</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>The endpoint to send from (the department's mailbox, the SMS number the citizen wrote to), when known.</summary>
    public string? From { get; init; }
}
