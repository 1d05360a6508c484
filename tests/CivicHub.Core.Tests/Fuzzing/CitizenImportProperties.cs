using System.Text;
using CivicHub.Core.Imports;
using FsCheck;
using FsCheck.Fluent;

namespace CivicHub.Core.Tests.Fuzzing;

/// <summary>
/// The citizen import's reading of a legacy export: any bytes in any encoding damage, rows with quotes, separators,
/// spreadsheet formula prefixes and oversized fields. A file is read as the import reads an upload: UTF-8 with its
/// byte-order mark skipped and invalid sequences replaced.
/// </summary>
public sealed class CitizenImportProperties
{
    private const int MaxField = 1_000;

    /// <summary>Field values a legacy export holds: quotes, commas, formula prefixes, line breaks, text of any kind.</summary>
    private static readonly Gen<string> FieldGen = Gen.OneOf(
            Gen.Elements("=HYPERLINK(\"http://x\")", "+1 217 555 0100", "-2+3", "@SUM(A1:A9)", "\"", "\"\"", ",", ", ", "Delgado, Rosa",
                "O'Brien", "\uFEFF", "\u202E", "a\nb", "line\n\nbreak", "\t", "é", "👩‍👩‍👧", ""),
            FuzzRuns.AnyText.Generator.Select(OneLine))
        .Select(Tidy);

    private static readonly Gen<string[]> RowGen = Gen.Choose(1, 8).SelectMany(n => Gen.ArrayOf(FieldGen, n));

    [Fact]
    public void Any_bytes_read_as_rows_or_reasons_with_rising_line_numbers_and_no_field_over_the_limit() =>
        Prop.ForAll(AnyBytes(), bytes =>
        {
            var rows = new CsvReader(new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true)).Rows().ToList();
            var lines = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, true).ReadToEnd().ReplaceLineEndings("\n").Split('\n').Length;
            return rows.All(r => (r.Fields is null) != (r.Error is null))
                && rows.All(r => r.Fields is null || r.Fields.All(f => f.Length <= MaxField))
                && rows.Select(r => r.Line).Zip(rows.Skip(1).Select(r => r.Line)).All(pair => pair.First < pair.Second)
                && rows.All(r => r.Line >= 1 && r.Line <= lines);
        }).Check(FuzzRuns.Config);

    [Fact]
    public void Rows_written_with_rfc4180_quoting_read_back_as_the_same_fields_formula_prefixes_included() =>
        Prop.ForAll(Gen.NonEmptyListOf(RowGen).ToArbitrary(), ArbMap.Default.ArbFor<bool>(), (rows, bom) =>
        {
            var csv = string.Join("\r\n", rows.Select(row => string.Join(",", row.Select(Quote))));
            var bytes = Encoding.UTF8.GetBytes((bom ? "\uFEFF" : "") + csv + "\r\n");
            var read = new CsvReader(new StreamReader(new MemoryStream(bytes), Encoding.UTF8, true), MaxField).Rows().ToList();

            return read.Count == rows.Count && read.Zip(rows).All(pair => pair.First.Fields is { } f && f.SequenceEqual(pair.Second));
        }).Check(FuzzRuns.Config);

    [Fact]
    public void An_oversized_or_broken_field_is_reported_on_its_own_line_and_the_rows_after_it_still_read() =>
        Prop.ForAll(Gen.Choose(MaxField + 1, 20_000).ToArbitrary(), Gen.Elements("long", "stray", "unclosed").ToArbitrary(), (length, damage) =>
        {
            var bad = damage switch
            {
                "long" => new string('x', length),
                "stray" => "Ro\"sa",
                _ => "\"Rosa",
            };
            var csv = $"given_name,family_name\nAna,Lee\n{bad},Delgado\nLuis,Ortiz\n";
            var rows = new CsvReader(new StringReader(csv), MaxField).Rows().ToList();
            return rows.Count == 4 && rows[2] is { Line: 3, Fields: null, Error.Length: > 0 }
                && rows[3] is { Line: 4, Fields: ["Luis", "Ortiz"] };
        }).Check(FuzzRuns.Config);

    [Fact]
    public void Any_map_entries_against_any_header_give_a_map_within_the_header_or_errors_under_map() =>
        Prop.ForAll(Gen.ListOf(FuzzRuns.AnyText.Generator).ToArbitrary(), Gen.ListOf(Gen.OneOf(FuzzRuns.AnyText.Generator, Gen.Elements(ImportFields.All.ToArray()))).ToArbitrary(), (entries, header) =>
        {
            var map = ImportMap.Create(entries, header);
            return map.Succeeded
                ? map.Value!.Columns == header.Count && map.Value.Fields.All(f => f.Column >= 0 && f.Column < header.Count && ImportFields.All.Contains(f.Field))
                : map.Problem!.Errors is { } errors && errors.Keys.All(k => k == "map");
        }).Check(FuzzRuns.Config);

    private static Arbitrary<byte[]> AnyBytes() => Gen.OneOf(
            ArbMap.Default.GeneratorFor<byte[]>(),
            Gen.ArrayOf(Gen.Elements<byte>(0xEF, 0xBB, 0xBF, 0xC3, 0x28, 0xFF, 0xFE, 0x80, (byte)'"', (byte)',', (byte)'\r', (byte)'\n', (byte)'a', (byte)'=')),
            Gen.Choose(MaxField, 5_000).Select(n => Encoding.UTF8.GetBytes("a,\"" + new string('b', n) + "\"\nc,d\n")))
        .ToArbitrary();

    /// <summary>What the reader keeps of a field: no outer blanks (it trims), and a line break is "\n" whatever the file used.</summary>
    private static string Tidy(string field) => field.Replace("\r", "", StringComparison.Ordinal).Trim();

    /// <summary>
    /// Generated text cut to a field's usual size and kept to one line (a quoted field may span at most
    /// <see cref="CsvReader.MaxLinesPerRecord"/> lines); unpaired surrogates are dropped because UTF-8 cannot carry them.
    /// </summary>
    private static string OneLine(string text)
    {
        var kept = new string([.. text.Where(c => !char.IsSurrogate(c)).Select(c => c is '\r' or '\n' ? ' ' : c)]);
        return kept.Length > 60 ? kept[..60] : kept;
    }

    private static string Quote(string field) => "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
