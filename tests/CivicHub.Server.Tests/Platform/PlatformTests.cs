using CivicHub.Core.Events;
using CivicHub.Core.Interactions;
using CivicHub.Core.Staff;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Platform;

/// <summary>Health, the API description, and the demo jurisdiction a first start creates.</summary>
public abstract class PlatformTests(CivicHubHost host)
{
    [Fact]
    public async Task Health_reports_the_database()
    {
        var health = await host.AnonymousClient().GetJsonAsync("/healthz");
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api_and_its_security()
    {
        var document = await host.AnonymousClient().GetJsonAsync("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        foreach (var path in new[]
        {
            "/api/v1/citizens", "/api/v1/citizens/{id}", "/api/v1/citizens/{id}/timeline", "/api/v1/cases", "/api/v1/cases/{reference}",
            "/api/v1/cases/{reference}/timeline", "/api/v1/cases/{reference}/status", "/api/v1/interactions", "/api/v1/drafts/{id}/submit",
        })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not described");
        }

        Assert.True(document.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("oauth2", out _));
        var docs = await host.AnonymousClient().GetAsync(Http.Url("/docs/"));
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
    }

    [Fact]
    public async Task Committed_events_are_signalled_in_process()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync();
        var signal = host.Services.GetRequiredService<EventSignal>();
        var created = new TaskCompletionSource<DomainEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnCommitted(object? sender, EventsCommittedEventArgs e)
        {
            if (e.Events.FirstOrDefault(x => x.Type == "case.created" && x.CitizenId == citizenId) is { } match)
            {
                created.TrySetResult(match);
            }
        }

        signal.Committed += OnCommitted;
        try
        {
            var response = await (await staff.PostJsonAsync("/api/v1/cases", new { citizenId, channel = "chat", description = "Signal me" })).JsonAsync(HttpStatusCode.Created);
            var @event = await created.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(response.GetProperty("reference").GetString(), @event.CaseReference);
            Assert.True(@event.Id > 0);
        }
        finally
        {
            signal.Committed -= OnCommitted;
        }
    }

    [Fact]
    public async Task The_demo_has_departments_services_staff_of_every_role_and_citizens_on_every_channel()
    {
        host.RequireDatabase();
        var facts = await host.InDbAsync(async db => new
        {
            Departments = await db.Departments.CountAsync(),
            Services = await db.Services.CountAsync(),
            Roles = await db.Staff.Select(s => s.Role).Distinct().ToListAsync(),
            DemoCitizens = await db.Citizens.CountAsync(c => c.CreatedAt < DateTime.UtcNow.AddDays(-30)),
            Channels = await db.Interactions.Select(i => i.Channel).Distinct().ToListAsync(),
            IdentityKinds = await db.ChannelIdentities.Select(i => i.Kind).Distinct().CountAsync(),
            Spanish = await db.Citizens.CountAsync(c => c.PreferredLanguage == "es"),
        });
        Assert.True(facts.Departments >= 5);
        Assert.True(facts.Services >= 20);
        Assert.Equal(Enum.GetValues<StaffRole>().Order(), facts.Roles.Order());
        Assert.Equal(CivicHubHost.DemoCitizens, facts.DemoCitizens);
        Assert.Equal(Enum.GetValues<Channel>().Order(), facts.Channels.Order());
        Assert.True(facts.IdentityKinds >= 3);
        Assert.True(facts.Spanish > 20);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PlatformOnSqlite(SqliteHost host) : PlatformTests(host);

[Collection(PostgresCollection.Name)]
public sealed class PlatformOnPostgres(PostgresHost host) : PlatformTests(host);
