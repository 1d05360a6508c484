using CivicHub.Browser.Tests.Hosting;

namespace CivicHub.Browser.Tests.Portal;

[Collection(BrowserCollection.Name)]
public sealed class NoJavaScriptTests(PortalHost host)
{
    [Fact]
    public async Task Portal_forms_work_with_javascript_switched_off()
    {
        var page = await host.NewPageAsync(javaScript: false);

        // Sign up, a failed submit, and an application: plain form posts, server-rendered answers.
        await Citizens.SignUpAsync(page, "Noor", "Haddad");
        await page.GotoAsync("/services/general-enquiry/apply");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit application" }).ClickAsync();
        var summary = page.Locator("#error-summary");
        await Assertions.Expect(summary).ToContainTextAsync("Enter Tell us what you need.");
        await Assertions.Expect(page.Locator("#field-details")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("^Error: "));

        await page.Locator("#field-details").FillAsync("Where do I renew a parking permit?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit application" }).ClickAsync();
        await page.ArriveAtAsync("**/account/requests/*?submitted=1");
        await Assertions.Expect(page.GetByTestId("thread")).ToContainTextAsync("Submitted the General question application.");

        // The language switch is a form too.
        await page.GetByRole(AriaRole.Button, new() { Name = "Español" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mensajes" })).ToBeVisibleAsync();
    }
}
