using CivicHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Cases;

/// <summary>Finds a case by the reference a person reads out, in whatever form they typed it.</summary>
public static class CaseLookup
{
    public static async Task<Case?> FindByReferenceAsync(this CivicHubDb db, string? reference, CancellationToken cancellationToken) =>
        CaseReference.Normalize(reference) is { } normalized
            ? await db.Cases.FirstOrDefaultAsync(c => c.Reference == normalized, cancellationToken)
            : null;
}
