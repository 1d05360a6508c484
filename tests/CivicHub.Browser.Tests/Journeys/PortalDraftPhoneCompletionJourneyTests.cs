using CivicHub.Browser.Tests.Desk;
using CivicHub.Browser.Tests.Hosting;

namespace CivicHub.Browser.Tests.Journeys;

/// <summary>
/// The core journey through the pages: a citizen starts an application on the portal and attaches a document, an
/// agent finishes it with them on the phone, and the citizen follows the case on the portal, with nothing typed twice.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PortalDraftPhoneCompletionJourneyTests(PortalHost host)
{
    [Fact]
    public async Task A_portal_draft_with_a_document_is_completed_by_an_agent_on_the_phone_and_followed_in_my_requests()
    {
        // The citizen: an account with a phone number, a part-filled benefits application, a document, saved.
        var citizen = await host.NewPageAsync();
        await Citizens.SignUpAsync(citizen, "Josefina", "Journey");
        var phone = Citizens.NewPhone();
        await Citizens.CompleteProfileAsync(citizen, phone);
        await citizen.GotoAsync("/services/benefits-application/apply");
        await citizen.Locator("#field-household_size").FillAsync("4");
        await citizen.GetByLabel("Attach documents (optional)").SetInputFilesAsync(new FilePayload
        {
            Name = "pay-stub.pdf",
            MimeType = "application/pdf",
            Buffer = "%PDF-1.4\nA pay stub for March\n"u8.ToArray(),
        });
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Save and finish later" }).ClickAsync();
        await citizen.ArriveAtAsync("**/account/requests?saved=*");
        await Assertions.Expect(citizen.GetByTestId("drafts")).ToContainTextAsync("Food assistance (SNAP) application");

        // The agent: the caller's number in the desk's search, the 360 view, the draft.
        var desk = await host.SignedInPageAsync("dana");
        var search = desk.GetByLabel("Find a citizen by phone, email, name or case reference");
        await search.FillAsync(phone);
        await search.PressAsync("Enter");
        await Assertions.Expect(desk.GetByTestId("search-status")).ToHaveTextAsync("1 citizen found.");
        await desk.GetByRole(AriaRole.Link, new() { Name = "Josefina Journey" }).ClickAsync();
        await Assertions.Expect(desk.GetByTestId("citizen-name")).ToHaveTextAsync("Josefina Journey");
        await Assertions.Expect(desk.GetByTestId("timeline")).ToContainTextAsync("pay-stub.pdf");
        await desk.GetByTestId("citizen-drafts").GetByRole(AriaRole.Link, new() { Name = "Food assistance (SNAP) application" }).ClickAsync();

        // Nothing asked twice: the record's answers are the prefill, the citizen's web answer and document are there.
        await Assertions.Expect(desk.GetByTestId("prefill-applicant_name")).ToContainTextAsync("Josefina Journey");
        await Assertions.Expect(desk.GetByTestId("prefill-date_of_birth")).ToContainTextAsync("1984-03-09");
        await Assertions.Expect(desk.GetByTestId("prefill-home_address")).ToContainTextAsync("12 Maple Street");
        await Assertions.Expect(desk.GetByTestId("prefill-phone")).ToBeVisibleAsync();
        await Assertions.Expect(desk.GetByLabel("People in your household (required)")).ToHaveValueAsync("4");
        await Assertions.Expect(desk.GetByTestId("draft-files")).ToContainTextAsync("pay-stub.pdf");
        await Accessibility.AssertNoSeriousViolationsAsync(desk);
        await desk.GetByLabel("Household income per month (USD) (required)").FillAsync("1850");
        await desk.GetByLabel("Employment (required)").SelectOptionAsync("employed");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Submit the application" }).ClickAsync();
        await desk.ArriveUnderPathAsync("/desk/cases/");
        var reference = new Uri(desk.Url).AbsolutePath["/desk/cases/".Length..];

        // The citizen, back on the portal: the case under "my requests", its status, both halves, the document.
        await citizen.GotoAsync("/account/requests");
        var row = citizen.GetByTestId("requests").Locator("tr").Filter(new() { HasText = reference });
        await Assertions.Expect(row).ToContainTextAsync("Food assistance (SNAP) application");
        await Assertions.Expect(row).ToContainTextAsync("Received");
        await Assertions.Expect(citizen.GetByTestId("drafts")).ToHaveCountAsync(0);
        await row.GetByRole(AriaRole.Link, new() { Name = reference }).ClickAsync();
        await Assertions.Expect(citizen.GetByTestId("status")).ToHaveTextAsync("Received");
        var thread = citizen.GetByTestId("thread").Locator("li");
        var started = thread.Filter(new() { HasText = "Started an application for Food assistance (SNAP) application." });
        await Assertions.Expect(started).ToContainTextAsync("Website");
        await Assertions.Expect(started.GetByRole(AriaRole.Link, new() { Name = "pay-stub.pdf" })).ToBeVisibleAsync();
        await Assertions.Expect(thread.Filter(new() { HasText = "Submitted the Food assistance (SNAP) application." })).ToContainTextAsync("Phone call");
        await Assertions.Expect(citizen.GetByTestId("history").Locator("li")).Not.ToHaveCountAsync(0);
        await Accessibility.AssertNoSeriousViolationsAsync(citizen);
    }
}
