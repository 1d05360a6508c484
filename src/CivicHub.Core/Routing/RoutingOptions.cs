using System.ComponentModel.DataAnnotations;

namespace CivicHub.Core.Routing;

/// <summary>Where work goes when nothing more specific says.</summary>
public sealed class RoutingOptions
{
    /// <summary>The department that takes general enquiries no service or endpoint claims (the contact centre).</summary>
    [Required]
    public string DefaultDepartmentCode { get; set; } = "CONTACT";

    /// <summary>How long after its last message a conversation stays open for new messages to thread onto it.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan ConversationWindow { get; set; } = TimeSpan.FromDays(7);
}
