using CivicHub.Core.Imports;

namespace CivicHub.Core.Tests.Imports;

public sealed class CsvReaderTests
{
    private static List<CsvRow> Read(string text, int maxField = 1_000) => new CsvReader(new StringReader(text), maxField).Rows().ToList();

    [Fact]
    public void Quoted_fields_keep_commas_quotes_and_line_breaks_and_report_where_each_record_starts()
    {
        var rows = Read("a, b\n\"x, y\", \"say \"\"hi\"\"\"\n\"two\nlines\",z\nlast,row\n");
        Assert.Equal([1, 2, 3, 5], rows.Select(r => r.Line));
        Assert.Equal(["x, y", "say \"hi\""], rows[1].Fields!);
        Assert.Equal(["two\nlines", "z"], rows[2].Fields!);
    }

    [Fact]
    public void A_stray_quote_spoils_only_its_own_row()
    {
        var rows = Read("a,b\nab\"c,d\ne,f\n");
        Assert.NotNull(rows[1].Error);
        Assert.Equal(["e", "f"], rows[2].Fields!);
    }

    [Fact]
    public void An_unclosed_quote_is_reported_and_the_following_lines_are_read_as_rows()
    {
        var rows = Read("a,b\n\"open,b\nc,d\ne,f\n", maxField: 10);
        Assert.Equal(2, rows[1].Line);
        Assert.Equal("A quoted field is not closed.", rows[1].Error);
        Assert.Equal([3, 4], rows.Skip(2).Select(r => r.Line));
        Assert.Equal(["c", "d"], rows[2].Fields!);
    }

    [Fact]
    public void An_oversized_field_is_refused()
    {
        var rows = Read($"a,b\n{new string('x', 30)},y\n", maxField: 20);
        Assert.Contains("longer than 20", rows[1].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_map_to_an_unknown_field_or_a_missing_column_is_refused_naming_the_map()
    {
        var unknown = ImportMap.Create(["surname=surname_field"], ["given_name", "surname"]);
        Assert.Contains("map", unknown.Problem!.Errors!.Keys);
        var missing = ImportMap.Create(["nope=family_name"], ["given_name", "surname"]);
        Assert.Contains("no column", missing.Problem!.Errors!["map"][0], StringComparison.Ordinal);
        var aliases = ImportMap.Create(null, ["rec_id", "given_name", "surname", "dob"]);
        Assert.Equal(["external_id", "given_name", "family_name", "date_of_birth"], aliases.Value!.Fields.Select(f => f.Field));
    }
}
