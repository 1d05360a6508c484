using CivicHub.Core.Data;
using CivicHub.Core.Outcomes;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Attachments;

/// <summary>Hands one kept file to a member of staff.</summary>
public sealed class AttachmentDownload(CivicHubDb db)
{
    public sealed record File(string FileName, string ContentType, string Sha256, byte[] Content, Guid CitizenId);

    public async Task<Outcome<File>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var file = await db.Attachments.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new File(a.FileName, a.ContentType, a.Sha256, a.Content, a.CitizenId))
            .FirstOrDefaultAsync(cancellationToken);
        return file is null ? OutcomeProblem.NotFound("No attachment has that id.") : file;
    }
}
