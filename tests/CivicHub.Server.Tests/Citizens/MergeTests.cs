using CivicHub.Core.Citizens;
using CivicHub.Core.Intake;
using CivicHub.Core.Interactions;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Citizens;

/// <summary>A provisional citizen from an unknown number, merged into the person's record, and the merge undone.</summary>
public abstract class MergeTests(CivicHubHost host)
{
    [Fact]
    public async Task A_provisional_texter_merged_into_the_known_citizen_brings_everything_and_the_merge_can_be_undone()
    {
        var staff = await host.StaffClientAsync("priya");
        var (known, _, _) = await staff.NewCitizenAsync("Rosa", "Delgado");
        var newPhone = Http.NewPhone();
        var text = await host.InScopeAsync(sp => sp.GetRequiredService<IntakePipeline>().ReceiveAsync(
            new InboundContact(Channel.Sms, IdentityKind.Phone, newPhone, "Soy Rosa, tengo un teléfono nuevo", DateTime.UtcNow) { To = "+12175550311" },
            CancellationToken.None));
        var provisional = text.Value!.CitizenId;

        var merge = await (await staff.PostJsonAsync($"/api/v1/citizens/{provisional}/merge", new { intoCitizenId = known, reason = "Same person, new phone" }))
            .JsonAsync(HttpStatusCode.OK);
        var view = await staff.GetJsonAsync($"/api/v1/citizens/{known}");
        Assert.Contains(view.GetProperty("identities").EnumerateArray(), i => i.GetProperty("value").GetString() == Http.E164(newPhone));
        Assert.Contains(view.GetProperty("openCases").EnumerateArray(), c => c.GetProperty("reference").GetString() == text.Value.CaseReference);
        Assert.DoesNotContain((await staff.GetJsonAsync($"/api/v1/citizens?q=%2B{Http.E164(newPhone)[1..]}")).EnumerateArray(), c => c.GetProperty("id").GetGuid() == provisional);

        // The next text from the new number lands on Rosa's record.
        var next = await host.InScopeAsync(sp => sp.GetRequiredService<IntakePipeline>().ReceiveAsync(
            new InboundContact(Channel.Sms, IdentityKind.Phone, newPhone, "Gracias", DateTime.UtcNow) { To = "+12175550311" },
            CancellationToken.None));
        Assert.Equal(known, next.Value!.CitizenId);

        await (await staff.PostJsonAsync($"/api/v1/citizen-merges/{merge.GetProperty("id").GetGuid()}/undo", new { })).JsonAsync(HttpStatusCode.OK);
        var restored = await staff.GetJsonAsync($"/api/v1/citizens/{provisional}");
        Assert.Equal(JsonValueKind.Null, restored.GetProperty("citizen").GetProperty("mergedIntoId").ValueKind);
        Assert.Contains(restored.GetProperty("identities").EnumerateArray(), i => i.GetProperty("value").GetString() == Http.E164(newPhone));
        Assert.Contains(restored.GetProperty("openCases").EnumerateArray(), c => c.GetProperty("reference").GetString() == text.Value.CaseReference);
        await (await staff.PostJsonAsync($"/api/v1/citizen-merges/{merge.GetProperty("id").GetGuid()}/undo", new { })).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Bad_merges_are_refused()
    {
        var staff = await host.StaffClientAsync();
        var (a, _, _) = await staff.NewCitizenAsync();
        await (await staff.PostJsonAsync($"/api/v1/citizens/{a}/merge", new { intoCitizenId = a })).ProblemAsync(HttpStatusCode.BadRequest, "intoCitizenId");
        await (await staff.PostJsonAsync($"/api/v1/citizens/{a}/merge", new { })).ProblemAsync(HttpStatusCode.BadRequest, "intoCitizenId");
        await (await staff.PostJsonAsync($"/api/v1/citizens/{a}/merge", new { intoCitizenId = Guid.NewGuid() })).ProblemAsync(HttpStatusCode.BadRequest, "intoCitizenId");
        await (await staff.PostJsonAsync($"/api/v1/citizens/{Guid.NewGuid()}/merge", new { intoCitizenId = a })).ProblemAsync(HttpStatusCode.NotFound);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MergeOnSqlite(SqliteHost host) : MergeTests(host);

[Collection(PostgresCollection.Name)]
public sealed class MergeOnPostgres(PostgresHost host) : MergeTests(host);
