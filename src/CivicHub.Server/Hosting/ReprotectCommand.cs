using CivicHub.Core.Data;
using CivicHub.Core.Privacy.Protection;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Server.Hosting;

/// <summary>
/// <c>fields reprotect</c>: rewrites every encrypted field that is not under the key ring's current key, or still in
/// clear from before encryption, with <see cref="ReprotectFields"/>, and says how many rows it rewrote. Run after a
/// key rolls (before an old key is retired), or once after upgrading; the hosts may keep running.
/// </summary>
public static class ReprotectCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        await using var scope = services.CreateAsyncScope();
        // As at the host's start: the schema brought up to date and a key to write with, also on a database the host
        // has not started on yet.
        await scope.ServiceProvider.GetRequiredService<CivicHubDb>().Database.MigrateAsync(cancellationToken);
        scope.ServiceProvider.GetRequiredService<FieldProtection>().EnsureKeyRing();
        var result = await scope.ServiceProvider.GetRequiredService<ReprotectFields>().RunAsync(cancellationToken);
        await output.WriteLineAsync(
            $"Rewritten with the current key: citizens {result.Citizens}, match profiles {result.MatchProfiles}, blocking keys {result.MatchKeys}, "
            + $"cases' and drafts' sensitive answers {result.Answers}, sensitive notes {result.Notes}.");
        if (result.Skipped > 0)
        {
            // Those rows were written by a host meanwhile, with the current key; a second run finds what, if anything, is left.
            await output.WriteLineAsync($"Left as a host wrote them during the run: {result.Skipped} rows. Run the command again before retiring a key.");
        }
        return 0;
    }
}
