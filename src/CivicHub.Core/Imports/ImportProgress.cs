namespace CivicHub.Core.Imports;

/// <summary>The running tallies of an import, reported after every batch.</summary>
public sealed record ImportProgress(int Processed, int Linked, int Reviews, int Created, int Skipped, int Failed, TimeSpan Elapsed)
{
    public double RecordsPerSecond => Elapsed.TotalSeconds <= 0 ? 0 : Processed / Elapsed.TotalSeconds;
}
