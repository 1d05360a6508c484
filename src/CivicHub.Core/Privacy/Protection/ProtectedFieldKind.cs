namespace CivicHub.Core.Privacy.Protection;

/// <summary>The kinds of personal fields encrypted at rest; each has its own Data Protection purpose.</summary>
public enum ProtectedFieldKind
{
    DateOfBirth,
    Demographics,
    NationalId,
    SensitiveFormAnswer,
    SensitiveNote,
}
