namespace CivicHub.Core.Privacy.Agreements;

/// <summary>Where an agreement is in its life: only an active one shares anything.</summary>
public enum AgreementStatus
{
    Draft,
    Active,
    Ended,
}
