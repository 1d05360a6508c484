using CivicHub.Core.Accounts;
using CivicHub.Core.Attachments;
using CivicHub.Core.Cases;
using CivicHub.Core.Catalog;
using CivicHub.Core.Chat;
using CivicHub.Core.Citizens;
using CivicHub.Core.Citizens.Matching;
using CivicHub.Core.Data;
using CivicHub.Core.Drafts;
using CivicHub.Core.Events;
using CivicHub.Core.Imports;
using CivicHub.Core.Intake;
using CivicHub.Core.Interactions;
using CivicHub.Core.Open311;
using CivicHub.Core.Outreach;
using CivicHub.Core.Outreach.Outbox;
using CivicHub.Core.Outreach.Preferences;
using CivicHub.Core.Outreach.Replies;
using CivicHub.Core.Outreach.Templates;
using CivicHub.Core.Outreach.Tracking;
using CivicHub.Core.Passwords;
using CivicHub.Core.Privacy;
using CivicHub.Core.Privacy.Agreements;
using CivicHub.Core.Privacy.Audit;
using CivicHub.Core.Privacy.Erasure;
using CivicHub.Core.Privacy.Export;
using CivicHub.Core.Privacy.Protection;
using CivicHub.Core.Privacy.Retention;
using CivicHub.Core.Routing;
using CivicHub.Core.Staff;
using CivicHub.Core.Staff.Passkeys;
using CivicHub.Core.Text;
using CivicHub.Core.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CivicHub.Core;

/// <summary>Registers the domain's use cases, the database and the options they need.</summary>
public static class CoreServiceCollectionExtensions
{
    public static IServiceCollection AddCivicHubCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<DatabaseOptions>()
            .Configure(o => o.ConnectionString = configuration.GetConnectionString("CivicHub") ?? DatabaseOptions.DefaultSqlite);
        services.AddOptions<CatalogOptions>().Bind(configuration.GetSection("Catalog")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RoutingOptions>().Bind(configuration.GetSection("Routing")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AttachmentOptions>().Bind(configuration.GetSection("Attachments")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection("Webhooks")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OutreachOptions>().Bind(configuration.GetSection("Outreach")).ValidateDataAnnotations()
            .Validate(o => OutreachOptions.IsTimeZone(o.TimeZone), "Outreach:TimeZone must be an IANA time zone such as America/Chicago.")
            .Validate(o => o.MaxBackoff >= o.BaseBackoff, "Outreach:MaxBackoff must not be shorter than Outreach:BaseBackoff.")
            .Validate(o => Uri.TryCreate(o.PortalLink.Replace("{reference}", "X", StringComparison.Ordinal), UriKind.Absolute, out _), "Outreach:PortalLink must be an absolute URL.")
            .ValidateOnStart();
        services.AddOptions<AuditOptions>().Bind(configuration.GetSection("Audit")).ValidateDataAnnotations().ValidateOnStart();

        services.AddOptions<PasswordOptions>().Bind(configuration.GetSection("Auth:Passwords")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StaffSignInOptions>().Bind(configuration.GetSection("Auth:Staff")).ValidateDataAnnotations().ValidateOnStart();
        services.AddFieldProtection(configuration);
        services.AddSingleton<EventSignal>();
        // Pooled: a request reuses a context instead of building one, which the create-case benchmark shows matters.
        services.AddDbContextPool<CivicHubDb>((sp, options) =>
        {
            var connectionString = configuration.GetConnectionString("CivicHub") ?? DatabaseOptions.DefaultSqlite;
            options.UseCivicHubDatabase(connectionString);
            options.AddInterceptors(
                new AuditInterceptor(sp.GetRequiredService<TimeProvider>()),
                new AfterCommitInterceptor(sp.GetRequiredService<EventSignal>(), sp.GetRequiredService<AgreementSnapshot>()));
            options.UseFieldProtection(sp.GetRequiredService<FieldProtection>());
        });

        services.AddSingleton(new IdentityNormalizer(configuration["Citizens:DefaultPhoneRegion"] ?? "US"));
        services.AddSingleton<CatalogSnapshot>();
        services.AddSingleton<AgreementSnapshot>();
        services.AddSingleton<ActingMemory>();
        services.AddSingleton<StaffStanding>();
        services.AddSingleton<CitizenSignInStanding>();
        services.AddScoped<CaseRouter>();
        services.AddScoped<CaseOpener>();
        services.AddSingleton<CaseReferenceSource>();
        services.AddScoped<CreateCase>();
        services.AddSingleton<CaseRows>();
        services.AddSingleton<CaseCitizens>();
        services.AddScoped<CaseActions>();
        services.AddScoped<CaseDetail>();
        services.AddScoped<CreateCitizen>();
        services.AddScoped<FindCitizens>();
        services.AddScoped<CitizenOverview>();
        services.AddScoped<MergeCitizens>();
        services.AddScoped<LikelyMatches>();
        services.AddScoped<MatchReviews>();
        services.AddScoped<ImportCitizens>();
        services.AddScoped<UndoSourceLink>();
        services.AddScoped<ImportLinks>();
        services.AddScoped<Timeline>();
        services.AddScoped<LogInteraction>();
        services.AddScoped<DraftActions>();
        services.AddScoped<DraftView>();
        services.AddScoped<CitizenAccounts>();
        services.AddScoped<FederatedLogins>();
        services.AddScoped<CitizenProfile>();
        services.AddScoped<CitizenRequests>();
        services.AddScoped<IntakePipeline>();
        services.AddScoped<EventFeed>();
        services.AddScoped<ManageWebhooks>();
        services.AddScoped<WebhookFanOut>();
        services.AddScoped<WebhookDispatcher>();
        services.AddHttpClient(WebhookDispatcher.HttpClientName, client => client.DefaultRequestHeaders.UserAgent.ParseAdd("CivicHub-Webhooks/1.0"));
        services.AddScoped<ApiKeys>();
        services.AddScoped<ServiceRequests>();
        services.AddScoped<DeliveryReceipts>();
        services.AddScoped<AttachmentIntake>();
        services.AddScoped<AttachmentDownload>();
        services.AddSingleton<AttachmentRules>();
        services.AddScoped<ChannelEndpoints>();
        services.AddSingleton<OutreachSignal>();
        services.AddScoped<ChannelSenders>();
        services.AddScoped<TemplateRenderer>();
        services.AddScoped<ManageTemplates>();
        services.AddScoped<MessageComposer>();
        services.AddScoped<EventNotifier>();
        services.AddScoped<OutboxDispatcher>();
        services.AddScoped<OutboxDelivery>();
        services.AddScoped<StatusInquiry>();
        services.AddScoped<SendReply>();
        services.AddScoped<SendReminder>();
        services.AddScoped<MessageHistory>();
        services.AddScoped<UpdatePreferences>();
        services.AddScoped<StaffSignIn>();
        services.AddScoped<StaffPasskeys>();
        services.AddSingleton<StaffSecrets>();
        services.AddSingleton<PasswordRules>();
        services.AddScoped<CaseInbox>();
        services.AddScoped<RecordAccess>();
        services.AddScoped<WaitingChatAccess>();
        services.AddScoped<ManageAgreements>();
        services.AddScoped<CitizenConsents>();
        services.AddScoped<CatalogAdministration>();
        services.AddScoped<StaffAdministration>();
        services.AddScoped<CitizenDataExport>();
        services.AddScoped<EraseCitizen>();
        services.AddScoped<LegalHolds>();
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection("Retention")).ValidateDataAnnotations()
            .Validate(RetentionSchedulesArePositive, "Retention schedules must be longer than zero.")
            .ValidateOnStart();
        services.AddScoped<RetentionRun>();
        services.AddScoped<AuditTrail>();
        services.AddSingleton<AuditGroupCommit>();
        services.AddSingleton<JurisdictionTime>();
        services.AddScoped<AuditSealer>();
        services.AddScoped<AuditChain>();
        services.AddScoped<AuditLog>();
        services.AddScoped<CitizenAccessLog>();
        return services;
    }

    private static bool RetentionSchedulesArePositive(RetentionOptions o) =>
        new[] { o.ClosedCases, o.OutboundMessageBodies, o.AbandonedDrafts, o.WebhookDeliveries, o.ProvisionalCitizens, o.ClosedChats, o.DeliveredEvents }.All(s => s is null || s > TimeSpan.Zero);
}
