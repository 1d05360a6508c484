namespace CivicHub.Core.Accounts;

/// <summary>
/// Where a state login led: signed in (Citizen set), linked to the signed-in account, or to an existing account whose
/// password the citizen must enter once before the login is linked (Email names it).
/// </summary>
public sealed record FederatedSignIn(FederatedSignIn.Step Next, SignedInCitizen? Citizen, string? Email)
{
    public enum Step
    {
        SignedIn,
        Linked,
        PasswordNeeded,
    }
}
