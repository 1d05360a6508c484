using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace CivicHub.Channels.Chat;

/// <summary>Serves the embeddable widget script (/widget/chat.js) from the assembly, with a validator so pages revalidate cheaply.</summary>
internal static class ChatWidget
{
    public const string Path = "/widget/chat.js";

    /// <summary>Short enough that a new version reaches pages within the hour, since the script's address never changes.</summary>
    public const string CacheControl = "public, max-age=3600";

    private static readonly Lazy<(byte[] Script, string ETag)> Content = new(() =>
    {
        using var stream = typeof(ChatWidget).Assembly.GetManifestResourceStream("CivicHub.Channels.Chat.Widget.chat.js")
            ?? throw new InvalidOperationException("The chat widget script is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        return (bytes, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..32]}\"");
    });

    public static IResult Serve(HttpContext context)
    {
        var (script, etag) = Content.Value;
        context.Response.Headers.CacheControl = CacheControl;
        context.Response.Headers.ETag = etag;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        // Any page may load the script; the hub itself decides which pages may chat.
        context.Response.Headers.AccessControlAllowOrigin = "*";
        if (context.Request.Headers.IfNoneMatch.ToString() == etag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(script, "text/javascript; charset=utf-8");
    }
}
