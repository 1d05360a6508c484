using CivicHub.Server.Hosting;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Server.Tests.Platform;

/// <summary>The demo reset command starts the demo over on a host of its own (it wipes the database).</summary>
public sealed class DemoResetTests : IAsyncLifetime
{
    private readonly SqliteHost _host = new();

    public ValueTask InitializeAsync() => _host.InitializeAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Reset_drops_what_was_added_and_seeds_the_demo_again()
    {
        var staff = await _host.StaffClientAsync();
        var (added, _, _) = await staff.NewCitizenAsync("Temporary", "Person");

        await DatabaseStartup.ResetAsync(_host.Services, CancellationToken.None);

        Assert.False(await _host.InDbAsync(db => db.Citizens.AnyAsync(c => c.Id == added)));
        Assert.Equal(CivicHubHost.DemoCitizens, await _host.InDbAsync(db => db.Citizens.CountAsync()));
        Assert.True(await _host.InDbAsync(db => db.Services.CountAsync()) >= 20);
        var again = await _host.StaffClientAsync("luis");
        Assert.NotEmpty((await again.GetJsonAsync("/api/v1/citizens?q=rosa")).EnumerateArray());
    }
}
