using CivicHub.Core.Cases;
using CivicHub.Core.Events;
using CivicHub.Core.Outreach.Outbox;
using CivicHub.Core.Outreach.Templates;
using CivicHub.Core.Outreach.Tracking;

namespace CivicHub.Core.Tests.Outreach;

public sealed class StatusQuestionTests
{
    private static readonly string Reference = CaseReference.New();

    [Theory]
    [InlineData("{0}", null)]
    [InlineData("status {0}", "en")]
    [InlineData("Estado: {0}?", "es")]
    [InlineData("  STATUS #{0}  ", "en")]
    public void A_reference_alone_or_after_status_is_a_question(string text, string? language)
    {
        var question = StatusInquiry.Parse(null, string.Format(System.Globalization.CultureInfo.InvariantCulture, text, Reference.ToLowerInvariant()));
        Assert.NotNull(question);
        Assert.Equal(Reference, question.Reference);
        Assert.Equal(language, question.Language);
    }

    [Theory]
    [InlineData("My bin was not collected, case {0}")]
    [InlineData("status 0000-1111")]
    [InlineData("")]
    public void Anything_else_is_not(string text) =>
        Assert.Null(StatusInquiry.Parse(null, string.Format(System.Globalization.CultureInfo.InvariantCulture, text, Reference)));

    [Fact]
    public void Only_changes_worth_a_message_notify()
    {
        static DomainEvent Changed(int from, int to) => new() { Type = "case.status_changed", Payload = $$"""{"from":{{from}},"to":{{to}}}""" };
        Assert.Equal(NotificationKinds.CaseReceived, EventNotifier.KindFor(new DomainEvent { Type = "case.created", Payload = "{}" }));
        Assert.Equal(NotificationKinds.InformationNeeded, EventNotifier.KindFor(Changed((int)CaseStatus.InProgress, (int)CaseStatus.WaitingOnCitizen)));
        Assert.Equal(NotificationKinds.CaseResolved, EventNotifier.KindFor(Changed((int)CaseStatus.InProgress, (int)CaseStatus.Resolved)));
        Assert.Equal(NotificationKinds.StatusChanged, EventNotifier.KindFor(Changed((int)CaseStatus.Submitted, (int)CaseStatus.InProgress)));
        Assert.Null(EventNotifier.KindFor(Changed((int)CaseStatus.WaitingOnCitizen, (int)CaseStatus.InProgress)));
        Assert.Null(EventNotifier.KindFor(Changed((int)CaseStatus.Submitted, (int)CaseStatus.Triaged)));
        Assert.Null(EventNotifier.KindFor(new DomainEvent { Type = "case.note_added", Payload = "{}" }));
    }
}
