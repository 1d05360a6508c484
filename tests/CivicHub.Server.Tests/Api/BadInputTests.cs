using CivicHub.Server.Tests.Hosting;

namespace CivicHub.Server.Tests.Api;

/// <summary>
/// Every endpoint that takes a body, fed what clients get wrong: it answers a problem naming the field,
/// never a 500, and writes nothing.
/// </summary>
public abstract class BadInputTests(CivicHubHost host)
{
    /// <summary>(method, path template, body, expected status, field at fault). {case} and {draft} are filled in.</summary>
    public static TheoryData<string, string, string, int, string?> Cases { get; } = new()
    {
        { "POST", "/api/v1/cases", "{", 400, "body" },
        { "POST", "/api/v1/cases", "[]", 400, "body" },
        { "POST", "/api/v1/cases", "", 400, null },
        { "POST", "/api/v1/cases", """{"citizenId":42,"channel":"sms","description":"x"}""", 400, "citizenId" },
        { "POST", "/api/v1/cases", """{"citizenId":"{citizen}","channel":"fax","description":"x"}""", 400, "channel" },
        { "POST", "/api/v1/cases", """{"citizenId":"{citizen}","channel":"sms"}""", 400, "description" },
        { "POST", "/api/v1/cases", """{"citizenId":"{citizen}","channel":"sms","description":"x","priority":"extreme"}""", 400, "priority" },
        { "POST", "/api/v1/cases", """{"citizenId":"{citizen}","channel":"sms","description":"x","serviceCode":"moon-landing"}""", 400, "serviceCode" },
        { "POST", "/api/v1/cases", """{"citizenId":"{citizen}","channel":"sms","description":"x","latitude":123}""", 400, "latitude" },
        { "POST", "/api/v1/cases", """{"citizenId":"{citizen}","channel":"sms","description":"x","occurredAt":"2999-01-01T00:00:00Z"}""", 400, "occurredAt" },
        { "POST", "/api/v1/cases", """{"citizenId":"{citizen}","channel":"sms","description":"{huge}"}""", 400, "description" },
        { "POST", "/api/v1/cases", """{"citizenId":"00000000-0000-0000-0000-000000000001","channel":"sms","description":"x"}""", 400, "citizenId" },
        { "POST", "/api/v1/cases", """{"citizen":{"givenName":"A","familyName":"B","phones":["000"]},"channel":"sms","description":"x"}""", 400, "citizen.phones[0]" },
        { "POST", "/api/v1/cases", """{"citizenId":"{citizen}","channel":"sms","description":"x","answers":{"details":"y"}}""", 400, "answers" },
        { "POST", "/api/v1/cases", """{"citizenId":"{citizen}","channel":"sms","description":"x","serviceCode":"pothole","answers":{"location":{"nested":true}}}""", 400, "answers.location" },
        { "POST", "/api/v1/cases", """{"citizenId":"{citizen}","channel":"sms","description":"x\u0000'; DROP TABLE \"Cases\"; --","serviceCode":"pothole","answers":{"location":"𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ‮ street","size":"enormous"}}""", 400, "description" },
        { "POST", "/api/v1/cases", """{"citizenId":"{citizen}","channel":"sms","description":"x'; DROP TABLE \"Cases\"; --","serviceCode":"pothole","answers":{"location":"𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ‮ street","size":"enormous"}}""", 400, "answers.size" },
        { "POST", "/api/v1/cases/{case}/notes", """{"text":"a\u0000b"}""", 400, "text" },
        { "POST", "/api/v1/cases/{case}/status", """{"status":"nonsense"}""", 400, "status" },
        { "POST", "/api/v1/cases/{case}/status", """{}""", 400, "status" },
        { "POST", "/api/v1/cases/{case}/assignment", """{"assigneeId":"not-a-guid"}""", 400, "assigneeId" },
        { "POST", "/api/v1/cases/{case}/assignment", """{"queueId":999999}""", 400, "queueId" },
        { "POST", "/api/v1/cases/{case}/notes", """{"text":""}""", 400, "text" },
        { "POST", "/api/v1/cases/{case}/notes", """{"text":["a"]}""", 400, "text" },
        { "POST", "/api/v1/cases/{case}/priority", """{"priority":7}""", 400, "priority" },
        { "POST", "/api/v1/interactions", """{"channel":"phone","body":"x"}""", 400, "citizenId" },
        { "POST", "/api/v1/interactions", """{"citizenId":"{citizen}","channel":"phone","body":""}""", 400, "body" },
        { "POST", "/api/v1/interactions", """{"citizenId":"{citizen}","channel":"phone","body":"x","direction":"sideways"}""", 400, "direction" },
        { "POST", "/api/v1/interactions", """{"citizenId":"{citizen}","channel":"phone","body":"x","caseReference":"NOPE"}""", 400, "caseReference" },
        { "POST", "/api/v1/interactions", """{"citizenId":"{citizen}","channel":"phone","body":"x","occurredAt":"yesterday"}""", 400, "occurredAt" },
        { "POST", "/api/v1/drafts", """{"citizenId":"{citizen}","channel":"web"}""", 400, "serviceCode" },
        { "POST", "/api/v1/drafts", """{"citizenId":"{citizen}","serviceCode":"benefits-application","channel":"web","answers":{"household_size":"many"}}""", 400, "answers.household_size" },
        { "PUT", "/api/v1/drafts/{draft}", """{"answers":{"household_size":2}}""", 400, "channel" },
        { "PUT", "/api/v1/drafts/{draft}", """{"channel":"phone","answers":{"employment_status":"astronaut"}}""", 400, "answers.employment_status" },
        { "POST", "/api/v1/drafts/{draft}/submit", """{"channel":"phone"}""", 400, "answers.monthly_income" },
        { "POST", "/api/v1/citizens", """{"givenName":"A","familyName":"B","phones":"+12175550100"}""", 400, "phones" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_is_a_problem_naming_the_field_and_writes_nothing(string method, string path, string body, int status, string? field)
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync();
        var reference = (await (await staff.PostJsonAsync("/api/v1/cases", new { citizenId, channel = "phone", description = "A case to act on" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("reference").GetString();
        var draft = (await (await staff.PostJsonAsync("/api/v1/drafts", new { citizenId, serviceCode = "benefits-application", channel = "web" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var before = await host.RowCountsAsync();

        using var request = new HttpRequestMessage(new HttpMethod(method), Http.Url(path.Replace("{case}", reference, StringComparison.Ordinal).Replace("{draft}", draft.ToString(), StringComparison.Ordinal)))
        {
            Content = new StringContent(
                body.Replace("{citizen}", citizenId.ToString(), StringComparison.Ordinal).Replace("{huge}", new string('a', 10_001), StringComparison.Ordinal),
                System.Text.Encoding.UTF8,
                "application/json"),
        };
        var response = await staff.SendAsync(request);
        await response.ProblemAsync((HttpStatusCode)status, field);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_as_unsupported()
    {
        var staff = await host.StaffClientAsync();
        await (await staff.PostRawAsync("/api/v1/cases", "citizenId=1", "application/x-www-form-urlencoded")).ProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task An_oversized_body_is_refused()
    {
        var staff = await host.StaffClientAsync();
        var before = await host.RowCountsAsync();
        var body = $$"""{"channel":"sms","description":"{{new string('a', 3 * 1024 * 1024)}}"}""";
        await (await staff.PostRawAsync("/api/v1/cases", body)).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, await host.RowCountsAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class BadInputOnSqlite(SqliteHost host) : BadInputTests(host);

[Collection(PostgresCollection.Name)]
public sealed class BadInputOnPostgres(PostgresHost host) : BadInputTests(host);
