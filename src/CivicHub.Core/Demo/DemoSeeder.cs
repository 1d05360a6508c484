using CivicHub.Core.Cases;
using CivicHub.Core.Catalog;
using CivicHub.Core.Citizens;
using CivicHub.Core.Data;
using CivicHub.Core.Drafts;
using CivicHub.Core.Intake;
using CivicHub.Core.Interactions;
using CivicHub.Core.Routing;
using CivicHub.Core.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Demo;

/// <summary>
/// Fills an empty database with the demo jurisdiction: departments, services, queues, endpoints, staff of every
/// role, and citizens with cases and interactions on every channel. The same seed always gives the same people.
/// </summary>
public sealed class DemoSeeder(CivicHubDb db, IdentityNormalizer normalizer, TimeProvider time)
{
    private static readonly string[] GivenNames =
    [
        "Maria", "James", "Rosa", "Marcus", "Linda", "Jose", "Aisha", "Wei", "Carmen", "David", "Fatima", "Michael", "Lucia", "Kevin",
        "Ana", "Robert", "Guadalupe", "Emily", "Juan", "Grace", "Ahmed", "Sofia", "Daniel", "Mei", "Patricia", "Luis", "Hannah", "Omar",
        "Elena", "Thomas", "Yolanda", "Brian", "Isabel", "Tyrone", "Nadia", "Carlos", "Sarah", "Miguel", "Olga", "Samuel",
    ];

    private static readonly string[] FamilyNames =
    [
        "Garcia", "Johnson", "Delgado", "Smith", "Nguyen", "Martinez", "Williams", "Chen", "Rodriguez", "Brown", "Hernandez", "Jones",
        "Lopez", "Davis", "Gonzalez", "Miller", "Perez", "Wilson", "Sanchez", "Moore", "Ramirez", "Taylor", "Torres", "Anderson", "Rivera",
        "Thomas", "Flores", "Jackson", "Kim", "White", "Patel", "Harris", "Ali", "Clark", "Cruz", "Lewis", "Reyes", "Walker", "Ortiz", "Young",
    ];

    private static readonly string[] Streets =
    [
        "MAIN STREET", "OAK AVENUE", "WASHINGTON BOULEVARD", "2 AVENUE", "LINCOLN ROAD", "BROADWAY", "ELM STREET", "PARK PLACE",
        "JEFFERSON AVENUE", "MAPLE DRIVE", "RIVERSIDE DRIVE", "MARTIN LUTHER KING JR BOULEVARD", "COLUMBUS AVENUE", "PROSPECT STREET",
    ];

    private static readonly string[] Districts = ["North", "South", "East", "West", "Downtown"];

    private static readonly Channel[] AllChannels = Enum.GetValues<Channel>();

    public async Task<bool> SeedIfEmptyAsync(DemoOptions options, CancellationToken cancellationToken)
    {
        if (await db.Departments.AnyAsync(cancellationToken))
        {
            return false;
        }

        await SeedAsync(options, cancellationToken);
        return true;
    }

    public async Task SeedAsync(DemoOptions options, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var departments = DemoCatalog.Departments.Select(d => new Department
        {
            Code = d.Code,
            Name = d.Name,
            Description = d.Description,
            Email = d.Email,
            Phone = d.Phone,
            Translations = DemoCatalogSpanish.For(d),
        }).ToList();
        db.Departments.AddRange(departments);
        await db.SaveChangesAsync(cancellationToken);
        var byCode = departments.ToDictionary(d => d.Code);
        db.DataSharingAgreements.AddRange(DemoAgreements.For(byCode, now));

        var queues = departments.Select(d => new Queue { DepartmentId = d.Id, Name = $"{d.Name}: new requests", IsDefault = true }).ToList();
        queues.Add(new Queue { DepartmentId = byCode["CONTACT"].Id, Name = "311 Contact Centre: escalations" });
        db.Queues.AddRange(queues);

        var services = DemoCatalog.Services.Select(s => Copy(s.Service, byCode[s.Department].Id)).ToList();
        db.Services.AddRange(services);
        db.ChannelEndpoints.AddRange(DemoCatalog.Endpoints.Select(e => new ChannelEndpoint
        {
            Channel = e.Channel,
            Address = e.Address,
            Name = e.Name,
            DepartmentId = byCode[e.Department].Id,
        }));

        var hasher = new PasswordHasher<StaffMember>();
        var staff = DemoStaff.All.Select(s =>
        {
            var member = new StaffMember
            {
                Id = Guid.CreateVersion7(),
                UserName = s.UserName,
                DisplayName = s.DisplayName,
                Email = $"{s.UserName}@civichub.example",
                Role = s.Role,
                CreatedAt = now,
                Departments = s.Departments.Select(code => new StaffDepartment { DepartmentId = byCode[code].Id }).ToList(),
            };
            if (!string.IsNullOrEmpty(options.StaffPassword))
            {
                member.PasswordHash = hasher.HashPassword(member, options.StaffPassword);
            }

            return member;
        }).ToList();
        db.Staff.AddRange(staff);
        await db.SaveChangesAsync(cancellationToken);

        await SeedPeopleAsync(options.Citizens, services, queues, staff, now, cancellationToken);
    }

    private async Task SeedPeopleAsync(
        int count, List<Service> services, List<Queue> queues, List<StaffMember> staff, DateTime now, CancellationToken cancellationToken)
    {
        var random = new Random(311);
        var usedPhones = new HashSet<string>();
        var usedEmails = new HashSet<string>();
        var agents = staff.Where(s => s.Role != StaffRole.Administrator).ToList();
        var benefits = services.First(s => s.Code == "benefits-application");

        for (var n = 0; n < count; n++)
        {
            var (given, family, language) = n switch
            {
                0 => ("Rosa", "Delgado", "es"),
                1 => ("Marcus", "Johnson", "en"),
                2 => ("Alex", "Kim", "en"),
                _ => (GivenNames[random.Next(GivenNames.Length)], FamilyNames[random.Next(FamilyNames.Length)], random.Next(4) == 0 ? "es" : "en"),
            };
            var born = n == 0 ? new DateOnly(1959, 3, 14) : new DateOnly(1935 + random.Next(70), 1 + random.Next(12), 1 + random.Next(28));
            var citizen = new Citizen
            {
                Id = Guid.CreateVersion7(),
                DateOfBirth = born,
                PreferredLanguage = language,
                PreferredChannels = [.. AllChannels.OrderBy(_ => random.Next()).Take(1 + random.Next(3))],
                Addresses =
                [
                    new Address
                    {
                        Line1 = $"{1 + random.Next(2400)} {Streets[random.Next(Streets.Length)]}",
                        City = "Springfield",
                        Region = "IL",
                        PostalCode = $"627{random.Next(10, 99)}",
                    },
                ],
                Demographics = new Demographics
                {
                    AgeBand = AgeBandOf(now.Year - born.Year),
                    District = Districts[random.Next(Districts.Length)],
                    AccessibilityNeeds = n == 2 ? ["screen-reader"] : random.Next(12) == 0 ? ["large-print"] : [],
                },
                CreatedAt = now.AddDays(-400 + random.Next(300)),
            };
            citizen.UpdatedAt = citizen.CreatedAt;
            citizen.SetNames(given, family);
            if (n == 0)
            {
                citizen.PreferredChannels = [Channel.Phone, Channel.Sms, Channel.Mail];
            }

            var phone = UniquePhone(random, usedPhones);
            AddIdentity(citizen, IdentityKind.Phone, phone, random.Next(3) > 0);
            if (n != 0 && random.Next(4) > 0)
            {
                var email = $"{NameKey.Of(given).Replace(' ', '.')}.{NameKey.Of(family).Replace(' ', '.')}{(n < 3 ? "" : n.ToString(System.Globalization.CultureInfo.InvariantCulture))}@mail.example";
                if (usedEmails.Add(email))
                {
                    AddIdentity(citizen, IdentityKind.Email, email, true);
                }
            }

            if (random.Next(3) == 0)
            {
                AddIdentity(citizen, IdentityKind.Portal, $"portal:{citizen.Id:N}", true);
            }

            db.Citizens.Add(citizen);
            var cases = n < 3 ? 2 : random.Next(0, 4);
            for (var c = 0; c < cases; c++)
            {
                AddCase(citizen, services[random.Next(services.Count)], queues, agents, random, now);
            }

            if (n == 1 || random.Next(25) == 0)
            {
                AddDraft(citizen, benefits, random, now);
            }

            if (n % 50 == 49)
            {
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    private void AddCase(Citizen citizen, Service service, List<Queue> queues, List<StaffMember> agents, Random random, DateTime now)
    {
        var created = now.AddHours(-random.Next(1, 24 * 90));
        var origin = AllChannels[random.Next(AllChannels.Length)];
        var status = (CaseStatus)random.Next(Enum.GetValues<CaseStatus>().Length);
        var queue = queues.First(q => q.DepartmentId == service.DepartmentId && q.IsDefault);
        var assignee = status == CaseStatus.Submitted ? null : agents[random.Next(agents.Count)];
        var @case = new Case
        {
            Id = Guid.CreateVersion7(),
            Reference = CaseReference.New(),
            CitizenId = citizen.Id,
            ServiceId = service.Id,
            DepartmentId = service.DepartmentId,
            QueueId = queue.Id,
            AssigneeId = assignee?.Id,
            Status = status,
            Priority = (CasePriority)random.Next(4),
            Title = service.Name,
            Description = $"{service.Description} Reported by {origin.ToString().ToLowerInvariant()}.",
            LocationAddress = service.Fields.Any(f => f.Key == "location") ? citizen.Addresses[0].ToString() : null,
            OriginChannel = origin,
            CreatedAt = created,
            UpdatedAt = created,
            SlaDueAt = created.AddHours(service.SlaHours),
            ResolvedAt = status is CaseStatus.Resolved or CaseStatus.Closed ? created.AddHours(random.Next(2, 200)) : null,
        };
        @case.ClosedAt = status == CaseStatus.Closed ? @case.ResolvedAt!.Value.AddHours(24) : null;
        db.Cases.Add(@case);
        db.CaseChanges.Add(new CaseChange { CaseId = @case.Id, Kind = CaseChangeKind.Created, To = nameof(CaseStatus.Submitted), Actor = "citizen", ActorName = "Citizen", At = created });
        if (status != CaseStatus.Submitted)
        {
            db.CaseChanges.Add(new CaseChange
            {
                CaseId = @case.Id,
                Kind = CaseChangeKind.StatusChanged,
                From = nameof(CaseStatus.Submitted),
                To = status.ToString(),
                Actor = $"staff:{assignee!.Id}",
                ActorName = assignee.DisplayName,
                At = created.AddHours(1),
            });
        }

        var identity = citizen.Identities.FirstOrDefault(i => i.Kind == KindFor(origin));
        var at = created;
        AddInteraction(citizen, @case, origin, Direction.Inbound, at, @case.Description!, "Citizen", identity);
        for (var k = random.Next(0, 4); k > 0; k--)
        {
            at = at.AddHours(random.Next(1, 72));
            if (at > now)
            {
                break;
            }

            var channel = random.Next(3) == 0 ? AllChannels[random.Next(AllChannels.Length)] : origin;
            var outbound = random.Next(2) == 0;
            AddInteraction(
                citizen,
                @case,
                channel,
                outbound ? Direction.Outbound : Direction.Inbound,
                at,
                outbound ? $"Update on {@case.Reference}: we are working on your request." : $"Any news on {@case.Reference}?",
                outbound ? assignee?.DisplayName ?? "311 Contact Centre" : "Citizen",
                outbound ? null : citizen.Identities.FirstOrDefault(i => i.Kind == KindFor(channel)));
        }
    }

    private void AddDraft(Citizen citizen, Service service, Random random, DateTime now)
    {
        var at = now.AddHours(-random.Next(1, 48));
        var draft = new Draft
        {
            Id = Guid.CreateVersion7(),
            CitizenId = citizen.Id,
            ServiceId = service.Id,
            Status = DraftStatus.Open,
            Answers = FormAnswers.Serialize(new Dictionary<string, string> { ["household_size"] = "3" }),
            StartedOn = Channel.Web,
            LastChannel = Channel.Web,
            LastEditedBy = $"citizen:{citizen.Id}",
            CreatedAt = at,
            UpdatedAt = at,
        };
        db.Drafts.Add(draft);
        db.Interactions.Add(new Interaction
        {
            CitizenId = citizen.Id,
            DraftId = draft.Id,
            Channel = Channel.Web,
            Direction = Direction.Inbound,
            OccurredAt = at,
            RecordedAt = at,
            Body = $"Started an application for {service.Name}.",
            Author = $"citizen:{citizen.Id}",
            AuthorName = "Citizen",
        });
    }

    private void AddInteraction(Citizen citizen, Case @case, Channel channel, Direction direction, DateTime at, string body, string author, ChannelIdentity? identity) =>
        db.Interactions.Add(new Interaction
        {
            CitizenId = citizen.Id,
            CaseId = @case.Id,
            ChannelIdentityId = identity?.Id,
            Channel = channel,
            Direction = direction,
            OccurredAt = at,
            RecordedAt = at,
            Body = body,
            Author = direction == Direction.Inbound ? $"citizen:{citizen.Id}" : "staff",
            AuthorName = author,
        });

    private void AddIdentity(Citizen citizen, IdentityKind kind, string raw, bool verified)
    {
        var (value, _) = normalizer.Normalize(kind, raw);
        citizen.Identities.Add(new ChannelIdentity
        {
            Id = Guid.CreateVersion7(),
            Kind = kind,
            Value = value!,
            Display = raw,
            Verified = verified,
            CreatedAt = citizen.CreatedAt,
        });
    }

    private string UniquePhone(Random random, HashSet<string> used)
    {
        while (true)
        {
            var raw = $"(217) {random.Next(200, 999)}-{random.Next(0, 10_000):D4}";
            if (normalizer.NormalizePhone(raw).Value is { } value && used.Add(value))
            {
                return raw;
            }
        }
    }

    private static IdentityKind KindFor(Channel channel) => channel switch
    {
        Channel.Email => IdentityKind.Email,
        Channel.Web or Channel.Mobile or Channel.Chat => IdentityKind.Portal,
        Channel.Social => IdentityKind.Social,
        Channel.Mail => IdentityKind.Postal,
        _ => IdentityKind.Phone,
    };

    private static string AgeBandOf(int age) => age switch
    {
        < 18 => "under-18",
        < 25 => "18-24",
        < 35 => "25-34",
        < 45 => "35-44",
        < 55 => "45-54",
        < 65 => "55-64",
        < 75 => "65-74",
        _ => "75+",
    };

    private static Service Copy(Service s, int departmentId) => new()
    {
        Code = s.Code,
        Name = s.Name,
        Description = s.Description,
        Topic = s.Topic,
        DepartmentId = departmentId,
        Keywords = [.. s.Keywords],
        SlaHours = s.SlaHours,
        PublicRequests = s.PublicRequests,
        Translations = DemoCatalogSpanish.For(s),
        Fields = s.Fields.Select(f => f.WithTranslations(DemoCatalogSpanish.For(f))).ToList(),
    };
}
