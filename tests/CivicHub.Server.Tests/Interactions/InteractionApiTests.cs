using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;

namespace CivicHub.Server.Tests.Interactions;

/// <summary>Logging what happened off-system onto the timeline.</summary>
public abstract class InteractionApiTests(CivicHubHost host)
{
    [Fact]
    public async Task A_counter_visit_and_a_letter_join_the_citizens_and_the_cases_timelines()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync();
        var reference = (await (await staff.PostJsonAsync("/api/v1/cases", new { citizenId, channel = "phone", description = "Birth certificate question" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("reference").GetString();
        var visit = await (await staff.PostJsonAsync("/api/v1/interactions", new
        {
            citizenId,
            caseReference = reference,
            channel = "in_person",
            body = "Came to the counter with ID",
        })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(reference, visit.GetProperty("caseReference").GetString());
        await (await staff.PostJsonAsync("/api/v1/interactions", new { citizenId, channel = "mail", body = "Letter received: change of address" }))
            .JsonAsync(HttpStatusCode.Created);

        var citizenTimeline = await staff.GetJsonAsync($"/api/v1/citizens/{citizenId}/timeline");
        Assert.Equal(["mail", "in_person", "phone"], citizenTimeline.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("channel").GetString()));
        var caseTimeline = await staff.GetJsonAsync($"/api/v1/cases/{reference}/timeline");
        Assert.Equal(["in_person", "phone"], caseTimeline.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("channel").GetString()));
    }

    [Fact]
    public async Task The_same_external_id_on_a_channel_is_recorded_once()
    {
        var integration = await host.IntegrationClientAsync();
        var staff = await host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync();
        var body = new { citizenId, channel = "phone", body = "IVR call: payment taken", externalId = $"CA{Guid.NewGuid():N}" };
        await (await integration.PostJsonAsync("/api/v1/interactions", body)).JsonAsync(HttpStatusCode.Created);
        var before = await host.RowCountsAsync();
        await (await integration.PostJsonAsync("/api/v1/interactions", body)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task An_interaction_cannot_join_another_citizens_case()
    {
        var staff = await host.StaffClientAsync();
        var (owner, _, _) = await staff.NewCitizenAsync();
        var (other, _, _) = await staff.NewCitizenAsync();
        var reference = (await (await staff.PostJsonAsync("/api/v1/cases", new { citizenId = owner, channel = "phone", description = "Noise complaint" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("reference").GetString();
        await (await staff.PostJsonAsync("/api/v1/interactions", new { citizenId = other, caseReference = reference, channel = "phone", body = "x" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "caseReference");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class InteractionApiOnSqlite(SqliteHost host) : InteractionApiTests(host);

[Collection(PostgresCollection.Name)]
public sealed class InteractionApiOnPostgres(PostgresHost host) : InteractionApiTests(host);
