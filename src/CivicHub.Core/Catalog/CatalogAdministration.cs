using System.Text.RegularExpressions;
using CivicHub.Core.Access;
using CivicHub.Core.Data;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Routing;
using CivicHub.Core.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Catalog;

/// <summary>
/// Administrators change departments, services (with their forms) and queues. Each change is validated, saved
/// in one transaction, and drops this host's <see cref="CatalogSnapshot"/> so the next request sees it; other
/// hosts see it when their snapshot ages out (a minute).
/// </summary>
public sealed partial class CatalogAdministration(CivicHubDb db, CatalogSnapshot catalog, IOptions<CatalogOptions> options)
{
    public const int MaxFields = 60;
    public const int MaxSlaHours = 24 * 365;

    /// <summary>Translations null keeps the department's translations as they are.</summary>
    public sealed record DepartmentInput(string? Code, string? Name, string? Description, string? Email, string? Phone, IReadOnlyList<DepartmentTranslation>? Translations = null);

    /// <summary>A department's texts in one language; an empty text falls back to the default.</summary>
    public sealed record DepartmentTranslationInput(string? Name, string? Description);

    /// <summary>A service's texts in one language, its form's by field key; an empty text falls back to the default.</summary>
    public sealed record ServiceTranslationInput(
        string? Name, string? Description, string? Topic, IReadOnlyList<string>? Keywords, IReadOnlyDictionary<string, FieldTranslationInput>? Fields);

    /// <summary>A field's texts in one language: the choices in the order of the field's own, or none.</summary>
    public sealed record FieldTranslationInput(string? Label, string? Help, IReadOnlyList<string>? Options);

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
        IReadOnlyList<FormField>? Fields,
        IReadOnlyList<ServiceTranslation>? Translations = null);

    /// <summary>Creates a department (id null) or changes one.</summary>
    public async Task<Outcome<Department>> SaveDepartmentAsync(int? id, DepartmentInput input, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Forbidden(actor) is { } forbidden)
        {
            return forbidden;
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

        var translations = input.Translations is null ? null : ValidateDepartmentTranslations(input.Translations, errors);
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
        if (translations is not null)
        {
            department.Translations = translations;
        }

        return await SaveAsync(department, cancellationToken);
    }

    /// <summary>Creates a queue (id null) or changes one; a new default queue takes that place from the department's other queues.</summary>
    public async Task<Outcome<Queue>> SaveQueueAsync(int? id, QueueInput input, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Forbidden(actor) is { } forbidden)
        {
            return forbidden;
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
        if (Forbidden(actor) is { } forbidden)
        {
            return forbidden;
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
        var translations = input.Translations is null ? null : ValidateServiceTranslations(input.Translations, errors);
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
        if (translations is not null)
        {
            service.Translations = translations;
        }

        return await SaveAsync(service, cancellationToken);
    }

    /// <summary>The form's rules: keys unique and machine-safe, labels given, choices for a select, patterns that compile, known prefill sources.</summary>
    private List<FormField> ValidateFields(IReadOnlyList<FormField> fields, ValidationErrors errors)
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
                Translations = ValidateFieldTranslations(field.Translations ?? [], options.Count, $"{at}.translations", errors),
                Sensitive = field.Sensitive,
            });
        }

        return result;
    }

    /// <summary>Writes a service's texts in one language (its name, description, topic, keywords and form), replacing that language's.</summary>
    public async Task<Outcome<Service>> TranslateServiceAsync(string code, string? language, ServiceTranslationInput input, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Forbidden(actor) is { } forbidden)
        {
            return forbidden;
        }

        var wanted = code.Trim().ToLowerInvariant();
        var service = await db.Services.FirstOrDefaultAsync(s => s.Code == wanted, cancellationToken);
        if (service is null)
        {
            return OutcomeProblem.NotFound("No service has that code.");
        }

        var errors = new ValidationErrors();
        CheckLanguage(language, "language", errors);
        var translation = ServiceTranslationOf(language ?? "", input.Name, input.Description, input.Topic, input.Keywords, "", errors);
        var fields = new List<FormField>();
        foreach (var key in (input.Fields ?? new Dictionary<string, FieldTranslationInput>()).Keys.Where(k => service.Fields.All(f => f.Key != k)))
        {
            errors.Add($"fields.{key}", "The service's form has no field with that key.");
        }

        foreach (var field in service.Fields)
        {
            var others = field.Translations.Where(t => t.Language != language).ToList();
            if (input.Fields?.GetValueOrDefault(field.Key) is { } text
                && FieldTranslationOf(language ?? "", text.Label, text.Help, text.Options, field.Options.Count, $"fields.{field.Key}", errors) is { } fieldTranslation)
            {
                others.Add(fieldTranslation);
            }

            fields.Add(field.WithTranslations(others));
        }

        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var translations = service.Translations.Where(t => t.Language != language).ToList();
        if (translation is not null)
        {
            translations.Add(translation);
        }

        // New lists rather than edits in place: EF Core then rewrites the JSON columns as a whole.
        service.Translations = translations;
        service.Fields = fields;
        return await SaveAsync(service, cancellationToken);
    }

    /// <summary>Writes a department's name and description in one language, replacing that language's.</summary>
    public async Task<Outcome<Department>> TranslateDepartmentAsync(string code, string? language, DepartmentTranslationInput input, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Forbidden(actor) is { } forbidden)
        {
            return forbidden;
        }

        var wanted = code.Trim().ToUpperInvariant();
        var department = await db.Departments.FirstOrDefaultAsync(d => d.Code == wanted, cancellationToken);
        if (department is null)
        {
            return OutcomeProblem.NotFound("No department has that code.");
        }

        var errors = new ValidationErrors();
        CheckLanguage(language, "language", errors);
        var translation = DepartmentTranslationOf(language ?? "", input.Name, input.Description, "", errors);
        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var translations = department.Translations.Where(t => t.Language != language).ToList();
        if (translation is not null)
        {
            translations.Add(translation);
        }

        department.Translations = translations;
        return await SaveAsync(department, cancellationToken);
    }

    /// <summary>Why the actor may not change the catalog, or null for an administrator.</summary>
    private static OutcomeProblem? Forbidden(Actor actor) =>
        actor.IsStaff(StaffRole.Administrator) ? null : OutcomeProblem.Forbidden("Only an administrator changes the catalog.");

    private List<ServiceTranslation> ValidateServiceTranslations(IReadOnlyList<ServiceTranslation> translations, ValidationErrors errors)
    {
        var result = new List<ServiceTranslation>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < translations.Count; i++)
        {
            var t = translations[i];
            var at = $"translations[{i}]";
            if (CheckLanguage(t.Language, $"{at}.language", errors) && !seen.Add(t.Language))
            {
                errors.Add($"{at}.language", "Another translation has that language.");
            }

            if (ServiceTranslationOf(t.Language ?? "", t.Name, t.Description, t.Topic, t.Keywords, $"{at}.", errors) is { } kept)
            {
                result.Add(kept);
            }
        }

        return result;
    }

    private List<DepartmentTranslation> ValidateDepartmentTranslations(IReadOnlyList<DepartmentTranslation> translations, ValidationErrors errors)
    {
        var result = new List<DepartmentTranslation>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < translations.Count; i++)
        {
            var t = translations[i];
            var at = $"translations[{i}]";
            if (CheckLanguage(t.Language, $"{at}.language", errors) && !seen.Add(t.Language))
            {
                errors.Add($"{at}.language", "Another translation has that language.");
            }

            if (DepartmentTranslationOf(t.Language ?? "", t.Name, t.Description, $"{at}.", errors) is { } kept)
            {
                result.Add(kept);
            }
        }

        return result;
    }

    private List<FieldTranslation> ValidateFieldTranslations(List<FieldTranslation> translations, int optionCount, string at, ValidationErrors errors)
    {
        var result = new List<FieldTranslation>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < translations.Count; i++)
        {
            var t = translations[i];
            if (CheckLanguage(t.Language, $"{at}[{i}].language", errors) && !seen.Add(t.Language))
            {
                errors.Add($"{at}[{i}].language", "Another translation has that language.");
            }

            if (FieldTranslationOf(t.Language ?? "", t.Label, t.Help, t.Options, optionCount, $"{at}[{i}]", errors) is { } kept)
            {
                result.Add(kept);
            }
        }

        return result;
    }

    /// <summary>Only the languages the jurisdiction configured: a typo ("sp") would otherwise hide texts nobody reads.</summary>
    private bool CheckLanguage(string? language, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(language))
        {
            errors.Add(field, "This field is required.");
            return false;
        }

        if (!options.Value.Languages.Contains(language, StringComparer.Ordinal))
        {
            errors.Add(field, $"Must be one of: {string.Join(", ", options.Value.Languages)}.");
            return false;
        }

        return true;
    }

    /// <summary>The validated translation, or null when it says nothing (every text empty), so it is not stored.</summary>
    private static ServiceTranslation? ServiceTranslationOf(
        string language, string? name, string? description, string? topic, IReadOnlyList<string>? keywords, string prefix, ValidationErrors errors)
    {
        errors.Text($"{prefix}name", name, 200, required: false)
            .Text($"{prefix}description", description, 4_000, required: false)
            .Text($"{prefix}topic", topic, 100, required: false);
        var words = (keywords ?? []).Select(k => (k ?? "").Trim().ToLowerInvariant()).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (words.Count > 50 || words.Any(k => k.Length > 60))
        {
            errors.Add($"{prefix}keywords", "Give at most 50 keywords of at most 60 characters each.");
        }

        foreach (var word in words)
        {
            errors.Text($"{prefix}keywords", word, 60, required: false);
        }

        var translation = new ServiceTranslation { Language = language, Name = Blank(name), Description = Blank(description), Topic = Blank(topic), Keywords = words };
        return translation is { Name: null, Description: null, Topic: null, Keywords.Count: 0 } ? null : translation;
    }

    private static DepartmentTranslation? DepartmentTranslationOf(string language, string? name, string? description, string prefix, ValidationErrors errors)
    {
        errors.Text($"{prefix}name", name, 200, required: false).Text($"{prefix}description", description, 2_000, required: false);
        var translation = new DepartmentTranslation { Language = language, Name = Blank(name), Description = Blank(description) };
        return translation is { Name: null, Description: null } ? null : translation;
    }

    private static FieldTranslation? FieldTranslationOf(
        string language, string? label, string? help, IReadOnlyList<string>? choices, int optionCount, string at, ValidationErrors errors)
    {
        errors.Text($"{at}.label", label, 200, required: false).Text($"{at}.help", help, 1_000, required: false);
        var options = (choices ?? []).Select(o => (o ?? "").Trim()).ToList();
        if (options.Count > 0 && options.Count != optionCount)
        {
            errors.Add($"{at}.options", $"Give one choice for each of the field's {optionCount} choices, in the same order, or none.");
        }

        foreach (var option in options)
        {
            errors.Text($"{at}.options", option, 200, required: false);
        }

        var translation = new FieldTranslation { Language = language, Label = Blank(label), Help = Blank(help), Options = options.All(o => o.Length == 0) ? [] : options };
        return translation is { Label: null, Help: null, Options.Count: 0 } ? null : translation;
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
