using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CivicHub.Channels.Chat;
using CivicHub.Channels.Social;
using CivicHub.Core.Catalog;
using CivicHub.Core.Intake;
using CivicHub.Core.Open311;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Tests.Fuzzing;
using CivicHub.Server.Open311;
using CivicHub.Server.Tests.Channels.Chat;
using CivicHub.Server.Tests.Hosting;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace CivicHub.Server.Tests.Channels;

/// <summary>
/// The parsers in front of intake, fed anything in-process through their real entry points on a real database: the
/// Messenger webhook batch, the chat visitor's message and start, and the Open311 request form. Each answers a
/// validation problem naming the field, or records what it was given, and never throws.
/// </summary>
public abstract class IntakeParserProperties(CivicHubHost host)
{
    private static readonly string[] MessengerKeys =
        ["object", "entry", "id", "time", "messaging", "sender", "recipient", "timestamp", "message", "mid", "text", "is_echo", "attachments", "type", "payload", "url", "delivery", "mids", "read"];

    private static readonly string[] FormKeys =
    [
        "api_key", "service_code", "lat", "long", "address_string", "address_id", "description", "email", "phone", "device_id", "first_name",
        "last_name", "account_id", "media_url", "jurisdiction_id", "attribute[", "attribute[]", "attribute[x][]", "attribute[]]",
    ];

    [Fact]
    public void A_messenger_webhook_of_any_json_shape_is_recorded_or_refused_naming_the_field_and_never_throws()
    {
        host.RequireDatabase();
        Prop.ForAll(MessengerBodies(), body => host.InScopeAsync(async services =>
        {
            var outcome = await services.GetRequiredService<MessengerInbound>().ReceiveAsync(body, CancellationToken.None);
            if (outcome.Succeeded)
            {
                return outcome.Value >= 0 && outcome.Value <= Encoding.UTF8.GetString(body).Split("\"message\"").Length - 1;
            }

            var problem = outcome.Problem!;
            return problem.Kind is ProblemKind.NotFound
                || (problem.Kind == ProblemKind.Invalid && problem.Errors is { Count: > 0 } errors
                    && errors.Keys.All(k => k is "body" or "object" or "entry" || k.StartsWith("entry[", StringComparison.Ordinal)));
        }).GetAwaiter().GetResult()).Check(FuzzRuns.Config);
    }

    [Fact]
    public void A_well_formed_messenger_message_of_any_text_is_recorded_with_that_text()
    {
        host.RequireDatabase();
        Prop.ForAll(FuzzRuns.AnyText, text => host.InScopeAsync(async services =>
        {
            var mid = "m_" + Guid.NewGuid().ToString("N");
            var batch = new JsonObject
            {
                ["object"] = "page",
                ["entry"] = new JsonArray(new JsonObject
                {
                    ["id"] = "104857600000001",
                    ["messaging"] = new JsonArray(new JsonObject
                    {
                        ["sender"] = new JsonObject { ["id"] = Guid.NewGuid().ToString("N") },
                        ["recipient"] = new JsonObject { ["id"] = "104857600000001" },
                        ["timestamp"] = 1764099999000,
                        ["message"] = new JsonObject { ["mid"] = mid, ["text"] = text },
                    }),
                }),
            };
            var outcome = await services.GetRequiredService<MessengerInbound>().ReceiveAsync(JsonSerializer.SerializeToUtf8Bytes(batch), CancellationToken.None);
            if (!outcome.Succeeded)
            {
                // Intake's own checks (NUL, which PostgreSQL cannot store) name the message body.
                return outcome.Problem!.Errors?.Keys.All(k => k == "body") == true;
            }

            var recorded = await host.InDbAsync(db => Task.FromResult(db.Interactions.Where(i => i.ExternalId == mid).Select(i => i.Body).ToList()));
            // JSON on the wire is UTF-8, which carries an unpaired surrogate as U+FFFD.
            var sent = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
            var expected = string.IsNullOrWhiteSpace(sent) ? "(message without text)" : sent.Trim();
            return outcome.Value == 1 && recorded.Count == 1 && (recorded[0] == expected || expected.StartsWith(recorded[0], StringComparison.Ordinal));
        }).GetAwaiter().GetResult()).Check(FuzzRuns.Config);
    }

    [Fact]
    public void A_chat_visitors_message_of_any_id_and_text_is_taken_once_or_refused_naming_the_field()
    {
        host.RequireDatabase();
        Prop.ForAll(MessageIds(), FuzzRuns.AnyText, (messageId, text) => host.InScopeAsync(async services =>
        {
            var started = await services.GetRequiredService<ChatSessions>().StartAsync(null, null, "en", null, CancellationToken.None);
            var sessionId = await host.SessionIdAsync(started.Value!.SessionToken!);
            var received = await services.GetRequiredService<ChatIntake>().ReceiveAsync(sessionId, messageId, text, CancellationToken.None);
            if (!received.Succeeded)
            {
                return received.Problem!.Errors is { Count: > 0 } errors && errors.Keys.All(k => k is "text" or "messageId" or "body");
            }

            var valid = messageId is { Length: >= 1 and <= 100 } && messageId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
            return valid && received.Value!.Message.Id == messageId && received.Value.Message.Text.Length <= 2_000;
        }).GetAwaiter().GetResult()).Check(FuzzRuns.Config);
    }

    [Fact]
    public void A_chat_start_of_any_token_department_and_language_opens_a_session_or_names_the_field()
    {
        host.RequireDatabase();
        Prop.ForAll(FuzzRuns.AnyText, FuzzRuns.AnyText, FuzzRuns.AnyText, (token, department, language) => host.InScopeAsync(async services =>
        {
            var started = await services.GetRequiredService<ChatSessions>().StartAsync(token, department, language, null, CancellationToken.None);
            return started.Succeeded
                ? started.Value!.SessionToken is { Length: > 0 } && !started.Value.Resumed
                : started.Problem!.Errors is { Count: > 0 } errors && errors.Keys.All(k => k is "sessionToken" or "department" or "language");
        }).GetAwaiter().GetResult()).Check(FuzzRuns.Config);
    }

    [Fact]
    public void An_open311_form_of_any_values_creates_a_request_or_answers_errors_that_name_a_field()
    {
        host.RequireDatabase();
        Prop.ForAll(Open311Forms(), fields => host.InScopeAsync(async services =>
        {
            var catalog = services.GetRequiredService<CatalogSnapshot>();
            var service = Open311Endpoints.Offered(await catalog.GetAsync()).First();
            var form = new Dictionary<string, StringValues>(StringComparer.Ordinal) { ["api_key"] = CivicHubHost.Open311ApiKey, ["service_code"] = service.Code };
            foreach (var (name, value) in fields)
            {
                form[name] = form.TryGetValue(name, out var earlier) && name.StartsWith("attribute", StringComparison.Ordinal) ? StringValues.Concat(earlier, value) : value;
            }

            var http = new DefaultHttpContext { RequestServices = services };
            http.Request.ContentType = "application/x-www-form-urlencoded";
            http.Request.Form = new FormCollection(form);
            http.Response.Body = new MemoryStream();
            var response = await SubmitServiceRequest.HandleAsync(
                "json", http, services.GetRequiredService<ApiKeys>(), services.GetRequiredService<IntakePipeline>(), catalog,
                services.GetRequiredService<IOptions<Open311Options>>(), services.GetRequiredService<TimeProvider>(), CancellationToken.None);
            await response.ExecuteAsync(http);
            http.Response.Body.Position = 0;
            var document = JsonNode.Parse(http.Response.Body)!.AsArray();
            return http.Response.StatusCode switch
            {
                StatusCodes.Status201Created or StatusCodes.Status200OK => document.Single()!["service_request_id"]?.GetValue<string>() is { Length: > 0 },
                StatusCodes.Status400BadRequest or StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound => document.Count > 0
                    && document.All(e => e!["description"]!.GetValue<string>() is { } d && d.Contains(':', StringComparison.Ordinal)),
                _ => false,
            };
        }).GetAwaiter().GetResult()).Check(FuzzRuns.Config);
    }

    /// <summary>Form values as Open311 clients get them wrong: coordinates of every spelling, attribute keys, addresses.</summary>
    private static Arbitrary<List<(string, string)>> Open311Forms()
    {
        var coordinate = Gen.OneOf(
            Gen.Elements("NaN", "Infinity", "-Infinity", "∞", "1e308", "1e309", "-1e400", "39,7817", "39.7817", "-89.6501", "0x10", " 39.78 ", "", "91", "-181", "1_000"),
            ArbMap.Default.GeneratorFor<double>().Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
            ArbMap.Default.GeneratorFor<double>().Select(d => d.ToString(CultureInfo.GetCultureInfo("de-DE"))));
        var value = Gen.OneOf(
            FuzzRuns.AnyText.Generator,
            Gen.Elements("rosa@example.org", "not-an-email", "@", "a@b", "+12175550100", "(217) 555-0100", "555", "+999999999999999999", "device-1"));
        var field = Gen.OneOf(
            Gen.Elements("lat", "long").Zip(coordinate),
            Gen.Elements(FormKeys).Zip(FuzzRuns.AnyText.Generator).Zip(value).Select(p => (p.Item1.Item1.StartsWith("attribute", StringComparison.Ordinal) ? p.Item1.Item1 + p.Item1.Item2 + "]" : p.Item1.Item1, p.Item2)));
        return Gen.ListOf(field).Select(l => l.Take(12).ToList()).ToArbitrary();
    }

    private static Arbitrary<string?> MessageIds() => Gen.OneOf(
            FuzzRuns.AnyText.Generator.Select(s => (string?)s),
            Gen.Constant<string?>(null),
            Gen.Elements("msg-1\n", "msg-1\r", " msg-1", new string('a', 100), new string('a', 101), "ﬁ", "١٢٣").Select(s => (string?)s),
            Gen.Choose(1, 40).Select(n => (string?)Guid.NewGuid().ToString("N")[..Math.Min(n, 32)]))
        .ToArbitrary();

    /// <summary>JSON of any shape built from the Messenger Platform's own field names, and bytes that are not JSON at all.</summary>
    private static Arbitrary<byte[]> MessengerBodies()
    {
        Gen<JsonNode?> Node(int depth) => depth <= 0
            ? Gen.OneOf(
                FuzzRuns.AnyText.Generator.Select(s => (JsonNode?)JsonValue.Create(s)),
                Gen.Elements("page", "user", "https://scontent.xx.fbcdn.net/a.jpg", "javascript:alert(1)", "ftp://x/y", "104857600000001", "").Select(s => (JsonNode?)JsonValue.Create(s)),
                ArbMap.Default.GeneratorFor<long>().Select(n => (JsonNode?)JsonValue.Create(n)),
                ArbMap.Default.GeneratorFor<bool>().Select(b => (JsonNode?)JsonValue.Create(b)),
                Gen.Constant<JsonNode?>(null))
            : Gen.OneOf(
                Node(0),
                Gen.ListOf(Node(depth - 1)).Select(items => (JsonNode?)new JsonArray([.. items.Take(4).Select(i => i?.DeepClone())])),
                Gen.ListOf(Gen.Elements(MessengerKeys).Zip(Node(depth - 1))).Select(pairs =>
                {
                    var o = new JsonObject();
                    foreach (var (key, node) in pairs.Take(6))
                    {
                        o[key] = node?.DeepClone();
                    }

                    return (JsonNode?)o;
                }));

        var page = Node(4).Select(entries => (JsonNode?)new JsonObject { ["object"] = "page", ["entry"] = entries });
        return Gen.OneOf(
                Node(5).Select(n => Encoding.UTF8.GetBytes(n?.ToJsonString() ?? "null")),
                page.Select(n => Encoding.UTF8.GetBytes(n!.ToJsonString())),
                ArbMap.Default.GeneratorFor<byte[]>(),
                FuzzRuns.AnyText.Generator.Select(Encoding.UTF8.GetBytes))
            .ToArbitrary();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class IntakeParserPropertiesOnSqlite(SqliteHost host) : IntakeParserProperties(host);

[Collection(PostgresCollection.Name)]
public sealed class IntakeParserPropertiesOnPostgres(PostgresHost host) : IntakeParserProperties(host);
