using System.ComponentModel.DataAnnotations;

namespace CivicHub.Core.Attachments;

/// <summary>How much a citizen may attach to one message; what is over the limits is noted on the timeline, not kept.</summary>
public sealed class AttachmentOptions
{
    /// <summary>The largest file kept, in bytes.</summary>
    [Range(1, 100 * 1024 * 1024)]
    public int MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>The most files kept from one message.</summary>
    [Range(0, 100)]
    public int MaxCount { get; set; } = 10;
}
