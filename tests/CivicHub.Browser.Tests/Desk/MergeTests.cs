using CivicHub.Browser.Tests.Hosting;

namespace CivicHub.Browser.Tests.Desk;

[Collection(BrowserCollection.Name)]
public sealed class MergeTests(PortalHost host)
{
    [Fact]
    public async Task Merge_screen_shows_both_records_merges_them_and_undoes_the_merge()
    {
        using var api = await host.StaffApiAsync("luis");
        var (duplicateId, duplicatePhone) = await api.NewCitizenAsync("Marguerite", "Twofold", "1962-07-04");
        var (keptId, _) = await api.NewCitizenAsync("Marguerite", "Twofold", "1962-07-04");
        var reference = await api.NewCaseAsync(duplicateId, "Noise complaint on Birch Road");

        var page = await host.SignedInPageAsync("dana");
        await page.GotoAsync($"/desk/citizens/{duplicateId}/merge/{keptId}");
        var comparison = page.GetByTestId("merge-comparison");
        await Assertions.Expect(comparison.Locator("tr.civic-differs", new() { HasText = "Phones" })).ToBeVisibleAsync();
        await Assertions.Expect(comparison.Locator("tr:not(.civic-differs)", new() { HasText = "Date of birth" })).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "desk-merge");

        await page.GetByLabel("Why they are the same person (optional)").FillAsync("Same person, two phones.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Merge into the kept record" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("merge-message")).ToContainTextAsync("Merged.");

        var kept = await api.GetJsonAsync($"/api/v1/citizens/{keptId}");
        Assert.Contains(kept.GetProperty("openCases").EnumerateArray(), c => c.GetProperty("reference").GetString() == reference);
        var digits = new string(duplicatePhone.Where(char.IsDigit).ToArray());
        Assert.Contains(kept.GetProperty("identities").EnumerateArray(), i => i.GetProperty("value").GetString() == "+" + digits);

        await page.GetByRole(AriaRole.Button, new() { Name = "Undo the merge" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("merge-message")).ToContainTextAsync("undone");
        var duplicate = await api.GetJsonAsync($"/api/v1/citizens/{duplicateId}");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, duplicate.GetProperty("citizen").GetProperty("mergedIntoId").ValueKind);
        Assert.Contains(duplicate.GetProperty("openCases").EnumerateArray(), c => c.GetProperty("reference").GetString() == reference);
    }
}
