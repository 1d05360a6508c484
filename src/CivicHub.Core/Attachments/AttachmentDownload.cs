using CivicHub.Core.Data;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Privacy;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Attachments;

/// <summary>Hands one kept file to a member of staff who may see the interaction it came with.</summary>
public sealed class AttachmentDownload(CivicHubDb db, RecordAccess access)
{
    public sealed record File(string FileName, string ContentType, string Sha256, byte[] Content, Guid CitizenId);

    public async Task<Outcome<File>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        // Ask first, with the ids only: the content is read only for someone who may have it.
        var owner = await db.Attachments.AsNoTracking().Where(a => a.Id == id)
            .Join(db.Interactions, a => a.InteractionId, i => i.Id, (a, i) => new { i.CitizenId, i.CaseId })
            .FirstOrDefaultAsync(cancellationToken);
        if (owner is null || !await MaySeeAsync(owner.CitizenId, owner.CaseId, cancellationToken))
        {
            return OutcomeProblem.NotFound("No attachment has that id.");
        }

        var file = await db.Attachments.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new File(a.FileName, a.ContentType, a.Sha256, a.Content, a.CitizenId))
            .FirstOrDefaultAsync(cancellationToken);
        return file is null ? OutcomeProblem.NotFound("No attachment has that id.") : file;
    }

    /// <summary>
    /// A citizen's own file (one they sent on any channel), for their download from the portal. Another citizen's
    /// file is "not found", as one that does not exist, so ids cannot be probed.
    /// </summary>
    public async Task<Outcome<File>> ForCitizenAsync(Guid id, Guid citizenId, CancellationToken cancellationToken)
    {
        var file = await db.Attachments.AsNoTracking().Where(a => a.Id == id && a.CitizenId == citizenId)
            .Select(a => new File(a.FileName, a.ContentType, a.Sha256, a.Content, a.CitizenId))
            .FirstOrDefaultAsync(cancellationToken);
        return file is null ? OutcomeProblem.NotFound("No attachment has that id.") : file;
    }

    private async Task<bool> MaySeeAsync(Guid citizenId, Guid? caseId, CancellationToken cancellationToken)
    {
        var visible = await access.CitizenAsync(citizenId, cancellationToken);
        if (caseId is null)
        {
            return visible.ContactDetails.Allowed;
        }

        var @case = await db.Cases.AsNoTracking().Where(c => c.Id == caseId).Select(c => new { c.DepartmentId, c.ServiceId }).FirstAsync(cancellationToken);
        return visible.Unrestricted || visible.Cases.Shows(@case.DepartmentId, @case.ServiceId);
    }
}
