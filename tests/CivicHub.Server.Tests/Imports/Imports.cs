using CivicHub.Server.Tests.Api;

namespace CivicHub.Server.Tests.Imports;

/// <summary>Helpers for import tests: names no one else has, posting a CSV, and waiting for the import to finish.</summary>
public static class Imports
{
    /// <summary>A made-up name of letters only, so no demo citizen or other test shares its blocking keys.</summary>
    public static string NewName()
    {
        const string letters = "bcdfgjklmnprstvz";
        const string vowels = "aeiou";
        var chars = new char[8];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = i % 2 == 1 ? vowels[Random.Shared.Next(vowels.Length)] : letters[Random.Shared.Next(letters.Length)];
        }

        chars[0] = char.ToUpperInvariant(chars[0]);
        return new string(chars);
    }

    public static string NewSource() => $"test-{Guid.NewGuid():N}"[..20];

    public static Task<HttpResponseMessage> PostCsvAsync(this HttpClient client, string csv, string source, params string[] map)
    {
        var query = $"source={Uri.EscapeDataString(source)}" + string.Concat(map.Select(m => $"&map={Uri.EscapeDataString(m)}"));
        return client.PostRawAsync($"/api/v1/imports?{query}", csv, "text/csv");
    }

    /// <summary>Posts a CSV and waits (with a timeout) until the import has finished; returns the finished import.</summary>
    public static async Task<JsonElement> ImportAsync(this HttpClient client, string csv, string source, params string[] map)
    {
        var accepted = await (await client.PostCsvAsync(csv, source, map)).JsonAsync(HttpStatusCode.Accepted);
        return await client.FinishedAsync(accepted.GetProperty("id").GetGuid());
    }

    public static async Task<JsonElement> FinishedAsync(this HttpClient client, Guid importId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var import = await client.GetJsonAsync($"/api/v1/imports/{importId}");
            if (import.GetProperty("status").GetString() is "completed" or "failed")
            {
                return import;
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    public static async Task<List<JsonElement>> LinksAsync(this HttpClient client, Guid importId) =>
        (await client.GetJsonAsync($"/api/v1/imports/{importId}/links?limit=1000")).EnumerateArray().ToList();

    public static Guid Id(this JsonElement element) => element.GetProperty("id").GetGuid();

    public static int Count(this JsonElement import, string tally) => import.GetProperty(tally).GetInt32();
}
