using System.Text;

namespace CivicHub.Core.Attachments;

/// <summary>Turns a file name chosen by a sender into one that is safe to store, show and send back in a download.</summary>
public static class AttachmentFileName
{
    public const int MaxLength = 200;
    public const string Fallback = "attachment";

    public static string Sanitize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return Fallback;
        }

        // Only the last segment: "..\..\boot.ini" or "/etc/passwd" must not name a place.
        var last = name.Replace('\\', '/');
        last = last[(last.LastIndexOf('/') + 1)..];
        var safe = new StringBuilder(last.Length);
        foreach (var c in last.Normalize(NormalizationForm.FormC))
        {
            // Control characters and the characters some file systems or headers give meaning to become underscores.
            safe.Append(char.IsControl(c) || c is '"' or '*' or ':' or '<' or '>' or '?' or '|' or ';' ? '_' : c);
        }

        var result = safe.ToString().Trim().Trim('.').Trim();
        if (result.Length == 0)
        {
            return Fallback;
        }

        if (result.Length > MaxLength)
        {
            // Keep the extension, which tells staff what kind of file it is.
            var extension = Path.GetExtension(result);
            extension = extension.Length is > 0 and <= 20 ? extension : "";
            result = result[..(MaxLength - extension.Length)] + extension;
        }

        return result;
    }

    /// <summary>A media type as "type/subtype" in lower case, or application/octet-stream when it is not one.</summary>
    public static string ContentType(string? contentType)
    {
        var value = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(value) || value.Length > 100)
        {
            return "application/octet-stream";
        }

        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var valid = slash > 0 && slash < value.Length - 1 && value.IndexOf('/', slash + 1) < 0
            && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '+' or '-' or '_');
        return valid ? value : "application/octet-stream";
    }
}
