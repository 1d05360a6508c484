using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;

namespace CivicHub.Server.Open311;

/// <summary>
/// Writes one Open311 document in the format the path asked for. Documents are built once as JSON nodes; XML is
/// derived from them with the element names real city servers use, so the two formats can never drift apart.
/// </summary>
public sealed class Open311Response(JsonNode document, string root, Open311Format format, int statusCode = StatusCodes.Status200OK) : IResult
{
    public const string JsonType = "application/json; charset=utf-8";
    public const string XmlType = "text/xml; charset=utf-8";

    /// <summary>The element that holds each item of a list, by the list's name.</summary>
    private static readonly Dictionary<string, string> ItemNames = new(StringComparer.Ordinal)
    {
        ["services"] = "service",
        ["service_requests"] = "request",
        ["errors"] = "error",
        ["attributes"] = "attribute",
        ["values"] = "value",
        ["endpoints"] = "endpoint",
        ["formats"] = "format",
    };

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = statusCode;
        if (format == Open311Format.Xml)
        {
            httpContext.Response.ContentType = XmlType;
            await httpContext.Response.WriteAsync(ToXml(document, root), httpContext.RequestAborted);
        }
        else
        {
            httpContext.Response.ContentType = JsonType;
            await httpContext.Response.WriteAsync(document.ToJsonString(), httpContext.RequestAborted);
        }
    }

    private static string ToXml(JsonNode document, string root)
    {
        var xml = new XDocument(new XDeclaration("1.0", "utf-8", null), Element(root, document));
        var builder = new StringBuilder();
        using (var writer = XmlWriter.Create(builder, new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8 }))
        {
            xml.Save(writer);
        }

        // StringBuilder is UTF-16, so the writer declares utf-16; the body is sent as UTF-8.
        return builder.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    private static XElement Element(string name, JsonNode? node) => node switch
    {
        JsonObject obj => new XElement(name, obj.Select(p => Element(p.Key, p.Value))),
        JsonArray array => new XElement(name, array.Select(item => Element(ItemNames.GetValueOrDefault(name, "item"), item))),
        JsonValue value => new XElement(name, Text(value)),
        _ => new XElement(name, ""),
    };

    /// <summary>
    /// Text that XML can carry: control characters that a citizen's message may hold (and JSON escapes) are not
    /// allowed in XML 1.0 at all, so they become U+FFFD instead of breaking the document halfway through.
    /// </summary>
    private static string XmlSafe(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c))
            {
                builder.Append(c).Append(text[++i]);
            }
            else
            {
                builder.Append(XmlConvert.IsXmlChar(c) ? c : '\uFFFD');
            }
        }

        return builder.ToString();
    }

    private static string Text(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.String => XmlSafe(value.GetValue<string>()),
        _ => value.ToJsonString(),
    };
}
