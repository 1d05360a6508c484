using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace CivicHub.Channels.Chat;

/// <summary>The secret a visitor's browser keeps to come back to their chat: 256 random bits, stored only as a hash.</summary>
internal static class SessionToken
{
    public const int MaxLength = 100;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
