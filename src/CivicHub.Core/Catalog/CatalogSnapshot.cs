using CivicHub.Core.Data;
using CivicHub.Core.Intake;
using CivicHub.Core.Interactions;
using CivicHub.Core.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Core.Catalog;

/// <summary>
/// Departments, services, queues and endpoints change rarely and are read on every request,
/// so each host keeps them in memory and reloads them after a change or a minute.
/// </summary>
public sealed class CatalogSnapshot(IServiceScopeFactory scopes, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Catalog? _current;

    public void Invalidate() => _current = null;

    public void Dispose() => _loading.Dispose();

    public async Task<Catalog> GetAsync(CancellationToken cancellationToken = default)
    {
        var current = _current;
        if (current is not null && time.GetUtcNow() - current.LoadedAt < MaxAge)
        {
            return current;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            current = _current;
            if (current is not null && time.GetUtcNow() - current.LoadedAt < MaxAge)
            {
                return current;
            }

            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CivicHubDb>();
            current = await CacheLoads.ReadAsync(db, async () => new Catalog(
                time.GetUtcNow(),
                await db.Departments.AsNoTracking().OrderBy(d => d.Name).ToListAsync(cancellationToken),
                await db.Services.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken),
                await db.Queues.AsNoTracking().ToListAsync(cancellationToken),
                await db.ChannelEndpoints.AsNoTracking().ToListAsync(cancellationToken)));
            _current = current;
            return current;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>One consistent picture of the catalog.</summary>
    public sealed class Catalog
    {
        private readonly Dictionary<string, Service> _servicesByCode;
        private readonly Dictionary<int, Service> _servicesById;
        private readonly Dictionary<int, Department> _departmentsById;

        public Catalog(DateTimeOffset loadedAt, List<Department> departments, List<Service> services, List<Queue> queues, List<ChannelEndpoint> endpoints)
        {
            LoadedAt = loadedAt;
            Departments = departments;
            Services = services;
            Queues = queues;
            Endpoints = endpoints;
            _servicesByCode = services.ToDictionary(s => s.Code, StringComparer.OrdinalIgnoreCase);
            _servicesById = services.ToDictionary(s => s.Id);
            _departmentsById = departments.ToDictionary(d => d.Id);
            DepartmentIds = departments.ConvertAll(d => d.Id);
            ServiceDepartments = services.ToDictionary(s => s.Id, s => s.DepartmentId);
        }

        public DateTimeOffset LoadedAt { get; }

        /// <summary>Every department's id; with <see cref="ServiceDepartments"/>, what each read's access scope needs, built once per picture.</summary>
        public IReadOnlyList<int> DepartmentIds { get; }

        /// <summary>Each service's department, by the service's id.</summary>
        public IReadOnlyDictionary<int, int> ServiceDepartments { get; }

        public IReadOnlyList<Department> Departments { get; }

        public IReadOnlyList<Service> Services { get; }

        public IReadOnlyList<Queue> Queues { get; }

        public IReadOnlyList<ChannelEndpoint> Endpoints { get; }

        public Service? ServiceByCode(string? code) => code is not null && _servicesByCode.TryGetValue(code, out var s) ? s : null;

        public Service? ServiceById(int? id) => id is { } key && _servicesById.TryGetValue(key, out var s) ? s : null;

        public Department? DepartmentById(int id) => _departmentsById.GetValueOrDefault(id);

        public Department? DepartmentByCode(string? code) =>
            code is null ? null : Departments.FirstOrDefault(d => string.Equals(d.Code, code, StringComparison.OrdinalIgnoreCase));

        public Queue? DefaultQueueOf(int departmentId) =>
            Queues.Where(q => q.DepartmentId == departmentId).OrderByDescending(q => q.IsDefault).ThenBy(q => q.Id).FirstOrDefault();

        public ChannelEndpoint? Endpoint(Channel channel, string? address) =>
            address is null ? null : Endpoints.FirstOrDefault(e => e.Channel == channel && string.Equals(e.Address, address, StringComparison.OrdinalIgnoreCase));
    }
}
