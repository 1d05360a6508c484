using CivicHub.Core;
using CivicHub.Core.Privacy.Protection;

namespace CivicHub.Bench;

/// <summary>
/// Encrypts generated personal fields (a citizen's date of birth and demographics) as the benchmark's CivicHub server
/// does, with the Data Protection key ring that server keeps in the database and its look-up key, so that reads pay
/// for decryption as they would on real data. The server must have started on the database first: it makes the key.
/// </summary>
internal sealed class ServerFieldProtection : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly FieldProtection _protection;

    public ServerFieldProtection(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:CivicHub"] = connectionString,
            ["Protection:LookupKey"] = CivicHubHost.LookupKey,
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddCivicHubCore(configuration);
        _services = services.BuildServiceProvider();
        _protection = _services.GetRequiredService<FieldProtection>();
    }

    public string DateOfBirth(DateOnly date) => ProtectedFields.StoredDateOfBirth(_protection, date);

    /// <summary>Demographics as their JSON (AgeBand, AccessibilityNeeds, District), encrypted whole.</summary>
    public string Demographics(string json) => _protection.Protect(ProtectedFieldKind.Demographics, json);

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
