using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Server.Tests.Api;

/// <summary>A POST that creates, retried with the same Idempotency-Key, creates once.</summary>
public abstract class IdempotencyTests(CivicHubHost host)
{
    private static HttpRequestMessage CreateCase(Guid citizenId, string key, string description = "Streetlight out on Oak Avenue")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Http.Url("/api/v1/cases"))
        {
            Content = JsonContent.Create(new { citizenId, channel = "phone", description }, options: CivicHubHost.Json),
        };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task A_retry_with_the_same_key_gets_the_first_answer_and_creates_nothing_more()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync();
        var key = Guid.NewGuid().ToString();

        var first = await staff.SendAsync(CreateCase(citizenId, key));
        var firstBody = await first.JsonAsync(HttpStatusCode.Created);
        var before = await host.RowCountsAsync();
        var retry = await staff.SendAsync(CreateCase(citizenId, key));
        var retryBody = await retry.JsonAsync(HttpStatusCode.Created);

        Assert.Equal(firstBody.GetProperty("reference").GetString(), retryBody.GetProperty("reference").GetString());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Concurrent_duplicates_create_one_case()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync();
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => staff.SendAsync(CreateCase(citizenId, key))));
        var references = new List<string?>();
        foreach (var response in responses)
        {
            references.Add((await response.JsonAsync(HttpStatusCode.Created)).GetProperty("reference").GetString());
        }

        Assert.Single(references.Distinct());
        Assert.Equal(1, await host.InDbAsync(db => db.Cases.CountAsync(c => c.CitizenId == citizenId)));
    }

    [Fact]
    public async Task The_same_key_for_a_different_request_is_refused()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync();
        var key = Guid.NewGuid().ToString();
        await (await staff.SendAsync(CreateCase(citizenId, key))).JsonAsync(HttpStatusCode.Created);
        var before = await host.RowCountsAsync();
        await (await staff.SendAsync(CreateCase(citizenId, key, "Something else entirely"))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_refused_request_does_not_use_up_its_key()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync();
        var key = Guid.NewGuid().ToString();
        await (await staff.SendAsync(CreateCase(citizenId, key, ""))).ProblemAsync(HttpStatusCode.BadRequest, "description");
        await (await staff.SendAsync(CreateCase(citizenId, key))).JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_oversized_key_is_refused_naming_the_header()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync();
        await (await staff.SendAsync(CreateCase(citizenId, new string('k', 201)))).ProblemAsync(HttpStatusCode.BadRequest, "Idempotency-Key");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class IdempotencyOnSqlite(SqliteHost host) : IdempotencyTests(host);

[Collection(PostgresCollection.Name)]
public sealed class IdempotencyOnPostgres(PostgresHost host) : IdempotencyTests(host);
