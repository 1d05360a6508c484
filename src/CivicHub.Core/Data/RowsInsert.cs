using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;

namespace CivicHub.Core.Data;

/// <summary>
/// New rows of one entity type as one PostgreSQL INSERT: the rows EF Core's SaveChanges would write, every mapped
/// column with its value through the model's converter (enums by name, times as UTC, encrypted fields encrypted),
/// without the change tracker's command pipeline around them. A key the database generates comes back in the rows'
/// order. The statement is built from the model, so a column added to the entity is written without anyone editing
/// SQL: a few rows as VALUES with a parameter per value (the cheapest statement for one case's rows), more as one
/// array per column (one statement text for a group of any size, so it is prepared once).
/// </summary>
internal sealed class RowsInsert
{
    private static readonly ConcurrentDictionary<(IModel Model, Type Type), RowsInsert?> Built = new();

    private readonly Column[] _columns;
    private readonly string _head;
    private readonly string _returning;

    // Up to this many rows go as VALUES, a statement for each number of rows; more go as arrays.
    private const int MostValuesRows = 4;

    private readonly string[] _values;
    private readonly string _arrays;

    private RowsInsert(IEntityType entityType, IProperty? generatedKey, Column[] columns)
    {
        GeneratedKey = generatedKey;
        _columns = columns;
        var table = Quote(entityType.GetTableName()!);
        var names = string.Join(", ", columns.Select(c => Quote(c.Name)));
        _head = $"INSERT INTO {table} ({names}) VALUES ";
        _returning = generatedKey is null ? "" : $" RETURNING {Quote(generatedKey.GetColumnName())}";
        _values = [.. Enumerable.Range(1, MostValuesRows).Select(ValuesStatement)];
        // WITH ORDINALITY and ORDER BY keep the rows, and so the keys RETURNING gives back, in the arrays' order.
        _arrays = $"INSERT INTO {table} ({names}) SELECT {names} FROM unnest({string.Join(", ", columns.Select((c, i) => $"${i + 1}::{c.StoreType}[]"))}) "
            + $"WITH ORDINALITY AS r({names}, ordinal) ORDER BY ordinal{_returning}";
    }

    /// <summary>The key the database assigns (an identity column), set on each entity once written; null when the entity brings its own.</summary>
    public IProperty? GeneratedKey { get; }

    /// <summary>
    /// The insert for an entity type, or null when its rows are not plain columns of one table (owned or complex
    /// types, shadow properties, a table of its own for a derived type): those are left to SaveChanges.
    /// </summary>
    public static RowsInsert? For(IModel model, Type entityClrType) =>
        Built.GetOrAdd((model, entityClrType), static key => key.Model.FindEntityType(key.Type) is { } entityType ? Build(entityType) : null);

    /// <summary>The statement with the rows' values as its parameters.</summary>
    public NpgsqlBatchCommand Command(IReadOnlyList<object> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfZero(rows.Count);
        if (rows.Count > MostValuesRows)
        {
            var arrays = new NpgsqlBatchCommand(_arrays);
            foreach (var column in _columns)
            {
                var values = Array.CreateInstance(column.ElementType, rows.Count);
                for (var i = 0; i < rows.Count; i++)
                {
                    values.SetValue(column.Value(rows[i]), i);
                }

                arrays.Parameters.Add(new NpgsqlParameter { Value = values });
            }

            return arrays;
        }

        var command = new NpgsqlBatchCommand(_values[rows.Count - 1]);
        foreach (var row in rows)
        {
            foreach (var column in _columns)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = column.Value(row) ?? DBNull.Value });
            }
        }

        return command;
    }

    /// <summary>Reads the generated keys the command returned, one row per entity in order, into the keys' values.</summary>
    public static async Task<object[]> ReadKeysAsync(DbDataReader reader, int count, CancellationToken cancellationToken)
    {
        var keys = new object[count];
        for (var i = 0; i < count; i++)
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException($"The insert returned {i} keys for {count} rows.");
            }

            keys[i] = reader.GetValue(0);
        }

        return keys;
    }

    private static RowsInsert? Build(IEntityType entityType)
    {
        if (entityType.GetTableName() is null || entityType.GetSchema() is not null || entityType.BaseType is not null || entityType.GetDirectlyDerivedTypes().Any()
            || entityType.GetNavigations().Any(n => n.TargetEntityType.IsOwned()) || entityType.GetComplexProperties().Any()
            || entityType.GetProperties().Any(p => p.IsShadowProperty() || p.GetComputedColumnSql() is not null))
        {
            return null;
        }

        var key = entityType.FindPrimaryKey()?.Properties;
        var generatedKey = key is [var only] && only.ValueGenerated == ValueGenerated.OnAdd && (only.ClrType == typeof(long) || only.ClrType == typeof(int)) ? only : null;
        var columns = entityType.GetProperties().Where(p => p != generatedKey).Select(Column.Of).ToArray();
        return new RowsInsert(entityType, generatedKey, columns);
    }

    // VALUES rows in the entities' order: the rows, and so the keys RETURNING gives back, keep it. Unnamed
    // parameters go to $1, $2 ... as they are; the casts give a null its column's type.
    private string ValuesStatement(int rows) =>
        _head + string.Join(", ", Enumerable.Range(0, rows).Select(row =>
            "(" + string.Join(", ", _columns.Select((c, i) => $"${(row * _columns.Length) + i + 1}::{c.StoreType}")) + ")")) + _returning;

    private static string Quote(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private sealed class Column
    {
        private readonly IClrPropertyGetter _getter;
        private readonly ValueConverter? _converter;

        private Column(IProperty property)
        {
            var mapping = property.GetRelationalTypeMapping();
            Name = property.GetColumnName();
            StoreType = mapping.StoreTypeNameBase;
            _getter = property.GetGetter();
            _converter = mapping.Converter;
            var provider = _converter?.ProviderClrType ?? property.ClrType;
            ElementType = property.IsNullable && provider.IsValueType && Nullable.GetUnderlyingType(provider) is null
                ? typeof(Nullable<>).MakeGenericType(provider)
                : provider;
        }

        public string Name { get; }

        /// <summary>
        /// The column's type without its length, as the statement casts its parameters to: a cast to varchar(n) would
        /// cut a longer value short, where the column refuses it.
        /// </summary>
        public string StoreType { get; }

        /// <summary>The type of the array the column's values go in, when the rows are sent as arrays.</summary>
        public Type ElementType { get; }

        public static Column Of(IProperty property) => new(property);

        public object? Value(object entity)
        {
            var value = _getter.GetClrValueUsingContainingEntity(entity);
            return value is null || _converter is null ? value : _converter.ConvertToProvider(value);
        }
    }
}
