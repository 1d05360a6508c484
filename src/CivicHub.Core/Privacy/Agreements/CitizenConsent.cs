using CivicHub.Core.Interactions;

namespace CivicHub.Core.Privacy.Agreements;

/// <summary>A citizen's consent to one agreement that needs it: given on a channel, and withdrawable at any time.</summary>
public sealed class CitizenConsent
{
    public Guid Id { get; set; }

    public Guid CitizenId { get; set; }

    public Guid AgreementId { get; set; }

    public DateTime GivenAt { get; set; }

    public DateTime? WithdrawnAt { get; set; }

    /// <summary>Where the citizen said so: the portal (web), or a call or counter visit that staff recorded.</summary>
    public Channel Channel { get; set; }

    /// <summary>Who recorded it ("citizen:..." or "staff:..."), for the record of who may have pressed the button.</summary>
    public required string RecordedBy { get; set; }
}
