using CivicHub.Core.Attachments;

namespace CivicHub.Core.Tests.Attachments;

public sealed class AttachmentKindsTests
{
    public static TheoryData<byte[], string, string?> Files { get; } = new()
    {
        { "%PDF-1.7\n"u8.ToArray(), "bill.pdf", AttachmentKinds.Pdf },
        { [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0], "x.png", AttachmentKinds.Png },
        { [0xFF, 0xD8, 0xFF, 0xE1], "IMG_0001.JPG", AttachmentKinds.Jpeg },
        { "GIF89a.."u8.ToArray(), "a.gif", AttachmentKinds.Gif },
        { [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'h', (byte)'e', (byte)'i', (byte)'c'], "IMG_0002.HEIC", AttachmentKinds.Heic },
        { "Dear council,\r\nthe bin was not collected.\tThanks"u8.ToArray(), "letter.txt", AttachmentKinds.PlainText },
        { [(byte)'P', (byte)'K', 3, 4], "form.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
        { [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "old.doc", "application/msword" },
        // Claimed kinds that the bytes do not bear out, and kinds that are not accepted at all.
        { "MZ\u0090\0"u8.ToArray(), "photo.jpg", null },
        { [(byte)'P', (byte)'K', 3, 4], "payload.zip", null },
        { [(byte)'P', (byte)'K', 3, 4], "script.js", null },
        { [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "setup.msi", null },
        { [0xC3, 0x28], "broken.txt", null },
        { [], "empty.txt", null },
        { [0x7F, (byte)'E', (byte)'L', (byte)'F'], "run.pdf", null },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void A_file_is_recognised_by_its_first_bytes(byte[] content, string name, string? expected) =>
        Assert.Equal(expected, AttachmentKinds.Recognise(content, name));
}
