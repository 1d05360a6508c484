namespace CivicHub.Core.Citizens.Matching;

/// <summary>How closely two values of one field agree; each level has its own m and u probability.</summary>
public enum AgreementLevel
{
    Exact,
    Close,
    Partial,
    Disagree,

    /// <summary>One side has no value: no evidence either way, weight 0.</summary>
    Missing,
}
