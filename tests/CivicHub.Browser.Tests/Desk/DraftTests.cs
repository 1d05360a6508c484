using System.Net;
using CivicHub.Browser.Tests.Hosting;

namespace CivicHub.Browser.Tests.Desk;

[Collection(BrowserCollection.Name)]
public sealed class DraftTests(PortalHost host)
{
    [Fact]
    public async Task Agent_completes_a_citizens_portal_draft_on_the_phone_and_it_becomes_a_case()
    {
        using var api = await host.StaffApiAsync("luis");
        var (citizenId, _) = await api.NewCitizenAsync("Della", "Draftworth", "1979-11-30");
        // Started on the portal with one answer, then left.
        var draft = await api.PostJsonAsync("/api/v1/drafts", new
        {
            citizenId,
            serviceCode = "birth-certificate",
            channel = "web",
            answers = new Dictionary<string, object> { ["place_of_birth"] = "Springfield General" },
        }, HttpStatusCode.Created);
        var draftId = draft.GetProperty("id").GetGuid();

        var page = await host.SignedInPageAsync("dana");
        await page.GotoAsync($"/desk/citizens/{citizenId}");
        await page.GetByTestId("citizen-drafts").GetByRole(AriaRole.Link, new() { Name = "Birth certificate copy" }).ClickAsync();

        // What the record knows is shown, not asked again; what is missing is marked.
        await Assertions.Expect(page.GetByTestId("prefill-name_on_certificate")).ToContainTextAsync("Della Draftworth");
        await Assertions.Expect(page.GetByTestId("prefill-date_of_birth")).ToContainTextAsync("1979-11-30");
        await Assertions.Expect(page.GetByLabel("City or hospital of birth (required)")).ToHaveValueAsync("Springfield General");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "desk-draft");

        await page.GetByLabel("Number of copies (required)").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("draft-message")).ToContainTextAsync("Still missing: 1");
        await page.GetByLabel("Mail the copies to (required)").FillAsync("12 Elm Street, Springfield, IL 62701");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit the application" }).ClickAsync();

        await page.ArriveUnderPathAsync("/desk/cases/");
        var reference = new Uri(page.Url).AbsolutePath["/desk/cases/".Length..];
        await Assertions.Expect(page.GetByTestId("case-status")).ToHaveTextAsync("Submitted");

        var submitted = await api.GetJsonAsync($"/api/v1/drafts/{draftId}");
        Assert.Equal("submitted", submitted.GetProperty("status").GetString());
        Assert.Equal(reference, submitted.GetProperty("caseReference").GetString());
        var answers = (await api.GetJsonAsync($"/api/v1/cases/{reference}")).GetProperty("answers");
        Assert.Equal("2", answers.GetProperty("copies").GetString());
        Assert.Equal("Della Draftworth", answers.GetProperty("name_on_certificate").GetString());
        Assert.Equal("Springfield General", answers.GetProperty("place_of_birth").GetString());
    }
}
