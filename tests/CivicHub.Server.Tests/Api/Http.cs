using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Server.Tests.Api;

/// <summary>Small helpers that keep the API tests reading like the requests a client sends.</summary>
public static class Http
{
    private static int _phoneCounter = Random.Shared.Next(1_000_000);

    public static Uri Url(string path) => new(path, UriKind.Relative);

    /// <summary>A valid phone number no other test (nor the demo, whose numbers are in area code 217) uses.</summary>
    public static string NewPhone()
    {
        var n = Interlocked.Increment(ref _phoneCounter) % 8_000_000;
        return $"+1 (312) {200 + (n / 10_000)}-{n % 10_000:D4}";
    }

    public static string E164(string phone) => "+1" + new string(phone.Where(char.IsDigit).ToArray())[1..];

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) =>
        client.PostAsJsonAsync(Url(path), body, CivicHubHost.Json);

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, string body, string contentType = "application/json")
    {
        var content = new StringContent(body, System.Text.Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return client.PostAsync(Url(path), content);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await client.GetAsync(Url(path))).JsonAsync(expected);

    /// <summary>Asserts a problem-details answer with the given status that names the given field.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected, string? field = null)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync(expected);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        if (field is not null)
        {
            var errors = problem.GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out _), $"Expected an error for '{field}', got {errors}");
        }

        return problem;
    }

    /// <summary>A new citizen with a phone and an email of their own; returns their id.</summary>
    public static async Task<(Guid Id, string Phone, string Email)> NewCitizenAsync(this HttpClient staff, string given = "Test", string family = "Citizen")
    {
        var phone = NewPhone();
        var email = $"{Guid.NewGuid():N}@mail.example";
        var created = await (await staff.PostJsonAsync("/api/v1/citizens", new
        {
            givenName = given,
            familyName = family,
            dateOfBirth = "1990-05-17",
            preferredLanguage = "en",
            preferredChannels = new[] { "sms", "email" },
            phones = new[] { phone },
            emails = new[] { email },
            addresses = new[] { new { line1 = "12 Elm Street", city = "Springfield", region = "IL", postalCode = "62701" } },
        })).JsonAsync(HttpStatusCode.Created);
        return (created.GetProperty("id").GetGuid(), phone, email);
    }

    /// <summary>How many rows each table that a request could write holds: to prove a refused request wrote nothing.</summary>
    public static Task<string> RowCountsAsync(this CivicHubHost host) => host.InDbAsync(async db =>
        string.Join(", ",
            $"citizens={await db.Citizens.CountAsync()}",
            $"identities={await db.ChannelIdentities.CountAsync()}",
            $"cases={await db.Cases.CountAsync()}",
            $"changes={await db.CaseChanges.CountAsync()}",
            $"interactions={await db.Interactions.CountAsync()}",
            $"drafts={await db.Drafts.CountAsync()}",
            $"events={await db.Events.CountAsync()}",
            $"idempotency={await db.IdempotencyRecords.CountAsync()}"));
}
