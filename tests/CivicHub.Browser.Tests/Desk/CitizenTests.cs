using System.Globalization;
using System.Net;
using CivicHub.Browser.Tests.Hosting;

namespace CivicHub.Browser.Tests.Desk;

[Collection(BrowserCollection.Name)]
public sealed class CitizenTests(PortalHost host)
{
    [Fact]
    public async Task Search_by_phone_opens_the_360_view_with_the_whole_timeline()
    {
        using var api = await host.StaffApiAsync("luis");
        var (citizenId, phone) = await api.NewCitizenAsync("Rosalind", "Timelineson");
        var reference = await api.NewCaseAsync(citizenId, "Missed bin collection");
        // One more contact than the timeline's first page holds, so "load more" has something to bring.
        for (var i = 1; i <= 21; i++)
        {
            await api.PostJsonAsync("/api/v1/interactions", new { citizenId, caseReference = reference, channel = "phone", body = $"Call number {i} about the bins." }, HttpStatusCode.Created);
        }

        var page = await host.SignedInPageAsync("dana");
        // Typed as a person reads it out, not as it is stored.
        var digits = new string(phone.Where(char.IsDigit).ToArray())[1..];
        await page.GetByLabel("Find a citizen by phone, email, name or case reference").FillAsync($"({digits[..3]}) {digits[3..6]} {digits[6..]}");
        await page.GetByLabel("Find a citizen by phone, email, name or case reference").PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("search-status")).ToHaveTextAsync("1 citizen found.");
        await page.GetByRole(AriaRole.Link, new() { Name = "Rosalind Timelineson" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("citizen-name")).ToHaveTextAsync("Rosalind Timelineson");
        await Assertions.Expect(page.GetByTestId("citizen-cases")).ToContainTextAsync(reference);
        var timeline = page.GetByTestId("timeline").Locator("li");
        await Assertions.Expect(timeline.First).ToContainTextAsync("Call number 21 about the bins.");
        await Assertions.Expect(timeline).ToHaveCountAsync(20);
        // On the jurisdiction's clocks (the demo keeps Chicago's) with the offset beside them; the exact UTC moment in the element.
        var time = timeline.First.Locator("time");
        var utc = DateTime.Parse((await time.GetAttributeAsync("datetime"))!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        var chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, chicago).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        await Assertions.Expect(time).ToHaveTextAsync($"{local} UTC−{chicago.GetUtcOffset(utc).Duration():hh\\:mm}");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "desk-citizen");

        await page.GetByTestId("load-more").ClickAsync();
        await Assertions.Expect(timeline).ToHaveCountAsync(22);
        await Assertions.Expect(timeline.Last).ToContainTextAsync("Missed bin collection");
        await Assertions.Expect(page.GetByTestId("load-more")).ToHaveCountAsync(0);
    }
}
