using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace CivicHub.Bench;

/// <summary>
/// The create-case baseline: a minimal ASP.NET Core endpoint that takes the same JSON body and does one one-row INSERT
/// through a pooled NpgsqlDataSource, in a process of its own (the bench executable in raw-server mode).
/// </summary>
internal static class RawServer
{
    public const string Table = "bench_raw_cases";

    public sealed record CaseRequest(Guid CitizenId, string? ServiceCode, string? Channel, string? Description);

    public sealed record CaseCreated(Guid Id);

    public static Task<ChildServer> StartAsync(string connectionString, int port, string outFolder, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(typeof(RawServer).Assembly.Location);
        start.ArgumentList.Add("raw-server");
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--connection");
        start.ArgumentList.Add(connectionString);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return ChildServer.StartAsync("raw baseline", start, port, Path.Combine(outFolder, "raw.log"), TimeSpan.FromSeconds(60), cancellationToken);
    }

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var port = args.Int("port", 5302);
        var connectionString = args.String("connection", "");
        args.RejectUnknown();

        var builder = WebApplication.CreateBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (var create = dataSource.CreateCommand(
            $"""
            CREATE TABLE IF NOT EXISTS {Table} (
                id uuid PRIMARY KEY, citizen_id uuid NOT NULL, service_code text, channel text, description text NOT NULL,
                created_at timestamptz NOT NULL)
            """))
        {
            await create.ExecuteNonQueryAsync();
        }

        var app = builder.Build();
        app.MapGet("/healthz", () => "ok");
        app.MapPost("/raw/cases", async (CaseRequest request, CancellationToken cancellationToken) =>
        {
            var id = Guid.CreateVersion7();
            await using var insert = dataSource.CreateCommand(
                $"INSERT INTO {Table} (id, citizen_id, service_code, channel, description, created_at) VALUES ($1, $2, $3, $4, $5, $6)");
            insert.Parameters.Add(new NpgsqlParameter { Value = id, NpgsqlDbType = NpgsqlDbType.Uuid });
            insert.Parameters.Add(new NpgsqlParameter { Value = request.CitizenId, NpgsqlDbType = NpgsqlDbType.Uuid });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)request.ServiceCode ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)request.Channel ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = request.Description ?? "", NpgsqlDbType = NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = DateTime.UtcNow, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await insert.ExecuteNonQueryAsync(cancellationToken);
            return TypedResults.Created($"/raw/cases/{id}", new CaseCreated(id));
        });
        await app.RunAsync();
        return 0;
    }
}
