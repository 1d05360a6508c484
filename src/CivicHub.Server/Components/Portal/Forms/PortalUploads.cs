using System.Globalization;
using CivicHub.Core.Attachments;
using CivicHub.Core.Intake;
using Microsoft.Extensions.Localization;

namespace CivicHub.Server.Components.Portal.Forms;

/// <summary>
/// Turns the files of a portal form into what the Core checks and keeps, and the Core's refusals into the form's
/// error summary in the citizen's language. The rules themselves are the Core's (AttachmentRules).
/// </summary>
public static class PortalUploads
{
    /// <summary>What the file picker offers first; only a hint to the browser, the Core decides by the content.</summary>
    public const string Accept = ".pdf,.jpg,.jpeg,.png,.gif,.heic,.heif,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.txt";

    public static async Task<IReadOnlyList<InboundAttachment>> ReadAsync(
        IFormFileCollection? form, string name, AttachmentRules rules, CancellationToken cancellationToken)
    {
        var files = new List<InboundAttachment>();
        foreach (var file in form?.GetFiles(name) ?? [])
        {
            // A form sent with nothing chosen carries one part without a name or bytes: no file, not an empty one.
            if (string.IsNullOrEmpty(file.FileName) && file.Length == 0)
            {
                continue;
            }

            // One byte over the limit is enough for the Core to refuse it: a large file is never held whole in memory.
            var keep = (int)Math.Min(file.Length, (long)rules.Limits.MaxBytes + 1);
            var content = new byte[keep];
            await using (var stream = file.OpenReadStream())
            {
                await stream.ReadAtLeastAsync(content, keep, throwOnEndOfStream: false, cancellationToken);
            }

            files.Add(new InboundAttachment(file.FileName, file.ContentType) { Content = content });
        }

        return files;
    }

    /// <summary>Adds one message for every refused file to the input, or nothing when every file may be kept.</summary>
    public static bool Refuse(
        FormErrors errors, string inputId, IReadOnlyList<AttachmentRefusal> refusals, AttachmentOptions limits, IStringLocalizer<PortalText> text)
    {
        if (refusals.Count == 0)
        {
            return false;
        }

        var messages = refusals.Select(r => r.Reason switch
        {
            AttachmentRefusalReason.Empty => string.Format(CultureInfo.CurrentCulture, text["Upload.Empty"], r.FileName),
            AttachmentRefusalReason.TooLarge => string.Format(CultureInfo.CurrentCulture, text["Upload.TooLarge"], r.FileName, Megabytes(limits.MaxBytes)),
            AttachmentRefusalReason.TooMany => string.Format(CultureInfo.CurrentCulture, text["Upload.TooMany"], limits.MaxCount),
            _ => string.Format(CultureInfo.CurrentCulture, text["Upload.NotAccepted"], r.FileName),
        });
        errors.Add(inputId, string.Join(" ", messages));
        return true;
    }

    /// <summary>A byte count as the megabytes a citizen reads ("10"), with one decimal when it is not whole.</summary>
    public static string Megabytes(long bytes) => (bytes / (1024d * 1024d)).ToString("0.#", CultureInfo.CurrentCulture);

    /// <summary>A file's size as a citizen reads it next to its name.</summary>
    public static string Size(long bytes) => bytes < 1024 * 1024
        ? string.Create(CultureInfo.CurrentCulture, $"{Math.Max(1, bytes / 1024)} KB")
        : string.Create(CultureInfo.CurrentCulture, $"{bytes / (1024d * 1024d):0.#} MB");
}
