using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CivicHub.Core.Data;

/// <summary>
/// A query compiled once per EF Core model (<c>EF.CompileAsyncQuery</c>), for the hot paths that would otherwise
/// rebuild their expression tree and look it up in EF Core's query cache on every call. A compiled query keeps what it
/// compiled for the first context that ran it, and one process can hold several models (one per field-protection key;
/// SQLite and PostgreSQL side by side in the tests), so each model gets its own.
/// </summary>
public sealed class CompiledPerModel<TQuery>
    where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _compiled = [];
    private readonly ConditionalWeakTable<IModel, TQuery>.CreateValueCallback _compile;

    public CompiledPerModel(Func<TQuery> compile)
    {
        ArgumentNullException.ThrowIfNull(compile);
        _compile = _ => compile();
    }

    public TQuery For(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return _compiled.TryGetValue(db.Model, out var compiled) ? compiled : _compiled.GetValue(db.Model, _compile);
    }
}
