using CivicHub.Core.Accounts;
using CivicHub.Core.Attachments;
using CivicHub.Core.Cases;
using CivicHub.Core.Catalog;
using CivicHub.Core.Chat;
using CivicHub.Core.Citizens;
using CivicHub.Core.Citizens.Matching;
using CivicHub.Core.Data.Configurations;
using CivicHub.Core.Drafts;
using CivicHub.Core.Events;
using CivicHub.Core.Idempotency;
using CivicHub.Core.Imports;
using CivicHub.Core.Intake;
using CivicHub.Core.Interactions;
using CivicHub.Core.Open311;
using CivicHub.Core.Outreach;
using CivicHub.Core.Outreach.Templates;
using CivicHub.Core.Privacy.Agreements;
using CivicHub.Core.Privacy.Audit;
using CivicHub.Core.Privacy.Protection;
using CivicHub.Core.Privacy.Retention;
using CivicHub.Core.Routing;
using CivicHub.Core.Staff;
using CivicHub.Core.Staff.Passkeys;
using CivicHub.Core.Webhooks;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Data;

/// <summary>The one unit of work over CivicHub's database, SQLite or PostgreSQL.</summary>
public sealed class CivicHubDb(DbContextOptions<CivicHubDb> options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>The Data Protection key ring, shared by every host on this database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Department> Departments => Set<Department>();

    public DbSet<Service> Services => Set<Service>();

    public DbSet<Queue> Queues => Set<Queue>();

    public DbSet<ChannelEndpoint> ChannelEndpoints => Set<ChannelEndpoint>();

    public DbSet<Citizen> Citizens => Set<Citizen>();

    public DbSet<ChannelIdentity> ChannelIdentities => Set<ChannelIdentity>();

    public DbSet<CitizenMerge> CitizenMerges => Set<CitizenMerge>();

    public DbSet<CitizenMatchProfile> CitizenMatchProfiles => Set<CitizenMatchProfile>();

    public DbSet<CitizenMatchKey> CitizenMatchKeys => Set<CitizenMatchKey>();

    public DbSet<MatchReview> MatchReviews => Set<MatchReview>();

    public DbSet<MatchSuggestion> MatchSuggestions => Set<MatchSuggestion>();

    public DbSet<CitizenImport> CitizenImports => Set<CitizenImport>();

    public DbSet<SourceRecordLink> SourceRecordLinks => Set<SourceRecordLink>();

    public DbSet<Case> Cases => Set<Case>();

    public DbSet<CaseChange> CaseChanges => Set<CaseChange>();

    public DbSet<Interaction> Interactions => Set<Interaction>();

    public DbSet<Draft> Drafts => Set<Draft>();

    public DbSet<StaffMember> Staff => Set<StaffMember>();

    public DbSet<StaffPasskey> StaffPasskeys => Set<StaffPasskey>();

    public DbSet<PasskeyCeremony> PasskeyCeremonies => Set<PasskeyCeremony>();

    public DbSet<DomainEvent> Events => Set<DomainEvent>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<WebhookFanOutLease> WebhookFanOutLeases => Set<WebhookFanOutLease>();

    public DbSet<OutboundMessage> OutboundMessages => Set<OutboundMessage>();

    public DbSet<ChatSession> ChatSessions => Set<ChatSession>();

    public DbSet<ChatConversation> ChatConversations => Set<ChatConversation>();

    public DbSet<Attachment> Attachments => Set<Attachment>();

    public DbSet<MailboxCursor> MailboxCursors => Set<MailboxCursor>();

    public DbSet<MessageTemplate> MessageTemplates => Set<MessageTemplate>();

    public DbSet<CitizenAccount> CitizenAccounts => Set<CitizenAccount>();

    public DbSet<JobLease> JobLeases => Set<JobLease>();
    public DbSet<DataSharingAgreement> DataSharingAgreements => Set<DataSharingAgreement>();

    public DbSet<CitizenConsent> CitizenConsents => Set<CitizenConsent>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<AuditSeal> AuditSeals => Set<AuditSeal>();

    public DbSet<AuditSealLease> AuditSealLeases => Set<AuditSealLease>();

    public DbSet<FederatedLogin> FederatedLogins => Set<FederatedLogin>();

    /// <summary>What this context's saves will set off once committed; see <see cref="AfterCommitInterceptor"/>.</summary>
    internal PendingCommit Pending { get; } = new();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    /// <summary>
    /// Whether this context runs on PostgreSQL. Asked on the hot paths that send their own SQL there; the provider's
    /// name costs a reflection call each time (a pooled context keeps its options, so the answer holds).
    /// </summary>
    public bool IsPostgres => _isPostgres ??= Database.IsNpgsql();

    private bool? _isPostgres;

    /// <summary>
    /// The audit entries the last save added for its changes (<see cref="AuditInterceptor"/>): a save that fails takes
    /// them back, so a save tried again records each change once.
    /// </summary>
    internal List<AuditEntry>? SaveAudit { get; set; }

    /// <summary>
    /// Saves; a new case that drew a reference another case has draws another and is saved again
    /// (<see cref="TakenReference"/>). Every save in CivicHub is asynchronous, so the synchronous one is left as it is.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            }
            catch (DbUpdateException ex) when (attempt < TakenReference.Attempts && TakenReference.IsTaken(ex))
            {
                if (!TakenReference.RedrawAdded(ChangeTracker))
                {
                    throw;
                }
            }
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CivicHubDb).Assembly);
        ProtectedFields.Configure(modelBuilder, ProtectedModelCacheKeyFactory.FieldProtectionOf(this));
        modelBuilder.UseOpenIddict();

        if (Database.IsNpgsql())
        {
            // Prefix searches (LIKE 'abc%') use these indexes only with the pattern operator class.
            modelBuilder.Entity<Citizen>().HasIndex(c => c.FamilyKey).HasOperators("text_pattern_ops");
            modelBuilder.Entity<Citizen>().HasIndex(c => c.GivenKey).HasOperators("text_pattern_ops");
        }
        else
        {
            CaseConfiguration.CatalogKeys(modelBuilder.Entity<Case>());
        }
    }
}
