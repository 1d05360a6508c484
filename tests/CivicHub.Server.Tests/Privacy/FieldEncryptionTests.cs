using System.Data.Common;
using CivicHub.Core.Citizens;
using CivicHub.Core.Data;
using CivicHub.Core.Privacy.Protection;
using CivicHub.Server.Hosting;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CivicHub.Server.Tests.Privacy;

/// <summary>Personal fields are encrypted at rest with the shared, rotating key ring, and still read and match.</summary>
public abstract class FieldEncryptionTests(CivicHubHost host)
{
    [Fact]
    public async Task Date_of_birth_and_demographics_are_stored_encrypted_and_read_back()
    {
        var staff = await host.StaffClientAsync();
        var created = await (await staff.PostJsonAsync("/api/v1/citizens", new
        {
            givenName = "Rosalind",
            familyName = "Quennell",
            dateOfBirth = "1961-03-29",
            phones = new[] { Http.NewPhone() },
            demographics = new { ageBand = "55-64", accessibilityNeeds = new[] { "interpreter" }, district = "Ward 7" },
        })).JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();

        var where = $"\"Id\" = {host.IdLiteral(id)}";
        var birth = Assert.Single(await host.StoredAsync("Citizens", "DateOfBirth", where));
        var demographics = Assert.Single(await host.StoredAsync("Citizens", "Demographics", where));
        Assert.StartsWith(FieldProtection.Prefix, birth, StringComparison.Ordinal);
        Assert.StartsWith(FieldProtection.Prefix, demographics, StringComparison.Ordinal);
        foreach (var plain in new[] { "1961", "03-29", "interpreter", "Ward 7", "55-64" })
        {
            Assert.DoesNotContain(plain, birth + demographics, StringComparison.OrdinalIgnoreCase);
        }

        var profile = $"\"CitizenId\" = {host.IdLiteral(id)}";
        Assert.DoesNotContain("1961", string.Concat(await host.StoredAsync("CitizenMatchProfiles", "DateOfBirth", profile)), StringComparison.Ordinal);
        Assert.All(await host.StoredAsync("CitizenMatchKeys", "Key", profile), key => Assert.StartsWith("h:", key, StringComparison.Ordinal));

        // The 360 view (one raw statement on PostgreSQL, LINQ on SQLite) decrypts what it reads.
        var overview = await staff.GetJsonAsync($"/api/v1/citizens/{id}");
        var citizen = overview.GetProperty("citizen");
        Assert.Equal("1961-03-29", citizen.GetProperty("dateOfBirth").GetString());
        var demographicsRead = await DemographicsAsync(id);
        Assert.Equal("Ward 7", demographicsRead.District);
        Assert.Equal(["interpreter"], demographicsRead.AccessibilityNeeds);
    }

    [Fact]
    public async Task Rows_written_with_a_rolled_key_still_read_and_reprotection_rewrites_them_with_the_current_key()
    {
        var staff = await host.StaffClientAsync();
        var (id, _, _) = await staff.NewCitizenAsync("Evander", "Thistlewood");
        var where = $"\"Id\" = {host.IdLiteral(id)}";
        var before = Assert.Single(await host.StoredAsync("Citizens", "DateOfBirth", where));

        // Roll the key ring: a new key becomes the default for new data; the old one stays to decrypt.
        await host.InScopeAsync(sp =>
        {
            var now = DateTimeOffset.UtcNow;
            sp.GetRequiredService<IKeyManager>().CreateNewKey(now.AddSeconds(-1), now.AddDays(90));
            return Task.FromResult(true);
        });
        // The key ring refreshes in the background: wait until the new key is the one that protects.
        var protection = host.Services.GetRequiredService<FieldProtection>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!protection.Read(ProtectedFieldKind.DateOfBirth, before).IsStale)
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the new key to become the default.");
            await Task.Delay(50);
        }

        var overview = await staff.GetJsonAsync($"/api/v1/citizens/{id}");
        Assert.Equal("1990-05-17", overview.GetProperty("citizen").GetProperty("dateOfBirth").GetString());

        var result = await host.InScopeAsync(sp => sp.GetRequiredService<ReprotectFields>().RunAsync(CancellationToken.None));
        Assert.True(result.Citizens >= 1);
        var after = Assert.Single(await host.StoredAsync("Citizens", "DateOfBirth", where));
        Assert.NotEqual(before, after);
        Assert.False(protection.Read(ProtectedFieldKind.DateOfBirth, after).IsStale);
        Assert.Equal("1990-05-17", protection.Unprotect(ProtectedFieldKind.DateOfBirth, after));

        // A second run finds nothing left to rewrite for this citizen.
        await host.InScopeAsync(sp => sp.GetRequiredService<ReprotectFields>().RunAsync(CancellationToken.None));
        Assert.Equal(after, Assert.Single(await host.StoredAsync("Citizens", "DateOfBirth", where)));
    }

    [Fact]
    public async Task Plaintext_written_before_encryption_is_read_and_then_encrypted_by_reprotection()
    {
        var staff = await host.StaffClientAsync();
        var (id, _, _) = await staff.NewCitizenAsync("Philippa", "Ormerod");
        var where = $"\"Id\" = {host.IdLiteral(id)}";
        // What the row held before this release: plain text.
        const string OldDemographics = """{"AgeBand":"75+","AccessibilityNeeds":[],"District":"Ward 2"}""";
        await host.InDbAsync(db => db.Database.ExecuteSqlAsync(
            $"""UPDATE "Citizens" SET "DateOfBirth" = {"1944-11-02"}, "Demographics" = {OldDemographics} WHERE "Id" = {id}"""));

        var overview = await staff.GetJsonAsync($"/api/v1/citizens/{id}");
        Assert.Equal("1944-11-02", overview.GetProperty("citizen").GetProperty("dateOfBirth").GetString());
        Assert.Equal("Ward 2", (await DemographicsAsync(id)).District);

        // As an operator runs it: `dotnet CivicHub.Server.dll fields reprotect`.
        using var output = new StringWriter();
        Assert.Equal(0, await ReprotectCommand.RunAsync(host.Services, output, CancellationToken.None));
        Assert.Matches("citizens [1-9]", output.ToString());
        var stored = Assert.Single(await host.StoredAsync("Citizens", "DateOfBirth", where)) + Assert.Single(await host.StoredAsync("Citizens", "Demographics", where));
        Assert.DoesNotContain("1944", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("Ward 2", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reprotection_beside_a_live_host_leaves_a_change_made_meanwhile_as_the_host_wrote_it()
    {
        host.RequireDatabase();
        var staff = await host.StaffClientAsync();
        var (id, _, _) = await staff.NewCitizenAsync("Oriel", "Brathwaite");
        // Left in clear from before encryption, so reprotection will rewrite it.
        await host.InDbAsync(db => db.Database.ExecuteSqlAsync(
            $"""UPDATE "Citizens" SET "DateOfBirth" = {"1958-06-21"}, "Demographics" = {"{}"} WHERE "Id" = {id}"""));

        // A host corrects the date of birth after reprotection read the row and before it writes it back.
        var corrected = new DateOnly(1958, 6, 12);
        var meanwhile = new BeforeUpdateOf("Citizens", id, () => host.InDbAsync(db =>
            db.Citizens.Where(c => c.Id == id).ExecuteUpdateAsync(c => c.SetProperty(x => x.DateOfBirth, corrected))));
        var protection = host.Services.GetRequiredService<FieldProtection>();
        var options = new DbContextOptionsBuilder<CivicHubDb>();
        options.UseCivicHubDatabase(host.DatabaseConnectionString!).UseFieldProtection(protection).AddInterceptors(meanwhile);
        ReprotectFields.Result result;
        await using (var db = new CivicHubDb(options.Options))
        {
            // Small pages, so the run reaches this citizen, among every other test's, through many of them.
            result = await new ReprotectFields(db, protection, NullLogger<ReprotectFields>.Instance) { PageSize = 7 }.RunAsync(CancellationToken.None);
        }

        Assert.True(meanwhile.Ran);
        Assert.True(result.Skipped >= 1, $"skipped {result.Skipped}");
        var overview = await staff.GetJsonAsync($"/api/v1/citizens/{id}");
        Assert.Equal("1958-06-12", overview.GetProperty("citizen").GetProperty("dateOfBirth").GetString());
        var stored = Assert.Single(await host.StoredAsync("Citizens", "DateOfBirth", $"\"Id\" = {host.IdLiteral(id)}"));
        Assert.False(protection.Read(ProtectedFieldKind.DateOfBirth, stored).IsStale);

        // The row the host wrote needs nothing more: the demographics it did not touch are rewritten on the next run.
        await host.InScopeAsync(sp => sp.GetRequiredService<ReprotectFields>().RunAsync(CancellationToken.None));
        var demographics = Assert.Single(await host.StoredAsync("Citizens", "Demographics", $"\"Id\" = {host.IdLiteral(id)}"));
        Assert.StartsWith(FieldProtection.Prefix, demographics, StringComparison.Ordinal);
        Assert.Equal("1958-06-12", (await staff.GetJsonAsync($"/api/v1/citizens/{id}")).GetProperty("citizen").GetProperty("dateOfBirth").GetString());
    }

    [Fact]
    public async Task The_key_ring_lives_in_the_database_so_a_second_host_reads_what_the_first_protected()
    {
        host.RequireDatabase();
        Assert.NotEmpty(await host.InDbAsync(db => db.DataProtectionKeys.ToListAsync()));
        // The authentication cookies and anti-forgery tokens are protected the same way as this payload.
        var payload = host.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("CivicHub.Tests.SharedRing").Protect("signed in");

        await using var second = new SameDatabaseHost(host);
        await second.InitializeAsync();
        var other = second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("CivicHub.Tests.SharedRing");
        Assert.Equal("signed in", other.Unprotect(payload));
    }

    /// <summary>Runs a write of another host once, just before the first UPDATE of a row of <paramref name="table"/> with the id given.</summary>
    private sealed class BeforeUpdateOf(string table, Guid id, Func<Task> write) : DbCommandInterceptor
    {
        public bool Ran { get; private set; }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (!Ran && command.CommandText.TrimStart().StartsWith($"UPDATE \"{table}\"", StringComparison.Ordinal)
                && command.Parameters.Cast<DbParameter>().Any(p => string.Equals(p.Value?.ToString(), id.ToString(), StringComparison.OrdinalIgnoreCase)))
            {
                Ran = true;
                await write();
            }

            return result;
        }
    }

    /// <summary>
    /// The 360 view's demographics as CivicHub itself reads them (PostgreSQL's one statement or SQLite's LINQ): they
    /// are sensitive fields, which the contact centre's agent does not see (docs/privacy.md).
    /// </summary>
    private Task<Demographics> DemographicsAsync(Guid citizenId) =>
        host.InScopeAsync(async sp => (await sp.GetRequiredService<CitizenOverview>().GetAsync(citizenId, CancellationToken.None)).Value!.Citizen.Demographics);
}

[Collection(SqliteCollection.Name)]
public sealed class FieldEncryptionOnSqlite(SqliteHost host) : FieldEncryptionTests(host);

[Collection(PostgresCollection.Name)]
public sealed class FieldEncryptionOnPostgres(PostgresHost host) : FieldEncryptionTests(host);
