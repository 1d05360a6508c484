using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace CivicHub.Browser.Tests.Hosting;

/// <summary>The staff API of the running host, as the desk or a telephony integration calls it.</summary>
public static class StaffApi
{
    private static readonly ConcurrentDictionary<(PortalHost, string), string> Tokens = new();

    /// <summary>
    /// An access token for a demo member of staff by the password grant with a one-time code, kept per host and
    /// user: each code works once, so signing in again for every call would soon wait for the clock.
    /// </summary>
    public static async Task<string> TokenAsync(PortalHost host, string userName)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (Tokens.TryGetValue((host, userName), out var cached))
        {
            return cached;
        }

        using var anonymous = new HttpClient { BaseAddress = host.BaseAddress };
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "civichub-desk",
            ["username"] = userName,
            ["password"] = PortalHost.StaffPassword,
            ["otp"] = await host.OneTimeCodeAsync(userName),
            ["scope"] = "api",
        });
        var response = await anonymous.PostAsync(new Uri("/connect/token", UriKind.Relative), form);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        Tokens[(host, userName)] = token;
        return token;
    }

    public static async Task<HttpClient> AgentAsync(PortalHost host)
    {
        var token = await TokenAsync(host, "dana");
        var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>An agent records a phone call that opens a case for the citizen; returns its reference.</summary>
    public static async Task<string> OpenCaseByPhoneAsync(PortalHost host, Guid citizenId, string description)
    {
        using var agent = await AgentAsync(host);
        var response = await agent.PostAsJsonAsync(new Uri("/api/v1/cases", UriKind.Relative), new
        {
            citizenId,
            serviceCode = "tax-bill-question",
            channel = "phone",
            description,
            answers = new { details = description },
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reference").GetString()!;
    }
}
