namespace CivicHub.Core.Outreach;

/// <summary>A provider's answer to one send.</summary>
public sealed record SendResult(SendOutcome Outcome, string? ProviderMessageId = null, string? Error = null)
{
    public static SendResult Sent(string providerMessageId) => new(SendOutcome.Sent, providerMessageId);

    public static SendResult Retry(string error) => new(SendOutcome.Retry, Error: error);

    public static SendResult Rejected(string error) => new(SendOutcome.Rejected, Error: error);
}
