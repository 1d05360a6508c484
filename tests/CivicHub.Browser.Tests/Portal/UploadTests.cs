using System.Text.RegularExpressions;
using CivicHub.Browser.Tests.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Browser.Tests.Portal;

[Collection(BrowserCollection.Name)]
public sealed class UploadTests(PortalHost host)
{
    /// <summary>A PDF by its first bytes, larger than the host's 2 MiB default body limit: the real server must take it.</summary>
    private static byte[] LargePdf()
    {
        var bytes = new byte[3 * 1024 * 1024];
        "%PDF-1.7\n"u8.CopyTo(bytes);
        bytes.AsSpan(9).Fill((byte)'x');
        return bytes;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Citizen_attaches_documents_to_an_application_and_a_message_with_and_without_javascript(bool javaScript)
    {
        var page = await host.NewPageAsync(javaScript);
        var email = await Citizens.SignUpAsync(page, "Ulla", "Upload");
        await page.GotoAsync("/services/general-enquiry/apply");
        await page.Locator("#field-details").FillAsync("Please find my permit attached.");

        // A program named like a document is refused by its content, and nothing is sent.
        await page.GetByLabel("Attach documents (optional)").SetInputFilesAsync(new FilePayload { Name = "permit.pdf", MimeType = "application/pdf", Buffer = "MZ\u0090\0\u0003\0\0\0"u8.ToArray() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit application" }).ClickAsync();
        var summary = page.Locator("#error-summary");
        await Assertions.Expect(summary).ToContainTextAsync("permit.pdf is not a kind of file we accept.");
        await Assertions.Expect(summary.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", new Regex("#files$"));
        await Assertions.Expect(page.Locator("#files")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page).ToHaveTitleAsync(new Regex("^Error: "));
        await CheckAccessibilityAsync(page, javaScript);
        var citizenId = await host.CitizenIdOfAsync(email);
        Assert.False(await host.InDbAsync(db => db.Cases.AnyAsync(c => c.CitizenId == citizenId)));

        var pdf = LargePdf();
        await page.Locator("#field-details").FillAsync("Please find my permit attached.");
        await page.GetByLabel("Attach documents (optional)").SetInputFilesAsync(new[]
        {
            new FilePayload { Name = "permit.pdf", MimeType = "application/pdf", Buffer = pdf },
            new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "Permit number 4471"u8.ToArray() },
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit application" }).ClickAsync();
        await page.ArriveAtAsync("**/account/requests/*?submitted=1");

        var files = page.GetByTestId("message-files");
        await Assertions.Expect(files.GetByRole(AriaRole.Link, new() { Name = "permit.pdf" })).ToBeVisibleAsync();
        await Assertions.Expect(files.GetByRole(AriaRole.Link, new() { Name = "notes.txt" })).ToBeVisibleAsync();
        await CheckAccessibilityAsync(page, javaScript);

        // The link hands back exactly what was sent, as a download, to this citizen.
        var href = await files.GetByRole(AriaRole.Link, new() { Name = "permit.pdf" }).GetAttributeAsync("href");
        var download = await page.Context.APIRequest.GetAsync(href!);
        Assert.Equal(200, download.Status);
        Assert.Equal(pdf, await download.BodyAsync());
        Assert.StartsWith("attachment", download.Headers["content-disposition"], StringComparison.Ordinal);

        // A message on the request carries a photo the same way.
        await page.GetByLabel("Write to the department").FillAsync("And a photo of the sign.");
        await page.GetByLabel("Attach documents (optional)").SetInputFilesAsync(new FilePayload
        {
            Name = "sign.png",
            MimeType = "image/png",
            Buffer = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13],
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();
        await page.ArriveAtAsync("**/account/requests/*?sent=1");
        await Assertions.Expect(page.GetByTestId("thread").Locator("li").Filter(new() { HasText = "And a photo of the sign." }).GetByRole(AriaRole.Link, new() { Name = "sign.png" })).ToBeVisibleAsync();
        Assert.Equal(3, await host.InDbAsync(db => db.Attachments.CountAsync(a => a.CitizenId == citizenId)));
    }

    /// <summary>axe runs as a script in the page: with JavaScript off it cannot, and the same pages are checked with it on.</summary>
    private static async Task CheckAccessibilityAsync(IPage page, bool javaScript)
    {
        if (javaScript)
        {
            await Accessibility.AssertNoSeriousViolationsAsync(page);
        }
    }
}
