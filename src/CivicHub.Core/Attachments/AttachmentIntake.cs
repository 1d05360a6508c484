using System.Globalization;
using System.Security.Cryptography;
using CivicHub.Core.Data;
using CivicHub.Core.Intake;
using CivicHub.Core.Interactions;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Attachments;

/// <summary>
/// Adds the files that came with a contact to the interaction that records it, in the same unit of work, within the
/// limits. A file over the limits is not kept but named in the interaction's text, so staff know it was sent.
/// </summary>
public sealed class AttachmentIntake(CivicHubDb db, IOptions<AttachmentOptions> options, TimeProvider time)
{
    public void AddTo(Interaction interaction, IReadOnlyList<InboundAttachment>? files)
    {
        if (files is null || files.Count == 0)
        {
            return;
        }

        var limits = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var kept = 0;
        var notKept = new List<string>();
        foreach (var file in files)
        {
            var name = AttachmentFileName.Sanitize(file.FileName);

            // Files only linked (MMS media on the provider's server) are the channel's to fetch; nothing to keep here.
            if (file.Content is not { } content)
            {
                continue;
            }

            if (content.Length > limits.MaxBytes)
            {
                notKept.Add(string.Create(CultureInfo.InvariantCulture, $"{name} (larger than {limits.MaxBytes / 1024} KB)"));
                continue;
            }

            if (kept >= limits.MaxCount)
            {
                notKept.Add(string.Create(CultureInfo.InvariantCulture, $"{name} (more than {limits.MaxCount} files)"));
                continue;
            }

            // What the sender says the file is counts for nothing; its first bytes decide, against the accepted kinds.
            if (AttachmentKinds.Recognise(content.Span, name) is not { } contentType)
            {
                notKept.Add($"{name} (not an accepted kind of file)");
                continue;
            }

            var bytes = content.ToArray();
            db.Attachments.Add(new Attachment
            {
                Id = Guid.CreateVersion7(),
                Interaction = interaction,
                CitizenId = interaction.CitizenId,
                CaseId = interaction.CaseId,
                FileName = name,
                ContentType = contentType,
                Length = bytes.Length,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
                Content = bytes,
                CreatedAt = now,
            });
            kept++;
        }

        if (notKept.Count > 0)
        {
            var note = $"\n\n[Attachments not kept: {string.Join(", ", notKept)}]";
            interaction.Body = interaction.Body.Length + note.Length <= 100_000 ? interaction.Body + note : interaction.Body;
        }
    }
}
