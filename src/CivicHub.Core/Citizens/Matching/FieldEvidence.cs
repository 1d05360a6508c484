namespace CivicHub.Core.Citizens.Matching;

/// <summary>What one field contributed to a match score: its agreement level and the Fellegi-Sunter weight log2(m/u).</summary>
public sealed record FieldEvidence(MatchField Field, AgreementLevel Level, double Weight);
