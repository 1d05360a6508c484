using CivicHub.Core.Privacy.Agreements;
using CivicHub.Core.Privacy.Audit;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Privacy;

/// <summary>
/// The agreements in force are kept in memory by each host; a change must still decide the very next request. Each
/// test ends the agreement it made, so the other tests sharing the host see the demo's agreements only.
/// </summary>
public abstract class AgreementChangeTests(CivicHubHost host)
{
    [Fact]
    public async Task An_agreement_lets_its_recipients_see_on_the_next_request_and_its_end_stops_them_on_the_one_after()
    {
        var dana = await host.StaffClientAsync("dana");
        var taylor = await host.StaffClientAsync("taylor");
        var morgan = await host.StaffClientAsync("morgan");
        var (citizenId, _, _) = await dana.NewCitizenAsync("Clara", "Licence");
        var reference = (await (await dana.PostJsonAsync("/api/v1/cases", new
        {
            citizenId,
            serviceCode = "marriage-licence",
            channel = "phone",
            description = "Asks what to bring for a marriage licence",
            answers = new { details = "What to bring" },
        })).JsonAsync(HttpStatusCode.Created)).GetProperty("reference").GetString();

        // Tax sees nothing of the clerk's case; these reads also load the host's copy of the agreements.
        await taylor.GetJsonAsync($"/api/v1/cases/{reference}", HttpStatusCode.NotFound);
        Assert.DoesNotContain(reference, OpenCases(await taylor.GetJsonAsync($"/api/v1/citizens/{citizenId}")));

        var body = new Dictionary<string, object>
        {
            ["name"] = $"Tax checks marriage licences {Guid.NewGuid():N}",
            ["recipientDepartments"] = new[] { "TAX" },
            ["providerDepartments"] = new[] { "CLERK" },
            ["services"] = new[] { "marriage-licence" },
            ["categories"] = new[] { "cases", "contact_details" },
            ["purpose"] = "Updating the household on a tax account",
            ["legalBasis"] = "Revenue code 4.2",
            ["validFrom"] = DateTime.UtcNow.AddDays(-1),
            ["status"] = "active",
        };
        var agreementId = (await (await morgan.PostJsonAsync("/api/v1/agreements", body)).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        try
        {
            await taylor.GetJsonAsync($"/api/v1/cases/{reference}");
            Assert.Contains(reference, OpenCases(await taylor.GetJsonAsync($"/api/v1/citizens/{citizenId}")));
        }
        finally
        {
            body["status"] = "ended";
            await (await morgan.PutAsync(Http.Url($"/api/v1/agreements/{agreementId}"), JsonContent.Create(body))).JsonAsync(HttpStatusCode.OK);
        }

        await taylor.GetJsonAsync($"/api/v1/cases/{reference}", HttpStatusCode.NotFound);
        Assert.DoesNotContain(reference, OpenCases(await taylor.GetJsonAsync($"/api/v1/citizens/{citizenId}")));

        // The log keeps the agreement's making and ending, and names it with its legal basis on the reads it allowed.
        var changes = await host.InDbAsync(db => db.AuditEntries
            .Where(e => e.RecordKind == AuditRecords.Agreement && e.RecordId == agreementId.ToString("D")).OrderBy(e => e.Id)
            .Select(e => new { e.Action, e.ActorName }).ToListAsync());
        Assert.Equal([AuditAction.Create, AuditAction.Update], changes.Select(c => c.Action));
        Assert.All(changes, c => Assert.Equal("Morgan Hayes", c.ActorName));
        var log = await (await host.StaffClientAsync("priya")).GetJsonAsync($"/api/v1/audit?citizenId={citizenId}&action=read&limit=200");
        var allowed = log.GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("agreementId").ValueKind == JsonValueKind.String && e.GetProperty("agreementId").GetGuid() == agreementId).ToList();
        Assert.NotEmpty(allowed);
        Assert.All(allowed, e =>
        {
            Assert.Equal(body["name"], e.GetProperty("agreementName").GetString());
            Assert.Equal("Revenue code 4.2", e.GetProperty("legalBasis").GetString());
        });
    }

    [Fact]
    public async Task A_save_inside_a_transaction_drops_the_copy_and_a_rollback_leaves_the_agreements_as_they_were()
    {
        var before = await host.InScopeAsync(sp => sp.GetRequiredService<AgreementSnapshot>().ActiveAsync(CancellationToken.None).AsTask());

        await host.InDbAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var agreement = await db.DataSharingAgreements.FirstAsync(a => a.Status == AgreementStatus.Active);
            agreement.Status = AgreementStatus.Ended;
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
            return 0;
        });

        // The copy was dropped by the save and reloaded from what the database still holds.
        var after = await host.InScopeAsync(sp => sp.GetRequiredService<AgreementSnapshot>().ActiveAsync(CancellationToken.None).AsTask());
        Assert.NotSame(before, after);
        Assert.Equal(before.Select(a => a.Id).Order(), after.Select(a => a.Id).Order());
    }

    private static List<string?> OpenCases(JsonElement view) =>
        view.GetProperty("openCases").EnumerateArray().Select(c => c.GetProperty("reference").GetString()).ToList();
}

[Collection(SqliteCollection.Name)]
public sealed class AgreementChangeOnSqlite(SqliteHost host) : AgreementChangeTests(host);

[Collection(PostgresCollection.Name)]
public sealed class AgreementChangeOnPostgres(PostgresHost host) : AgreementChangeTests(host);
