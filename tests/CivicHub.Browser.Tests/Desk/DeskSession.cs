using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CivicHub.Browser.Tests.Hosting;

namespace CivicHub.Browser.Tests.Desk;

/// <summary>Signs staff in to the desk in a browser, and talks to the API as the portal or another system would.</summary>
public static class DeskSession
{
    private static int _phoneCounter = Random.Shared.Next(1_000_000);

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>A fresh browser signed in to the desk as the given demo member of staff, on the inbox.</summary>
    public static async Task<IPage> SignedInPageAsync(this PortalHost host, string userName = "dana")
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync("/desk/sign-in");
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(PortalHost.StaffPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await ArriveAsync(page, "/desk/sign-in/code");
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(await host.OneTimeCodeAsync(userName));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await ArriveAsync(page, "/desk");
        await Assertions.Expect(page.GetByTestId("inbox")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>
    /// Waits for the sign-in to move on to <paramref name="path"/>; when it does not, the failure says where the page
    /// stayed and what it showed (a sign-in once stayed on its page in CI for 30 seconds, with no more to go on).
    /// </summary>
    private static async Task ArriveAsync(IPage page, string path)
    {
        try
        {
            await page.ArriveAtPathAsync(path);
        }
        catch (PlaywrightException stayed)
        {
            var shown = await page.Locator("body").InnerTextAsync(new() { Timeout = 5_000 });
            throw new TimeoutException($"Expected {path}, still at {page.Url}; the page shows: {shown}", stayed);
        }
    }

    /// <summary>An API client with a bearer token for a demo member of staff (the password grant of the desk client).</summary>
    public static async Task<HttpClient> StaffApiAsync(this PortalHost host, string userName = "dana")
    {
        var token = await StaffApi.TokenAsync(host, userName);
        var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A phone number no demo citizen (area code 217) and no other test uses.</summary>
    public static string NewPhone()
    {
        var n = Interlocked.Increment(ref _phoneCounter) % 8_000_000;
        return $"+1 (312) {200 + (n / 10_000)}-{n % 10_000:D4}";
    }

    public static async Task<JsonElement> PostJsonAsync(this HttpClient client, string path, object body, HttpStatusCode expected)
    {
        var response = await client.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, Json);
        return await ReadAsync(response, expected);
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return await ReadAsync(response, HttpStatusCode.OK);
    }

    /// <summary>A new citizen registered through the API, with a phone of their own.</summary>
    public static async Task<(Guid Id, string Phone)> NewCitizenAsync(this HttpClient staff, string given, string family, string dateOfBirth = "1985-03-09")
    {
        var phone = NewPhone();
        var created = await staff.PostJsonAsync("/api/v1/citizens", new
        {
            givenName = given,
            familyName = family,
            dateOfBirth,
            preferredLanguage = "en",
            phones = new[] { phone },
            emails = new[] { $"{Guid.NewGuid():N}@mail.example" },
        }, HttpStatusCode.Created);
        return (created.GetProperty("id").GetGuid(), phone);
    }

    /// <summary>A case opened for the citizen through the API, as a phone call or another channel would open it.</summary>
    public static async Task<string> NewCaseAsync(this HttpClient staff, Guid citizenId, string title, string channel = "phone")
    {
        var created = await staff.PostJsonAsync("/api/v1/cases", new
        {
            citizenId,
            channel,
            title,
            description = title + ", reported in a test.",
        }, HttpStatusCode.Created);
        return created.GetProperty("reference").GetString()!;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
