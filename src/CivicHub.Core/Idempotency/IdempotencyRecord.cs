namespace CivicHub.Core.Idempotency;

/// <summary>
/// The stored answer to a POST sent with an Idempotency-Key, written in the same transaction as what the POST
/// created, so a retry gets the first answer back and never creates twice.
/// </summary>
public sealed class IdempotencyRecord
{
    public long Id { get; set; }

    /// <summary>Who sent it ("staff:{id}", "integration:{client}"); keys are scoped to their sender.</summary>
    public required string Caller { get; set; }

    public required string Key { get; set; }

    /// <summary>Method, path and a SHA-256 of the body, so a key reused for a different request is refused.</summary>
    public required string RequestFingerprint { get; set; }

    public int StatusCode { get; set; }

    public string? Location { get; set; }

    public string? ResponseBody { get; set; }

    public DateTime CreatedAt { get; set; }
}
