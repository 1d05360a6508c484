namespace CivicHub.Core.Intake;

/// <summary>A file that came with an inbound message: its bytes when the channel carries them, or the provider's link.</summary>
public sealed record InboundAttachment(string FileName, string ContentType)
{
    public ReadOnlyMemory<byte>? Content { get; init; }

    /// <summary>Where the provider keeps the file (MMS MediaUrlN), when the bytes did not come with the message.</summary>
    public string? Url { get; init; }
}
