namespace CivicHub.Core.Imports;

/// <summary>One record of a CSV file: its first line number and its fields, or why it could not be read.</summary>
public sealed record CsvRow(int Line, IReadOnlyList<string>? Fields, string? Error);
