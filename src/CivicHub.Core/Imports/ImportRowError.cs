namespace CivicHub.Core.Imports;

/// <summary>A row that was not imported: where it starts in the file and why (never the row's personal data).</summary>
public sealed record ImportRowError(int Line, string Reason);
