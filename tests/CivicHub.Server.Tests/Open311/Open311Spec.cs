using System.Xml.Linq;
using Json.Schema;

namespace CivicHub.Server.Tests.Open311;

/// <summary>
/// The Open311 spec's own data beside the repository (shared/data/open311): the JSON Schemas every JSON answer must
/// satisfy, and XML captured from real city servers whose shape every XML answer must have.
/// </summary>
public static class Open311Spec
{
    private static readonly Lazy<string> Folder = new(FindFolder);
    private static readonly Lazy<Dictionary<string, JsonSchema>> Schemas = new(LoadSchemas);

    public static string Fixture(string name) => Path.Combine(Folder.Value, "fixtures", name);

    /// <summary>Asserts that a JSON answer satisfies the named schema (services, service-definition, requests), formats included.</summary>
    public static void AssertValid(string schema, JsonElement json)
    {
        var results = Schemas.Value[schema].Evaluate(json, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        var errors = results.Details?.Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}")) ?? [];
        Assert.True(results.IsValid, $"Not valid against {schema}.json: {string.Join("; ", errors)}\n{json}");
    }

    /// <summary>Asserts that an XML answer has exactly the element paths (names and nesting) of a real city server's.</summary>
    public static void AssertSameShape(string fixture, string xml) =>
        Assert.Equal(Shape(XDocument.Load(Fixture(fixture))), Shape(XDocument.Parse(xml)));

    /// <summary>Every element path in a document, such as "service_requests/request/lat"; repeated items count once.</summary>
    public static IReadOnlyList<string> Shape(XDocument document) =>
        [.. document.Descendants().Select(e => string.Join('/', e.AncestorsAndSelf().Reverse().Select(a => a.Name.LocalName))).Distinct().Order(StringComparer.Ordinal)];

    private static Dictionary<string, JsonSchema> LoadSchemas()
    {
        var folder = Path.Combine(Folder.Value, "schema");
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var schemas = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);

        // The list schemas refer to the item schemas by file name, so the items are built first.
        foreach (var name in new[] { "service", "request", "service-definition", "services", "requests" })
        {
            var path = Path.Combine(folder, name + ".json");
            schemas[name] = JsonSchema.FromFile(path, options, new Uri(path));
        }

        return schemas;
    }

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "open311");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No shared/data/open311 above {AppContext.BaseDirectory}: the Open311 spec data lives beside the repository.");
    }
}
