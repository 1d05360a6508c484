using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace CivicHub.Bench;

/// <summary>Starts the real CivicHub server (the Release build) as a child process on PostgreSQL, and gets it tokens.</summary>
internal static class CivicHubHost
{
    public const string ClientSecret = "bench-integrator-secret";
    public const string StaffPassword = "bench-staff-password";

    /// <summary>The server's field look-up key (Production refuses to start without one of its own).</summary>
    public const string LookupKey = "ehGdBmWKk03J99r4TRVhu+apzm8IbwTkalkHygwpzJE=";

    /// <summary>Which server build to run, and from where.</summary>
    public sealed record Launch(string Dll, string WorkingDirectory);

    /// <summary>
    /// Reads --server-dll and --server-cwd: by default the server runs from its build folder, as a deployment would, so
    /// its appsettings.json applies; with --server-cwd repo it runs from the repository root, where none is found.
    /// </summary>
    public static Launch LaunchFrom(BenchArgs args)
    {
        var dll = RepositoryPaths.ServerDll(args);
        return args.String("server-cwd", "bin") switch
        {
            "bin" => new Launch(dll, Path.GetDirectoryName(dll)!),
            "repo" => new Launch(dll, RepositoryPaths.Root()),
            var other => throw new ArgumentException($"--server-cwd is bin or repo, not {other}."),
        };
    }

    /// <summary>Starts the server; settings add configuration for this run ("Channels__Sms__Enabled") as environment variables.</summary>
    public static Task<ChildServer> StartAsync(
        Launch launch, string connectionString, int port, int demoCitizens, string outFolder, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var dll = launch.Dll;
        var cwd = launch.WorkingDirectory;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = cwd };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__CivicHub"] = connectionString;
        start.Environment["Auth__AllowHttp"] = "true";
        start.Environment["Demo__Enabled"] = "true";
        start.Environment["Demo__Citizens"] = demoCitizens.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Demo__ClientSecret"] = ClientSecret;
        start.Environment["Demo__StaffPassword"] = StaffPassword;
        // The bench measures the API behind a token, not the sign-in: its staff get tokens by password alone, also on
        // databases generated before staff had authenticators. Validating the token costs the same either way.
        start.Environment["Auth__Staff__RequireMfa"] = "false";
        start.Environment["Protection__LookupKey"] = LookupKey;
        // Production refuses to start without the relying party staff passkeys are bound to.
        start.Environment["Auth__Staff__Passkeys__RelyingPartyId"] = "localhost";
        start.Environment["Auth__Staff__Passkeys__Origins__0"] = $"http://localhost:{port}";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return ChildServer.StartAsync("CivicHub", start, port, Path.Combine(outFolder, "civichub.log"), TimeSpan.FromSeconds(180), cancellationToken);
    }

    public static Task<string> IntegrationTokenAsync(HttpClient http, CancellationToken cancellationToken) =>
        TokenAsync(http, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "demo-integrator",
            ["client_secret"] = ClientSecret,
            ["scope"] = "api",
        }, cancellationToken);

    public static Task<string> StaffTokenAsync(HttpClient http, string userName, CancellationToken cancellationToken) =>
        TokenAsync(http, new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "civichub-desk",
            ["username"] = userName,
            ["password"] = StaffPassword,
            ["scope"] = "api",
        }, cancellationToken);

    public static HttpClient Client(Uri baseAddress, int concurrency, string? bearer = null)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency * 2,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            UseCookies = false,
        };
        var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (bearer is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return http;
    }

    private static async Task<string> TokenAsync(HttpClient http, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(form);
        using var response = await http.PostAsync(new Uri("/connect/token", UriKind.Relative), content, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Token request failed with {(int)response.StatusCode}: {body}");
        }

        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("access_token").GetString()!;
    }
}
