using CivicHub.Core.Interactions;

namespace CivicHub.Core.Intake;

/// <summary>One configured way in (the 311 SMS number, the Tax mailbox, a counter), owned by the department it routes to.</summary>
public sealed class ChannelEndpoint
{
    public int Id { get; set; }

    public Channel Channel { get; set; }

    /// <summary>The number, mailbox or name citizens use, normalised like identities.</summary>
    public required string Address { get; set; }

    public required string Name { get; set; }

    public int DepartmentId { get; set; }
}
