namespace CivicHub.Core.Citizens;

/// <summary>The kinds of address by which a citizen is reached.</summary>
public enum IdentityKind
{
    Phone,
    Email,
    Portal,
    Social,
    Postal,

    /// <summary>An app installation's device id (Open311 device_id): reaches nobody, but recognises the same reporter again.</summary>
    Device,
}
