namespace CivicHub.Core.Citizens;

/// <summary>A way to reach a citizen (a phone number, an email address, an account), unique per kind and normalised value.</summary>
public sealed class ChannelIdentity
{
    public Guid Id { get; set; }

    public Guid CitizenId { get; set; }

    public IdentityKind Kind { get; set; }

    /// <summary>The normalised value: E.164 phone, case-folded email, "provider:id" for social accounts.</summary>
    public required string Value { get; set; }

    /// <summary>The value as the citizen wrote it, for display.</summary>
    public required string Display { get; set; }

    public bool Verified { get; set; }

    /// <summary>When the citizen asked us to stop using this address (an SMS STOP); nothing is sent to it while set.</summary>
    public DateTime? OptedOutAt { get; set; }

    public DateTime CreatedAt { get; set; }
}
