using System.Text;

namespace CivicHub.Core.Imports;

/// <summary>
/// Reads RFC 4180 CSV one record at a time, with the line number where each record starts. A record that cannot be
/// read (a stray or unclosed quote, an oversized field) is returned with its reason and reading resumes on the next
/// line, so one bad row never hides the rest. Fields are trimmed: legacy exports often write ", " between values.
/// </summary>
public sealed class CsvReader(TextReader reader, int maxFieldLength = 1_000)
{
    /// <summary>How many lines a quoted field may span before it is taken to be an unclosed quote.</summary>
    public const int MaxLinesPerRecord = 20;

    private readonly List<string> _pending = [];
    private int _nextLine = 1;

    public IEnumerable<CsvRow> Rows()
    {
        while (true)
        {
            var startLine = _nextLine;
            var first = Next();
            if (first is null)
            {
                yield break;
            }

            if (first.Length == 0)
            {
                continue;
            }

            var lines = new List<string> { first };
            var (fields, state) = Parse(first);
            while (state == State.OpenQuote && lines.Count < MaxLinesPerRecord && lines.Sum(l => l.Length) <= maxFieldLength)
            {
                var more = Next();
                if (more is null)
                {
                    break;
                }

                lines.Add(more);
                (fields, state) = Parse(string.Join('\n', lines));
            }

            if (state == State.OpenQuote)
            {
                // Give the lines after the first back: they are probably rows of their own.
                _pending.InsertRange(0, lines.Skip(1));
                _nextLine = startLine + 1;
                yield return new CsvRow(startLine, null, "A quoted field is not closed.");
                continue;
            }

            if (state == State.BadQuote)
            {
                yield return new CsvRow(startLine, null, "A quote appears inside an unquoted field, or text follows a closing quote.");
                continue;
            }

            var longest = fields.Select((f, i) => (f.Length, i)).MaxBy(f => f.Length);
            if (longest.Length > maxFieldLength)
            {
                yield return new CsvRow(startLine, null, $"Column {longest.i + 1} is longer than {maxFieldLength} characters.");
                continue;
            }

            yield return new CsvRow(startLine, fields, null);
        }
    }

    private string? Next()
    {
        string? line;
        if (_pending.Count > 0)
        {
            line = _pending[0];
            _pending.RemoveAt(0);
        }
        else
        {
            line = reader.ReadLine();
        }

        if (line is not null)
        {
            _nextLine++;
        }

        return line;
    }

    private enum State
    {
        Complete,
        OpenQuote,
        BadQuote,
    }

    private static (List<string> Fields, State State) Parse(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            while (i < text.Length && text[i] is ' ' or '\t')
            {
                i++;
            }

            if (i < text.Length && text[i] == '"')
            {
                i++;
                var closed = false;
                while (i < text.Length)
                {
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        closed = true;
                        i++;
                        break;
                    }

                    field.Append(text[i++]);
                }

                if (!closed)
                {
                    return (fields, State.OpenQuote);
                }

                while (i < text.Length && text[i] is ' ' or '\t' or '\r')
                {
                    i++;
                }

                if (i < text.Length && text[i] != ',')
                {
                    return (fields, State.BadQuote);
                }
            }
            else
            {
                while (i < text.Length && text[i] != ',')
                {
                    if (text[i] == '"')
                    {
                        return (fields, State.BadQuote);
                    }

                    field.Append(text[i++]);
                }
            }

            fields.Add(field.ToString().Trim());
            field.Clear();
            if (i >= text.Length)
            {
                return (fields, State.Complete);
            }

            i++; // the comma
        }
    }
}
