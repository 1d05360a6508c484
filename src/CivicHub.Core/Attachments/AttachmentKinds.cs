using System.Text;

namespace CivicHub.Core.Attachments;

/// <summary>
/// The kinds of file CivicHub keeps, recognised by their first bytes, never by the name or media type the sender
/// claims: a script renamed "photo.jpg" is not a photo. The media type stored is the one recognised here.
/// </summary>
public static class AttachmentKinds
{
    public const string Pdf = "application/pdf";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Gif = "image/gif";
    public const string Heic = "image/heic";
    public const string PlainText = "text/plain";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Office Open XML and OpenDocument files are zip archives: which one is told by the extension, among these only.</summary>
    private static readonly Dictionary<string, string> ZipOffice = new(StringComparer.OrdinalIgnoreCase)
    {
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        [".odt"] = "application/vnd.oasis.opendocument.text",
        [".ods"] = "application/vnd.oasis.opendocument.spreadsheet",
    };

    /// <summary>The older binary Office formats share one container (OLE compound file).</summary>
    private static readonly Dictionary<string, string> CompoundOffice = new(StringComparer.OrdinalIgnoreCase)
    {
        [".doc"] = "application/msword",
        [".xls"] = "application/vnd.ms-excel",
        [".ppt"] = "application/vnd.ms-powerpoint",
    };

    /// <summary>The media type of an accepted kind of file, or null when the content is not one of them.</summary>
    public static string? Recognise(ReadOnlySpan<byte> content, string fileName)
    {
        var extension = Path.GetExtension(fileName);
        if (content.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        if (content.StartsWith("GIF87a"u8) || content.StartsWith("GIF89a"u8))
        {
            return Gif;
        }

        // ISO base media: a box size, then "ftyp" and a brand; the HEIF brands of phone photos only.
        if (content.Length >= 12 && content[4..8].SequenceEqual("ftyp"u8)
            && (content[8..12].SequenceEqual("heic"u8) || content[8..12].SequenceEqual("heix"u8) || content[8..12].SequenceEqual("mif1"u8) || content[8..12].SequenceEqual("msf1"u8)))
        {
            return Heic;
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[(byte)'P', (byte)'K', 0x03, 0x04]))
        {
            return ZipOffice.GetValueOrDefault(extension);
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            return CompoundOffice.GetValueOrDefault(extension);
        }

        return IsPlainText(content) ? PlainText : null;
    }

    /// <summary>UTF-8 text without control characters other than tab and line breaks (so no HTML is refused, but it is stored as text).</summary>
    private static bool IsPlainText(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
        {
            return false;
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\t' or '\r' or '\n'))
            {
                return false;
            }
        }

        return true;
    }
}
