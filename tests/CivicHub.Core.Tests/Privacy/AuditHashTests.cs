using CivicHub.Core.Access;
using CivicHub.Core.Privacy.Audit;

namespace CivicHub.Core.Tests.Privacy;

public sealed class AuditHashTests
{
    private static AuditEntry Entry(string actorName = "Dana Whitfield", string purpose = "case work in CONTACT") => new()
    {
        Id = 42,
        OccurredAt = new DateTime(2026, 11, 26, 9, 12, 3, 512, DateTimeKind.Utc),
        ActorKind = ActorKind.Staff,
        ActorId = "6f1c0a52-0000-0000-0000-000000000001",
        ActorName = actorName,
        ActorRole = "agent",
        ActorDepartments = "CONTACT",
        Action = AuditAction.Read,
        RecordKind = AuditRecords.Citizen,
        RecordId = "0b7e0000-0000-0000-0000-000000000002",
        CitizenId = Guid.Parse("0b7e0000-0000-0000-0000-000000000002"),
        Purpose = purpose,
        RemoteAddress = "203.0.113.7",
    };

    [Fact]
    public void The_same_entry_in_the_same_place_always_hashes_the_same()
    {
        Assert.Equal(AuditHash.Compute(Entry(), 7, AuditHash.Genesis), AuditHash.Compute(Entry(), 7, AuditHash.Genesis));
        Assert.Matches("^[0-9a-f]{64}$", AuditHash.Compute(Entry(), 7, AuditHash.Genesis));
    }

    [Fact]
    public void Any_change_of_a_field_its_place_or_its_predecessor_changes_the_hash()
    {
        var original = AuditHash.Compute(Entry(), 7, AuditHash.Genesis);
        Assert.NotEqual(original, AuditHash.Compute(Entry(purpose: "curiosity"), 7, AuditHash.Genesis));
        Assert.NotEqual(original, AuditHash.Compute(Entry(), 8, AuditHash.Genesis));
        Assert.NotEqual(original, AuditHash.Compute(Entry(), 7, new string('1', 64)));
    }

    [Fact]
    public void Text_moved_from_one_field_into_the_next_does_not_give_the_same_hash()
    {
        // Without lengths, "Dana W" + "hitfield..." and "Dana Whitfield" + "..." could serialise alike.
        var shifted = Entry(actorName: "Dana Whitfield;agent");
        shifted.ActorRole = null;
        Assert.NotEqual(AuditHash.Canonical(Entry(), 1, AuditHash.Genesis), AuditHash.Canonical(shifted, 1, AuditHash.Genesis));
    }

    [Fact]
    public void Sub_microsecond_ticks_do_not_change_the_hash_since_databases_keep_microseconds()
    {
        var precise = Entry();
        precise.OccurredAt = precise.OccurredAt.AddTicks(7);
        Assert.Equal(AuditHash.Compute(Entry(), 1, AuditHash.Genesis), AuditHash.Compute(precise, 1, AuditHash.Genesis));
    }
}
