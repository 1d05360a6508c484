using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace CivicHub.Bench;

/// <summary>
/// The create-case baselines, minimal ASP.NET Core endpoints that take the same JSON body, in a process of their own
/// (the bench executable in raw-server mode): POST /raw/cases does one one-row INSERT through a pooled
/// NpgsqlDataSource (the baseline); POST /raw/case-rows writes the five rows CivicHub writes for a case (case,
/// interaction, history entry, two events) into CivicHub's own tables, by hand-written SQL in one transaction and one
/// round trip, which is the least any design that keeps those rows and writes each case alone can do; POST
/// /raw/case-rows-grouped writes the same rows for the cases of concurrent requests together (GroupedCaseRows).
/// </summary>
internal static class RawServer
{
    public const string Table = "bench_raw_cases";

    public sealed record CaseRequest(Guid CitizenId, string? ServiceCode, string? Channel, string? Description);

    public sealed record CaseCreated(Guid Id);

    public sealed record GroupsWritten(long Groups, long Cases);

    /// <summary>Starts the raw server; <paramref name="smsDelay"/> is how long the SMS provider it stands in for takes to answer.</summary>
    public static Task<ChildServer> StartAsync(string connectionString, int port, string outFolder, bool groupedRowByRow, TimeSpan smsDelay, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(typeof(RawServer).Assembly.Location);
        start.ArgumentList.Add("raw-server");
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--connection");
        start.ArgumentList.Add(connectionString);
        if (groupedRowByRow)
        {
            start.ArgumentList.Add("--grouped-row-by-row");
        }

        start.ArgumentList.Add("--sms-delay-ms");
        start.ArgumentList.Add(((int)smsDelay.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return ChildServer.StartAsync("raw baseline", start, port, Path.Combine(outFolder, "raw.log"), TimeSpan.FromSeconds(60), cancellationToken);
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var port = args.Int("port", 5302);
        var connectionString = args.String("connection", "");
        var groupedRowByRow = args.Flag("grouped-row-by-row");
        var smsDelay = TimeSpan.FromMilliseconds(args.Int("sms-delay-ms", 0));
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

        // The SMS provider CivicHub's acknowledgements go to during the benchmark (Twilio's Messages resource: a form
        // with To, From and Body, answered 201 with the message's sid), so its outreach sends as a deployment's does,
        // and after the delay a provider's answer takes.
        app.MapPost("/2010-04-01/Accounts/{accountSid}/Messages.json", async (string accountSid, HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (smsDelay > TimeSpan.Zero)
            {
                await Task.Delay(smsDelay);
            }

            return Results.Json(
                new { sid = $"SM{Guid.NewGuid():N}", account_sid = accountSid, to = form["To"].ToString(), from = form["From"].ToString(), status = "queued" },
                statusCode: StatusCodes.Status201Created);
        });
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
        var route = await CaseRoute.ReadAsync(dataSource);
        app.MapPost("/raw/case-rows", async (CaseRequest request, CancellationToken cancellationToken) =>
        {
            var now = DateTime.UtcNow;
            var caseId = Guid.CreateVersion7();
            var reference = CaseRoute.NewReference();
            var description = request.Description ?? "";
            var channel = request.Channel is "phone" ? "Phone" : "Web";

            // One batch is one round trip, and PostgreSQL runs the statements of a batch in one implicit transaction.
            await using var batch = dataSource.CreateBatch();
            batch.BatchCommands.Add(Command(
                """
                INSERT INTO "Cases" ("Id", "Answers", "CitizenId", "CreatedAt", "DepartmentId", "Description", "OriginChannel", "Priority",
                                     "QueueId", "Reference", "ServiceId", "SlaDueAt", "Status", "Title", "UpdatedAt", "Version")
                VALUES ($1, $2, $3, $4, $5, $6, $7, 'Normal', $8, $9, $10, $11, 'Submitted', $12, $4, 0)
                """,
                caseId, """{"details":"Library opening hours after the renovation."}""", request.CitizenId, now, route.DepartmentId, description, channel,
                route.QueueId, reference, route.ServiceId, now.AddHours(72), route.ServiceName));
            batch.BatchCommands.Add(Command(
                """
                INSERT INTO "Interactions" ("Author", "AuthorName", "Body", "CaseId", "Channel", "CitizenId", "Direction", "OccurredAt", "RecordedAt")
                VALUES ('integration:demo-integrator', 'Demo integration', $1, $2, $3, $4, 'Inbound', $5, $5)
                """,
                description, caseId, channel, request.CitizenId, now));
            batch.BatchCommands.Add(Command(
                """
                INSERT INTO "CaseChanges" ("Actor", "ActorName", "At", "CaseId", "Kind", "To")
                VALUES ('integration:demo-integrator', 'Demo integration', $1, $2, 'Created', 'Submitted')
                """,
                now, caseId));
            foreach (var type in (string[])["case.created", "interaction.recorded"])
            {
                batch.BatchCommands.Add(Command(
                    """
                    INSERT INTO "Events" ("CaseId", "CaseReference", "CitizenId", "OccurredAt", "Payload", "Type")
                    VALUES ($1, $2, $3, $4, $6, $5)
                    """,
                    caseId, reference, request.CitizenId, now, type, $$"""{"reference":"{{reference}}","service":"general-enquiry","channel":"{{channel}}"}"""));
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
            return TypedResults.Created($"/raw/cases/{caseId}", new CaseCreated(caseId));
        });
        var grouped = new GroupedCaseRows(dataSource, route, groupedRowByRow);
        app.MapPost("/raw/case-rows-grouped", async (CaseRequest request) =>
        {
            var caseId = Guid.CreateVersion7();
            await grouped.WriteAsync(new GroupedCaseRows.Row(
                caseId, request.CitizenId, CaseRoute.NewReference(), request.Description ?? "", request.Channel is "phone" ? "Phone" : "Web"));
            return TypedResults.Created($"/raw/cases/{caseId}", new CaseCreated(caseId));
        });
        app.MapGet("/raw/case-rows-grouped/groups", () =>
        {
            var (groups, cases) = grouped.Written;
            return new GroupsWritten(groups, cases);
        });
        using var stopping = new CancellationTokenSource();
        var writing = grouped.RunAsync(stopping.Token);
        await app.RunAsync();
        await stopping.CancelAsync();
        await writing;
        return 0;
    }
}
