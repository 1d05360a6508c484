using System.Globalization;
using CivicHub.Core.Intake;
using CivicHub.Core.Outcomes;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Attachments;

/// <summary>
/// The strict check for files a citizen uploads themselves (the portal): unlike a channel that delivers what it was
/// sent (AttachmentIntake keeps what fits and notes the rest), a person at a form can choose again, so a file over the
/// limits refuses the whole submission and nothing is recorded.
/// </summary>
public sealed class AttachmentRules(IOptions<AttachmentOptions> options)
{
    /// <summary>The field name the Core's validation answers use for uploaded files.</summary>
    public const string Field = "attachments";

    /// <summary>Room for a form's text fields and the multipart headers of each part.</summary>
    public const long FormAllowanceBytes = 1024 * 1024;

    public AttachmentOptions Limits => options.Value;

    /// <summary>
    /// The largest request body a form with uploads needs: every file at its largest, plus room for the form's own
    /// fields and the multipart framing. Anything larger cannot be a valid submission, so it is refused before it is read.
    /// </summary>
    public long MaxUploadRequestBytes => ((long)Limits.MaxCount * Limits.MaxBytes) + FormAllowanceBytes;

    public IReadOnlyList<AttachmentRefusal> Check(IReadOnlyList<InboundAttachment>? files)
    {
        var refused = new List<AttachmentRefusal>();
        if (files is null)
        {
            return refused;
        }

        var limits = Limits;
        for (var i = 0; i < files.Count; i++)
        {
            var name = AttachmentFileName.Sanitize(files[i].FileName);
            var content = files[i].Content ?? ReadOnlyMemory<byte>.Empty;
            if (i >= limits.MaxCount)
            {
                refused.Add(new AttachmentRefusal(name, AttachmentRefusalReason.TooMany));
                break;
            }

            if (content.IsEmpty)
            {
                refused.Add(new AttachmentRefusal(name, AttachmentRefusalReason.Empty));
            }
            else if (content.Length > limits.MaxBytes)
            {
                refused.Add(new AttachmentRefusal(name, AttachmentRefusalReason.TooLarge));
            }
            else if (AttachmentKinds.Recognise(content.Span, name) is null)
            {
                refused.Add(new AttachmentRefusal(name, AttachmentRefusalReason.NotAccepted));
            }
        }

        return refused;
    }

    /// <summary>Adds the refusals to a use case's validation answer, in English, under <see cref="Field"/>.</summary>
    public ValidationErrors Check(IReadOnlyList<InboundAttachment>? files, ValidationErrors errors)
    {
        foreach (var refusal in Check(files))
        {
            errors.Add(Field, refusal.Reason switch
            {
                AttachmentRefusalReason.Empty => $"{refusal.FileName}: the file is empty.",
                AttachmentRefusalReason.TooLarge => string.Create(CultureInfo.InvariantCulture, $"{refusal.FileName}: larger than {Limits.MaxBytes / 1024} KB."),
                AttachmentRefusalReason.TooMany => string.Create(CultureInfo.InvariantCulture, $"Attach at most {Limits.MaxCount} files."),
                _ => $"{refusal.FileName}: not an accepted kind of file.",
            });
        }

        return errors;
    }
}
