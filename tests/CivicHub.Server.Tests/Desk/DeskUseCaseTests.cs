using CivicHub.Core.Access;
using CivicHub.Core.Cases;
using CivicHub.Core.Catalog;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Privacy;
using CivicHub.Core.Staff;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Desk;

/// <summary>The use cases the desk and the administration stand on: the inbox, catalog changes and version checks.</summary>
public abstract class DeskUseCaseTests(CivicHubHost host)
{
    private static readonly Actor Administrator = new(ActorKind.Staff, Guid.NewGuid().ToString(), "Test administrator", StaffRole.Administrator);

    [Fact]
    public async Task Inbox_lists_cases_touched_on_a_channel_with_the_latest_activity_first()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync();
        var older = await NewCaseAsync(staff, citizenId, "mail");
        var newer = await NewCaseAsync(staff, citizenId, "mail");
        // A letter about the older case is its latest activity and brings it back to the top.
        await (await staff.PostJsonAsync("/api/v1/interactions", new { citizenId, caseReference = older, channel = "mail", body = "A second letter" }))
            .JsonAsync(HttpStatusCode.Created);

        var page = await InboxAsync(new CaseInbox.Query(Channel: Channel.Mail, PageSize: 100));
        var references = page.Items.Select(i => i.Reference).ToList();
        Assert.True(references.IndexOf(older) < references.IndexOf(newer), string.Join(", ", references));
        var listed = page.Items.Select(i => i.Reference).ToList();
        var touchedByMail = await host.InDbAsync(db => db.Cases
            .Where(c => listed.Contains(c.Reference))
            .CountAsync(c => c.OriginChannel == Channel.Mail || db.Interactions.Any(i => i.CaseId == c.Id && i.Channel == Channel.Mail)));
        Assert.Equal(listed.Count, touchedByMail);
        Assert.True(page.Items.First(i => i.Reference == newer).IsNew);

        var social = await InboxAsync(new CaseInbox.Query(Channel: Channel.Social, PageSize: 100));
        Assert.DoesNotContain(social.Items, i => i.Reference == older || i.Reference == newer);
        var invalid = await host.InScopeAsync(sp => sp.GetRequiredService<CaseInbox>().ListAsync(new CaseInbox.Query(Page: 0), CancellationToken.None));
        Assert.Contains("page", invalid.Problem!.Errors!.Keys);
    }

    [Fact]
    public async Task The_inbox_narrows_to_the_members_own_cases_or_to_those_nobody_has_taken()
    {
        var staff = await host.StaffClientAsync("dana");
        var (citizenId, _, _) = await staff.NewCitizenAsync();
        var waiting = await NewCaseAsync(staff, citizenId, "phone");
        var taken = await NewCaseAsync(staff, citizenId, "phone");
        var dana = await host.InDbAsync(db => db.Staff.SingleAsync(s => s.UserName == "dana"));
        // An agent takes a case themselves.
        await (await staff.PostJsonAsync($"/api/v1/cases/{taken}/assignment", new { assigneeId = dana.Id })).JsonAsync(HttpStatusCode.OK);
        var asDana = new Actor(ActorKind.Staff, dana.Id.ToString(), dana.DisplayName, dana.Role);

        var mine = await InboxAsync(new CaseInbox.Query(Assigned: CaseInbox.Assignment.Mine, PageSize: CaseInbox.MaxPageSize), asDana);
        Assert.Contains(mine.Items, i => i.Reference == taken);
        Assert.All(mine.Items, i => Assert.Equal(dana.DisplayName, i.AssigneeName));
        var unassigned = await InboxAsync(new CaseInbox.Query(Assigned: CaseInbox.Assignment.Unassigned, PageSize: CaseInbox.MaxPageSize), asDana);
        Assert.Contains(unassigned.Items, i => i.Reference == waiting);
        Assert.All(unassigned.Items, i => Assert.Null(i.AssigneeName));

        // Only a member of staff has cases of their own: anyone else asking for theirs is told which filter is wrong.
        var refused = await host.InScopeAsync(sp => sp.GetRequiredService<CaseInbox>().ListAsync(new CaseInbox.Query(Assigned: CaseInbox.Assignment.Mine), CancellationToken.None));
        Assert.Contains("assigned", refused.Problem!.Errors!.Keys);
    }

    [Fact]
    public async Task A_form_with_a_broken_field_is_refused_and_changes_nothing()
    {
        var before = await host.InScopeAsync(async sp => (await sp.GetRequiredService<CatalogSnapshot>().GetAsync()).ServiceByCode("birth-certificate")!.Fields.Count);
        var fields = new List<FormField>
        {
            new() { Key = "Bad Key", Label = "Label", Type = FormFieldType.Text },
            new() { Key = "choice", Label = "Choice", Type = FormFieldType.Select },
            new() { Key = "ref", Label = "Reference", Type = FormFieldType.Text, Pattern = "([unclosed" },
        };
        var refused = await SaveServiceAsync("birth-certificate", fields, Administrator);

        Assert.Equal(ProblemKind.Invalid, refused.Problem!.Kind);
        Assert.Contains("fields[0].key", refused.Problem.Errors!.Keys);
        Assert.Contains("fields[1].options", refused.Problem.Errors.Keys);
        Assert.Contains("fields[2].pattern", refused.Problem.Errors.Keys);
        var after = await host.InScopeAsync(async sp => (await sp.GetRequiredService<CatalogSnapshot>().GetAsync()).ServiceByCode("birth-certificate")!.Fields.Count);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Only_an_administrator_changes_a_service_and_the_change_is_served_at_once()
    {
        var agent = new Actor(ActorKind.Staff, Guid.NewGuid().ToString(), "Test agent", StaffRole.Agent);
        var current = await host.InScopeAsync(async sp => (await sp.GetRequiredService<CatalogSnapshot>().GetAsync()).ServiceByCode("marriage-licence"));
        var fields = current!.Fields.Append(new FormField { Key = "microchip_number", Label = "Microchip number", Type = FormFieldType.Text, Pattern = @"\d{15}" }).ToList();

        Assert.Equal(ProblemKind.Forbidden, (await SaveServiceAsync("marriage-licence", fields, agent)).Problem!.Kind);
        Assert.True((await SaveServiceAsync("marriage-licence", fields, Administrator)).Succeeded);

        var served = await (await host.StaffClientAsync()).GetJsonAsync("/api/v1/services/marriage-licence");
        Assert.Contains(served.GetProperty("fields").EnumerateArray(), f => f.GetProperty("key").GetString() == "microchip_number");
    }

    [Fact]
    public async Task A_status_change_from_a_stale_version_is_a_conflict_and_writes_nothing()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync();
        var reference = await NewCaseAsync(staff, citizenId, "phone");
        var seen = (await staff.GetJsonAsync($"/api/v1/cases/{reference}")).GetProperty("version").GetInt32();
        await (await staff.PostJsonAsync($"/api/v1/cases/{reference}/status", new { status = "triaged", version = seen })).JsonAsync(HttpStatusCode.OK);

        await (await staff.PostJsonAsync($"/api/v1/cases/{reference}/status", new { status = "resolved", version = seen })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("triaged", (await staff.GetJsonAsync($"/api/v1/cases/{reference}")).GetProperty("status").GetString());
    }

    private static async Task<string> NewCaseAsync(HttpClient staff, Guid citizenId, string channel) =>
        (await (await staff.PostJsonAsync("/api/v1/cases", new { citizenId, channel, description = "Desk inbox test" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("reference").GetString()!;

    private Task<CaseInbox.Page> InboxAsync(CaseInbox.Query query, Actor? actor = null) =>
        host.InScopeAsync(async sp =>
        {
            if (actor is not null)
            {
                sp.GetRequiredService<RecordAccess>().ActAs(actor);
            }

            return (await sp.GetRequiredService<CaseInbox>().ListAsync(query, CancellationToken.None)).Value!;
        });

    private Task<Outcome<Service>> SaveServiceAsync(string code, List<FormField> fields, Actor actor) =>
        host.InScopeAsync(async sp =>
        {
            var service = (await sp.GetRequiredService<CatalogSnapshot>().GetAsync()).ServiceByCode(code)!;
            var input = new CatalogAdministration.ServiceInput(
                service.Code, service.Name, service.Description, service.Topic, service.DepartmentId, service.Keywords, service.SlaHours,
                service.Active, service.PublicRequests, fields);
            return await sp.GetRequiredService<CatalogAdministration>().SaveServiceAsync(service.Id, input, actor, CancellationToken.None);
        });
}

[Collection(SqliteCollection.Name)]
public sealed class DeskUseCaseOnSqlite(SqliteHost host) : DeskUseCaseTests(host);

[Collection(PostgresCollection.Name)]
public sealed class DeskUseCaseOnPostgres(PostgresHost host) : DeskUseCaseTests(host);
