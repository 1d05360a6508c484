using System.Security.Cryptography;
using System.Text;

namespace CivicHub.Server.Tests.Channels;

/// <summary>
/// The providers' signatures written from their documentation, independently of CivicHub's code, so a test signs
/// a webhook the way the provider would and a mistake in the production algorithm cannot hide behind itself.
/// </summary>
public static class ProviderSignatures
{
    /// <summary>
    /// Twilio (twilio.com/docs/usage/webhooks/webhooks-security): take the full URL, append each POST parameter's
    /// name then value with the parameters sorted alphabetically by name, HMAC-SHA1 it keyed with the auth token,
    /// and Base64-encode the hash.
    /// </summary>
    public static string Twilio(string authToken, string url, IReadOnlyDictionary<string, string> parameters)
    {
        var signed = url;
        foreach (var name in parameters.Keys.Order(StringComparer.Ordinal))
        {
            signed += name + parameters[name];
        }

#pragma warning disable CA5350 // SHA-1 is the provider's algorithm, not a choice.
        using var hmac = new HMACSHA1(Encoding.UTF8.GetBytes(authToken));
#pragma warning restore CA5350
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(signed)));
    }

    /// <summary>
    /// Meta (developers.facebook.com/docs/messenger-platform/webhooks, "Validate payloads"): X-Hub-Signature-256 is
    /// "sha256=" followed by the lower-case hex SHA256 HMAC of the raw payload, keyed with the app secret.
    /// </summary>
    public static string Meta(string appSecret, byte[] payload)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(appSecret));
        var hash = hmac.ComputeHash(payload);
        var hex = new StringBuilder("sha256=");
        foreach (var b in hash)
        {
            hex.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return hex.ToString();
    }
}
