using FsCheck;
using FsCheck.Fluent;

namespace CivicHub.Core.Tests.Fuzzing;

/// <summary>
/// How many cases each property tries: CIVICHUB_FUZZ_MAXTEST (default 300) keeps a CI run well under a minute;
/// raise it for a longer hunt. One file for both test projects: the server tests compile it in (their .csproj links it).
/// </summary>
public static class FuzzRuns
{
    public static int MaxTest { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("CIVICHUB_FUZZ_MAXTEST"), out var n) && n > 0 ? n : 300;

    public static Config Config => Config.QuickThrowOnFailure.WithMaxTest(MaxTest);

    /// <summary>Strings of any characters (unpaired surrogates, controls, right-to-left marks, markup) and lengths up to a few thousand.</summary>
    public static Arbitrary<string> AnyText { get; } = Gen.OneOf(
            ArbMap.Default.GeneratorFor<string>(),
            Gen.ArrayOf(Gen.Choose(0, 0xFFFF).Select(c => (char)c)).Select(chars => new string(chars)),
            Gen.Elements(
                    "\u202E", "\u200B", "\uFEFF", "\uD800", "\uDC00", "\0", "\r\n", "'; --", "<script>", "%s", "../", "👩‍👩‍👧",
                    "<p>", "</p>", "<script>alert(1)</script>", "<style>", "&amp;", "&#x0;", "&#99999999;", "<!--", "<br/>", " ", "\n",
                    "word", "longwordwithoutanyspacesatallxxxxxxxxxxxxxxxxxxxx", "<a href='javascript:x'>")
                .ArrayOf().Select(parts => string.Concat(parts)))
        .Where(s => s is not null)
        .ToArbitrary();
}
