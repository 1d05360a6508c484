using CivicHub.Core.Outcomes;

namespace CivicHub.Core.Imports;

/// <summary>
/// Which column of a file feeds which citizen field. Built from "column=field" entries; columns not mentioned are
/// used when their header already names a field (or a common alias such as surname or dob), and ignored otherwise.
/// </summary>
public sealed class ImportMap
{
    private ImportMap(int columns, IReadOnlyList<(int Column, string Field)> fields)
    {
        Columns = columns;
        Fields = fields;
    }

    /// <summary>How many columns every row must have: the header's count.</summary>
    public int Columns { get; }

    public IReadOnlyList<(int Column, string Field)> Fields { get; }

    public bool Has(string field) => Fields.Any(f => f.Field == field);

    /// <summary>The map, or errors under "map" naming the entry at fault (unknown field, column not in the header).</summary>
    public static Outcome<ImportMap> Create(IReadOnlyList<string>? entries, IReadOnlyList<string> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var errors = new ValidationErrors();
        var columns = header.Select((name, i) => (Name: name.Trim(), Index: i)).ToList();
        var chosen = new Dictionary<int, string>();
        foreach (var entry in entries ?? [])
        {
            var parts = entry.Split('=', 2);
            if (parts.Length != 2 || parts[0].Trim().Length == 0 || parts[1].Trim().Length == 0)
            {
                errors.Add("map", $"'{entry}' is not of the form column=field.");
                continue;
            }

            var (column, field) = (parts[0].Trim(), parts[1].Trim().ToLowerInvariant());
            if (!ImportFields.All.Contains(field))
            {
                errors.Add("map", $"'{field}' is not a field; use one of: {string.Join(", ", ImportFields.All)}.");
                continue;
            }

            var found = columns.Where(c => string.Equals(c.Name, column, StringComparison.OrdinalIgnoreCase)).Select(c => (int?)c.Index).FirstOrDefault();
            if (found is null)
            {
                errors.Add("map", $"The file has no column '{column}'.");
                continue;
            }

            chosen[found.Value] = field;
        }

        foreach (var (name, index) in columns.Where(c => !chosen.ContainsKey(c.Index)))
        {
            var field = ImportFields.All.FirstOrDefault(f => string.Equals(f, name, StringComparison.OrdinalIgnoreCase))
                ?? ImportFields.Aliases.GetValueOrDefault(name);
            if (field is not null && !chosen.ContainsValue(field))
            {
                chosen[index] = field;
            }
        }

        foreach (var twice in chosen.GroupBy(c => c.Value).Where(g => g.Count() > 1 && !ImportFields.Repeatable.Contains(g.Key)))
        {
            errors.Add("map", $"'{twice.Key}' is mapped from more than one column.");
        }

        if (!errors.Any && chosen.Count == 0)
        {
            errors.Add("map", "No column maps to a citizen field.");
        }

        return errors.Any ? OutcomeProblem.Invalid(errors) : new ImportMap(header.Count, chosen.Select(c => (c.Key, c.Value)).OrderBy(c => c.Key).ToList());
    }
}
