using CivicHub.Core.Attachments;

namespace CivicHub.Core.Tests.Attachments;

public sealed class AttachmentFileNameTests
{
    [Theory]
    [InlineData("report.pdf", "report.pdf")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\rosa\\bill.pdf", "bill.pdf")]
    [InlineData("bill<2026>?.pdf", "bill_2026__.pdf")]
    [InlineData("line\r\nbreak.txt", "line__break.txt")]
    [InlineData("...", "attachment")]
    [InlineData(null, "attachment")]
    public void File_names_are_made_safe(string? name, string expected) => Assert.Equal(expected, AttachmentFileName.Sanitize(name));

    [Fact]
    public void A_long_name_keeps_its_extension()
    {
        var name = AttachmentFileName.Sanitize(new string('a', 500) + ".pdf");
        Assert.Equal(AttachmentFileName.MaxLength, name.Length);
        Assert.EndsWith(".pdf", name, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/pdf; name=x.pdf", "application/pdf")]
    [InlineData("IMAGE/PNG", "image/png")]
    [InlineData("text/html\"><script>", "application/octet-stream")]
    [InlineData("nonsense", "application/octet-stream")]
    [InlineData(null, "application/octet-stream")]
    public void Content_types_are_checked(string? type, string expected) => Assert.Equal(expected, AttachmentFileName.ContentType(type));
}
