using System.Xml.Linq;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;

namespace CivicHub.Server.Tests.Open311;

/// <summary>Requests as an Open311 client (the county's 311 app) sends them: form-encoded POSTs, .json and .xml paths.</summary>
public static class Open311Http
{
    /// <summary>A complete, valid pothole report from a new reporter; override or drop (null) any field.</summary>
    public static List<KeyValuePair<string, string>> Report(params (string Name, string? Value)[] overrides)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["api_key"] = CivicHubHost.Open311ApiKey,
            ["jurisdiction_id"] = "civichub.example",
            ["service_code"] = "pothole",
            ["lat"] = "39.7817",
            ["long"] = "-89.6501",
            ["address_string"] = "400 E Monroe St, Springfield",
            ["email"] = $"{Guid.NewGuid():N}@mail.example",
            ["first_name"] = "Marcus",
            ["last_name"] = "Reed",
            ["description"] = "A deep pothole in the right lane, cars swerve around it.",
            ["media_url"] = "https://photos.example/pothole.jpg",
            ["attribute[location]"] = "400 E Monroe St",
            ["attribute[size]"] = "large",
        };
        foreach (var (name, value) in overrides)
        {
            fields[name] = value;
        }

        return [.. fields.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Key, f.Value!))];
    }

    public static Task<HttpResponseMessage> PostReportAsync(this HttpClient client, string format, IEnumerable<KeyValuePair<string, string>> form) =>
        client.PostAsync(Http.Url($"/open311/v2/requests.{format}"), new FormUrlEncodedContent(form));

    /// <summary>Posts a report as JSON and returns its service_request_id.</summary>
    public static async Task<string> SubmitAsync(this HttpClient client, params (string Name, string? Value)[] overrides)
    {
        var created = await (await client.PostReportAsync("json", Report(overrides))).JsonAsync(HttpStatusCode.OK);
        return Assert.Single(created.EnumerateArray()).GetProperty("service_request_id").GetString()!;
    }

    public static async Task<string> XmlAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        return text;
    }

    public static async Task<string> GetXmlAsync(this HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await client.GetAsync(Http.Url(path))).XmlAsync(expected);

    /// <summary>Asserts Open311's JSON error format, [{code, description}], with the status as code; returns the descriptions.</summary>
    public static async Task<string> JsonErrorAsync(this HttpResponseMessage response, HttpStatusCode expected, string? mentions = null)
    {
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json", await response.Content.ReadAsStringAsync());
        var errors = await response.JsonAsync(expected);
        Assert.Equal(JsonValueKind.Array, errors.ValueKind);
        Assert.NotEmpty(errors.EnumerateArray());
        foreach (var error in errors.EnumerateArray())
        {
            Assert.Equal((int)expected, error.GetProperty("code").GetInt32());
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("description").GetString()));
        }

        var descriptions = string.Join(" | ", errors.EnumerateArray().Select(e => e.GetProperty("description").GetString()));
        if (mentions is not null)
        {
            Assert.Contains(mentions, descriptions, StringComparison.Ordinal);
        }

        return descriptions;
    }

    /// <summary>Asserts Open311's XML error format, shaped like a real city server's error, with the status as code.</summary>
    public static async Task<string> XmlErrorAsync(this HttpResponseMessage response, HttpStatusCode expected, string? mentions = null)
    {
        var xml = await response.XmlAsync(expected);
        Open311Spec.AssertSameShape("boston-err-submitrequest-base_is_duplicate.xml", xml);
        var errors = XDocument.Parse(xml).Root!.Elements("error").ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal(((int)expected).ToString(System.Globalization.CultureInfo.InvariantCulture), e.Element("code")!.Value));
        var descriptions = string.Join(" | ", errors.Select(e => e.Element("description")!.Value));
        if (mentions is not null)
        {
            Assert.Contains(mentions, descriptions, StringComparison.Ordinal);
        }

        return descriptions;
    }
}
