using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;

namespace CivicHub.Core.Passwords;

/// <summary>
/// The breached-password list (Passwords/README.md): held as a sorted array of 64-bit hashes of the folded passwords
/// that a host's minimum length lets through, searched by binary search, so it costs 8 bytes a password and no
/// strings. Read on the first check, not at start-up; the resource is ordered longest first, so a host asking 12
/// characters reads only the passwords of 12 and more.
/// </summary>
internal sealed class BreachedPasswords
{
    private const string Resource = "CivicHub.Core.Passwords.BreachedPasswords.txt.gz";

    private static readonly ConcurrentDictionary<int, Lazy<BreachedPasswords>> ByMinLength = new();

    private readonly ulong[] _hashes;

    private BreachedPasswords(ulong[] hashes) => _hashes = hashes;

    /// <summary>The list for passwords of at least <paramref name="minLength"/> characters, read once per process.</summary>
    public static BreachedPasswords For(int minLength) =>
        ByMinLength.GetOrAdd(minLength, length => new Lazy<BreachedPasswords>(() => Load(length))).Value;

    /// <summary>Whether a folded password (NFKC, lower case) is on the list.</summary>
    public bool Contains(string folded) => Array.BinarySearch(_hashes, Hash(folded)) >= 0;

    private static BreachedPasswords Load(int minLength)
    {
        using var stream = typeof(BreachedPasswords).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException("The breached-password list is missing from the assembly.");
        using var unzipped = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(unzipped, Encoding.UTF8);
        var hashes = new List<ulong>();
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            // Longest first: a shorter one ends what this host can ever be asked about (its length rule refuses the rest).
            if (line.Length < minLength)
            {
                break;
            }

            hashes.Add(Hash(line));
        }

        var sorted = hashes.ToArray();
        Array.Sort(sorted);
        return new BreachedPasswords(sorted);
    }

    /// <summary>
    /// FNV-1a over the UTF-16 code units: stable, fast, and with half a million passwords the chance that a password
    /// not on the list shares a hash with one that is stays below one in thirty million million.
    /// </summary>
    private static ulong Hash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
