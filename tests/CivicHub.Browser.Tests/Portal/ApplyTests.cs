using CivicHub.Browser.Tests.Hosting;
using CivicHub.Core.Drafts;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Browser.Tests.Portal;

[Collection(BrowserCollection.Name)]
public sealed class ApplyTests(PortalHost host)
{
    [Fact]
    public async Task Citizen_signs_up_and_applies_without_being_asked_what_the_profile_knows()
    {
        var page = await host.NewPageAsync();
        await Citizens.SignUpAsync(page);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Citizens.CompleteProfileAsync(page, Citizens.NewPhone());
        await Screenshots.SaveAsync(page, "portal-profile");

        await page.GotoAsync("/services");
        // Public pages know the signed-in citizen too.
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Primary navigation" }).GetByRole(AriaRole.Link, new() { Name = "My requests" })).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "portal-services");
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search services" }).FillAsync("food stamps");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Food assistance (SNAP) application" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Food assistance (SNAP) application");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Apply online" }).ClickAsync();

        // Tell us once: the name, birth date, address, phone and email are shown from the profile, not asked.
        var known = page.GetByTestId("known-answers");
        await Assertions.Expect(known).ToContainTextAsync("Marisol Quintero");
        await Assertions.Expect(known).ToContainTextAsync("1984-03-09");
        await Assertions.Expect(known).ToContainTextAsync("12 Maple Street");
        foreach (var field in new[] { "applicant_name", "date_of_birth", "home_address", "phone", "email" })
        {
            await Assertions.Expect(page.Locator($"#field-{field}")).ToHaveCountAsync(0);
        }

        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.Locator("#field-household_size").FillAsync("3");
        await page.Locator("#field-monthly_income").FillAsync("2100");
        await page.Locator("#field-employment_status").SelectOptionAsync("employed");
        await page.Locator("label[for=field-has_children]").ClickAsync();
        await Assertions.Expect(page.Locator("#field-has_children")).ToBeCheckedAsync();
        await Screenshots.SaveAsync(page, "portal-apply");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit application" }).ClickAsync();

        await page.ArriveAtAsync("**/account/requests/*?submitted=1");
        var reference = new Uri(page.Url).AbsolutePath.Split('/')[^1];
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync(reference);
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("Received");
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        var answers = await host.InDbAsync(db => db.Cases.Where(c => c.Reference == reference).Select(c => c.Answers).SingleAsync());
        Assert.Contains("\"applicant_name\":\"Marisol Quintero\"", answers, StringComparison.Ordinal);
        Assert.Contains("\"home_address\":\"12 Maple Street, Springfield, IL 62701\"", answers, StringComparison.Ordinal);
        Assert.Contains("\"household_size\":\"3\"", answers, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_saved_draft_is_resumed_where_it_was_left_and_then_submitted()
    {
        var page = await host.NewPageAsync();
        var email = await Citizens.SignUpAsync(page, "Tomasz", "Wiśniewski");
        await page.GotoAsync("/services/birth-certificate/apply");
        await page.Locator("#field-place_of_birth").FillAsync("Springfield Memorial Hospital");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and finish later" }).ClickAsync();

        await page.ArriveAtAsync("**/account/requests?saved=*");
        var draftLink = page.GetByTestId("drafts").GetByRole(AriaRole.Link, new() { Name = "Continue: Birth certificate copy" });
        await Assertions.Expect(draftLink).ToBeVisibleAsync();
        var citizenId = await host.CitizenIdOfAsync(email);
        var draft = await host.InDbAsync(db => db.Drafts.SingleAsync(d => d.CitizenId == citizenId && d.Status == DraftStatus.Open));
        Assert.Contains("Springfield Memorial Hospital", draft.Answers, StringComparison.Ordinal);

        // A fresh sign-in (another device) finds the same draft.
        var other = await host.NewPageAsync();
        await Citizens.SignInAsync(other, email);
        await other.GetByTestId("drafts").GetByRole(AriaRole.Link, new() { Name = "Continue: Birth certificate copy" }).ClickAsync();
        await Assertions.Expect(other.Locator("#field-place_of_birth")).ToHaveValueAsync("Springfield Memorial Hospital");
        await Assertions.Expect(other.GetByText("You are continuing an application you saved earlier.")).ToBeVisibleAsync();

        // Submitting with a required answer missing names it in the summary, which takes focus and links to the field.
        await other.GetByRole(AriaRole.Button, new() { Name = "Submit application" }).ClickAsync();
        var summary = other.Locator("#error-summary");
        await Assertions.Expect(summary).ToBeFocusedAsync();
        await Assertions.Expect(summary.GetByRole(AriaRole.Link, new() { Name = "Enter Number of copies." })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("#field-copies$"));
        await Accessibility.AssertNoSeriousViolationsAsync(other);

        await other.Locator("#field-copies").FillAsync("2");
        await other.Locator("#field-date_of_birth").FillAsync("1990-07-14");
        await other.Locator("#field-delivery_address").FillAsync("4 Elm Court, Springfield, IL 62704");
        await other.GetByRole(AriaRole.Button, new() { Name = "Submit application" }).ClickAsync();
        await other.ArriveAtAsync("**/account/requests/*?submitted=1");

        var status = await host.InDbAsync(db => db.Drafts.Where(d => d.Id == draft.Id).Select(d => d.Status).SingleAsync());
        Assert.Equal(DraftStatus.Submitted, status);
    }
}
