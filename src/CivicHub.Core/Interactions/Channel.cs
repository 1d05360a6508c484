namespace CivicHub.Core.Interactions;

/// <summary>Every way a citizen and the government reach each other.</summary>
public enum Channel
{
    Web,
    Mobile,
    Chat,
    Phone,
    Sms,
    Email,
    Mail,
    InPerson,
    Social,
}
