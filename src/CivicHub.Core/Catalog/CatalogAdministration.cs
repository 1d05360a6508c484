using System.Text.RegularExpressions;
using CivicHub.Core.Access;
using CivicHub.Core.Data;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Routing;
using CivicHub.Core.Staff;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Catalog;

/// <summary>
/// Administrators change departments, services (with their forms) and queues. Each change is validated, saved
/// in one transaction, and drops this host's <see cref="CatalogSnapshot"/> so the next request sees it; other
/// hosts see it when their snapshot ages out (a minute).
/// </summary>
public sealed partial class CatalogAdministration(CivicHubDb db, CatalogSnapshot catalog)
{
    public const int MaxFields = 60;
    public const int MaxSlaHours = 24 * 365;

    public sealed record DepartmentInput(string? Code, string? Name, string? Description, string? Email, string? Phone);

    public sealed record QueueInput(int? DepartmentId, string? Name, bool IsDefault);

    public sealed record ServiceInput(
        string? Code,
        string? Name,
        string? Description,
        string? Topic,
        int? DepartmentId,
        IReadOnlyList<string>? Keywords,
        int? SlaHours,
        bool Active,
        bool PublicRequests,
        IReadOnlyList<FormField>? Fields);

    /// <summary>Creates a department (id null) or changes one.</summary>
    public async Task<Outcome<Department>> SaveDepartmentAsync(int? id, DepartmentInput input, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!actor.IsStaff(StaffRole.Administrator))
        {
            return OutcomeProblem.Forbidden("Only an administrator changes the catalog.");
        }

        var code = input.Code?.Trim().ToUpperInvariant();
        var errors = new ValidationErrors()
            .Text("code", code, 32)
            .Text("name", input.Name, 200)
            .Text("description", input.Description, 2_000, required: false)
            .Text("email", input.Email, 320, required: false)
            .Text("phone", input.Phone, 32, required: false);
        if (code is { Length: > 0 } && !DepartmentCode().IsMatch(code))
        {
            errors.Add("code", "Use capital letters, digits and underscores, starting with a letter.");
        }

        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var department = id is null ? null : await db.Departments.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (id is not null && department is null)
        {
            return OutcomeProblem.NotFound("No department has that id.");
        }

        if (await db.Departments.AnyAsync(d => d.Code == code && d.Id != (id ?? 0), cancellationToken))
        {
            return OutcomeProblem.Invalid("code", "Another department has that code.");
        }

        department ??= db.Departments.Add(new Department { Code = code!, Name = "" }).Entity;
        department.Code = code!;
        department.Name = input.Name!.Trim();
        department.Description = Blank(input.Description);
        department.Email = Blank(input.Email);
        department.Phone = Blank(input.Phone);
        return await SaveAsync(department, cancellationToken);
    }

    /// <summary>Creates a queue (id null) or changes one; a new default queue takes that place from the department's other queues.</summary>
    public async Task<Outcome<Queue>> SaveQueueAsync(int? id, QueueInput input, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!actor.IsStaff(StaffRole.Administrator))
        {
            return OutcomeProblem.Forbidden("Only an administrator changes the catalog.");
        }

        var errors = new ValidationErrors().Text("name", input.Name, 200);
        if (input.DepartmentId is null)
        {
            errors.Add("departmentId", "This field is required.");
        }
        else if (!await db.Departments.AnyAsync(d => d.Id == input.DepartmentId, cancellationToken))
        {
            errors.Add("departmentId", "No department has that id.");
        }

        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var queue = id is null ? null : await db.Queues.FirstOrDefaultAsync(q => q.Id == id, cancellationToken);
        if (id is not null && queue is null)
        {
            return OutcomeProblem.NotFound("No queue has that id.");
        }

        if (queue is not null && queue.DepartmentId != input.DepartmentId && await db.Cases.AnyAsync(c => c.QueueId == queue.Id, cancellationToken))
        {
            return OutcomeProblem.Invalid("departmentId", "The queue holds cases; move them before giving it to another department.");
        }

        queue ??= db.Queues.Add(new Queue { Name = "" }).Entity;
        queue.Name = input.Name!.Trim();
        queue.DepartmentId = input.DepartmentId!.Value;
        queue.IsDefault = input.IsDefault;
        if (input.IsDefault)
        {
            foreach (var other in await db.Queues.Where(q => q.DepartmentId == queue.DepartmentId && q.Id != queue.Id && q.IsDefault).ToListAsync(cancellationToken))
            {
                other.IsDefault = false;
            }
        }

        return await SaveAsync(queue, cancellationToken);
    }

    /// <summary>Creates a service (id null) or changes one, its form included; the fields replace the form as a whole, in order.</summary>
    public async Task<Outcome<Service>> SaveServiceAsync(int? id, ServiceInput input, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!actor.IsStaff(StaffRole.Administrator))
        {
            return OutcomeProblem.Forbidden("Only an administrator changes the catalog.");
        }

        var code = input.Code?.Trim().ToLowerInvariant();
        var errors = new ValidationErrors()
            .Text("code", code, 64)
            .Text("name", input.Name, 200)
            .Text("description", input.Description, 4_000, required: false)
            .Text("topic", input.Topic, 100, required: false);
        if (code is { Length: > 0 } && !ServiceCode().IsMatch(code))
        {
            errors.Add("code", "Use lower-case letters, digits, hyphens and underscores, starting with a letter.");
        }

        if (input.SlaHours is not { } sla || sla < 1 || sla > MaxSlaHours)
        {
            errors.Add("slaHours", $"Must be a whole number of hours between 1 and {MaxSlaHours}.");
        }

        if (input.DepartmentId is null)
        {
            errors.Add("departmentId", "This field is required.");
        }
        else if (!await db.Departments.AnyAsync(d => d.Id == input.DepartmentId, cancellationToken))
        {
            errors.Add("departmentId", "No department has that id.");
        }

        var keywords = (input.Keywords ?? []).Select(k => k.Trim().ToLowerInvariant()).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (keywords.Count > 50 || keywords.Any(k => k.Length > 60))
        {
            errors.Add("keywords", "Give at most 50 keywords of at most 60 characters each.");
        }

        var fields = ValidateFields(input.Fields ?? [], errors);
        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var service = id is null ? null : await db.Services.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (id is not null && service is null)
        {
            return OutcomeProblem.NotFound("No service has that id.");
        }

        if (await db.Services.AnyAsync(s => s.Code == code && s.Id != (id ?? 0), cancellationToken))
        {
            return OutcomeProblem.Invalid("code", "Another service has that code.");
        }

        service ??= db.Services.Add(new Service { Code = code!, Name = "" }).Entity;
        service.Code = code!;
        service.Name = input.Name!.Trim();
        service.Description = Blank(input.Description);
        service.Topic = Blank(input.Topic);
        service.DepartmentId = input.DepartmentId!.Value;
        service.Keywords = keywords;
        service.SlaHours = input.SlaHours!.Value;
        service.Active = input.Active;
        service.PublicRequests = input.PublicRequests;
        service.Fields = fields;
        return await SaveAsync(service, cancellationToken);
    }

    /// <summary>The form's rules: keys unique and machine-safe, labels given, choices for a select, patterns that compile, known prefill sources.</summary>
    private static List<FormField> ValidateFields(IReadOnlyList<FormField> fields, ValidationErrors errors)
    {
        if (fields.Count > MaxFields)
        {
            errors.Add("fields", $"A form has at most {MaxFields} fields.");
            return [];
        }

        var result = new List<FormField>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var at = $"fields[{i}]";
            var key = field.Key?.Trim() ?? "";
            if (!FieldKey().IsMatch(key))
            {
                errors.Add($"{at}.key", "Use lower-case letters, digits and underscores, starting with a letter (at most 64).");
            }
            else if (!keys.Add(key))
            {
                errors.Add($"{at}.key", "Another field has that key.");
            }

            errors.Text($"{at}.label", field.Label, 200).Text($"{at}.help", field.Help, 1_000, required: false);
            var options = field.Options.Select(o => o.Trim()).Where(o => o.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            if (field.Type == FormFieldType.Select && options.Count == 0)
            {
                errors.Add($"{at}.options", "A select field needs at least one choice.");
            }

            if (field.MaxLength is < 1 or > 100_000)
            {
                errors.Add($"{at}.maxLength", "Must be between 1 and 100000.");
            }

            var pattern = string.IsNullOrWhiteSpace(field.Pattern) ? null : field.Pattern.Trim();
            if (pattern is not null && !Compiles(pattern))
            {
                errors.Add($"{at}.pattern", "Not a valid regular expression.");
            }

            var prefill = string.IsNullOrWhiteSpace(field.PrefillFrom) ? null : field.PrefillFrom.Trim();
            if (prefill is not null && !PrefillSources.Contains(prefill))
            {
                errors.Add($"{at}.prefillFrom", $"Must be one of: {string.Join(", ", PrefillSources)}.");
            }

            result.Add(new FormField
            {
                Key = key,
                Label = field.Label?.Trim() ?? "",
                Type = field.Type,
                Required = field.Required,
                Help = Blank(field.Help),
                Options = field.Type == FormFieldType.Select ? options : [],
                MaxLength = field.MaxLength,
                Pattern = pattern,
                PrefillFrom = prefill,
                Sensitive = field.Sensitive,
            });
        }

        return result;
    }

    /// <summary>What "tell us once" can answer from a citizen's record (see <see cref="Prefill.From"/>).</summary>
    public static IReadOnlyList<string> PrefillSources { get; } =
    [
        "citizen.givenName", "citizen.familyName", "citizen.fullName", "citizen.dateOfBirth", "citizen.preferredLanguage",
        "citizen.email", "citizen.phone", "citizen.address", "citizen.district",
    ];

    private static bool Compiles(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private async Task<Outcome<T>> SaveAsync<T>(T saved, CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        catalog.Invalidate();
        return saved;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,31}$")]
    private static partial Regex DepartmentCode();

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,63}$")]
    private static partial Regex ServiceCode();

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex FieldKey();
}
