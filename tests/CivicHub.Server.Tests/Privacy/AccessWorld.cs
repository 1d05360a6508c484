using System.Collections.Concurrent;
using System.Security.Cryptography;
using CivicHub.Core.Attachments;
using CivicHub.Core.Demo;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Server.Tests.Privacy;

/// <summary>
/// The records the access matrix reads, made once per host through the API: citizen X with cases in Tax, Public
/// Works, Code Enforcement and Health; citizens Y and Z with a Tax case each, Y consenting to the demo's benefits
/// assessment agreement (Social Services sees Tax) and Z having withdrawn that consent. Two agreements are added:
/// Public Works sees Code Enforcement (no consent), and Tax saw Health until yesterday (expired).
/// Each case has an attachment on its first interaction and a draft of its service.
/// </summary>
public sealed class AccessWorld
{
    private static readonly ConcurrentDictionary<CivicHubHost, Lazy<Task<AccessWorld>>> Worlds = new();

    public required Guid X { get; init; }

    public required Guid Y { get; init; }

    public required Guid Z { get; init; }

    /// <summary>By case key (TaxX, PubworksX, CodeX, HealthX, TaxY, TaxZ).</summary>
    public required IReadOnlyDictionary<string, Record> Cases { get; init; }

    public required IReadOnlyDictionary<Guid, string> Phones { get; init; }

    public required Guid ExpiredAgreementId { get; init; }

    public sealed record Record(string Reference, Guid CitizenId, Guid AttachmentId, Guid DraftId);

    public static Task<AccessWorld> OfAsync(CivicHubHost host) =>
        Worlds.GetOrAdd(host, h => new Lazy<Task<AccessWorld>>(() => BuildAsync(h))).Value;

    private static async Task<AccessWorld> BuildAsync(CivicHubHost host)
    {
        var admin = await host.StaffClientAsync("morgan");
        var agent = await host.StaffClientAsync("dana");
        var today = DateTime.UtcNow;
        await (await admin.PostJsonAsync("/api/v1/agreements", new
        {
            name = $"Street crews see code enforcement {Guid.NewGuid():N}",
            recipientDepartments = new[] { "PUBWORKS" },
            providerDepartments = new[] { "CODE" },
            categories = new[] { "cases", "contact_details" },
            purpose = "Clearing streets of abandoned vehicles",
            legalBasis = "Municipal code 9.1",
            validFrom = today.AddDays(-1),
            status = "active",
        })).JsonAsync(HttpStatusCode.Created);
        var expired = await (await admin.PostJsonAsync("/api/v1/agreements", new
        {
            name = $"Tax saw health inspections {Guid.NewGuid():N}",
            recipientDepartments = new[] { "TAX" },
            providerDepartments = new[] { "HEALTH" },
            categories = new[] { "cases", "contact_details" },
            purpose = "A pilot that ended",
            legalBasis = "Pilot order 12",
            validFrom = today.AddDays(-30),
            validUntil = today.AddDays(-1),
            status = "active",
        })).JsonAsync(HttpStatusCode.Created);

        var (x, xPhone, _) = await agent.NewCitizenAsync("Ximena", "Access");
        var (y, yPhone, _) = await agent.NewCitizenAsync("Yusuf", "Access");
        var (z, zPhone, _) = await agent.NewCitizenAsync("Zora", "Access");
        var cases = new Dictionary<string, Record>
        {
            ["TaxX"] = await CaseAsync(host, agent, x, "tax-bill-question"),
            ["PubworksX"] = await CaseAsync(host, agent, x, "streetlight-out"),
            ["CodeX"] = await CaseAsync(host, agent, x, "illegal-parking"),
            ["HealthX"] = await CaseAsync(host, agent, x, "rodent-sighting"),
            ["TaxY"] = await CaseAsync(host, agent, y, "tax-bill-question"),
            ["TaxZ"] = await CaseAsync(host, agent, z, "tax-bill-question"),
        };

        // Consents are recorded as an agent would for a caller: Y says yes; Z says yes, then no.
        var benefits = await host.InDbAsync(db => db.DataSharingAgreements.Where(a => a.Name == DemoAgreements.BenefitsAssessment).Select(a => a.Id).FirstAsync());
        await (await agent.PostJsonAsync($"/api/v1/citizens/{y}/consents", new { agreementId = benefits, channel = "phone" })).JsonAsync(HttpStatusCode.OK);
        await (await agent.PostJsonAsync($"/api/v1/citizens/{z}/consents", new { agreementId = benefits, channel = "in_person" })).JsonAsync(HttpStatusCode.OK);
        var withdrawn = await (await agent.DeleteAsync(Http.Url($"/api/v1/citizens/{z}/consents/{benefits}"))).JsonAsync(HttpStatusCode.OK);
        Assert.False(withdrawn.GetProperty("consented").GetBoolean());

        return new AccessWorld
        {
            X = x,
            Y = y,
            Z = z,
            Cases = cases,
            Phones = new Dictionary<Guid, string> { [x] = xPhone, [y] = yPhone, [z] = zPhone },
            ExpiredAgreementId = expired.GetProperty("id").GetGuid(),
        };
    }

    private static async Task<Record> CaseAsync(CivicHubHost host, HttpClient agent, Guid citizenId, string serviceCode)
    {
        object request = serviceCode == "tax-bill-question"
            ? new { citizenId, serviceCode, channel = "phone", description = $"Access matrix: {serviceCode}", answers = new { details = "About my bill" } }
            : new { citizenId, serviceCode, channel = "phone", description = $"Access matrix: {serviceCode}", answers = new { location = "12 Elm Street" }, address = "12 Elm Street" };
        var created = await (await agent.PostJsonAsync("/api/v1/cases", request)).JsonAsync(HttpStatusCode.Created);
        var reference = created.GetProperty("reference").GetString()!;
        var attachmentId = await host.InDbAsync(async db =>
        {
            var interaction = await db.Interactions.Where(i => db.Cases.Any(c => c.Id == i.CaseId && c.Reference == reference)).OrderBy(i => i.Id).FirstAsync();
            var content = "scan of a letter"u8.ToArray();
            var attachment = new Attachment
            {
                Id = Guid.CreateVersion7(),
                InteractionId = interaction.Id,
                CitizenId = citizenId,
                CaseId = interaction.CaseId,
                FileName = "letter.txt",
                ContentType = "text/plain",
                Length = content.Length,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
                Content = content,
                CreatedAt = DateTime.UtcNow,
            };
            db.Attachments.Add(attachment);
            await db.SaveChangesAsync();
            return attachment.Id;
        });
        var draft = await (await agent.PostJsonAsync("/api/v1/drafts", new { citizenId, serviceCode, channel = "phone" })).JsonAsync(HttpStatusCode.Created);
        return new Record(reference, citizenId, attachmentId, draft.GetProperty("id").GetGuid());
    }
}
