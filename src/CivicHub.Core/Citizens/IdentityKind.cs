namespace CivicHub.Core.Citizens;

/// <summary>The kinds of address by which a citizen is reached.</summary>
public enum IdentityKind
{
    Phone,
    Email,
    Portal,
    Social,
    Postal,
}
