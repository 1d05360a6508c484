using System.Text.Json;
using System.Text.Json.Serialization;
using CivicHub.Channels.Chat;
using CivicHub.Channels.Email;
using CivicHub.Channels.Sms;
using CivicHub.Channels.Social;
using CivicHub.Core;
using CivicHub.Core.Data;
using CivicHub.Core.Demo;
using CivicHub.Server.Api.Attachments;
using CivicHub.Server.Api.Audit;
using CivicHub.Server.Api.Cases;
using CivicHub.Server.Api.Catalog;
using CivicHub.Server.Api.Chat;
using CivicHub.Server.Api.Citizens;
using CivicHub.Server.Api.Drafts;
using CivicHub.Server.Api.Events;
using CivicHub.Server.Api.Idempotency;
using CivicHub.Server.Api.Imports;
using CivicHub.Server.Api.Interactions;
using CivicHub.Server.Api.Outreach;
using CivicHub.Server.Api.Privacy;
using CivicHub.Server.Api.Problems;
using CivicHub.Server.Api.Webhooks;
using CivicHub.Server.Auth;
using CivicHub.Server.Auth.RelyingParties;
using CivicHub.Server.Components;
using CivicHub.Server.Components.Portal.Federation;
using CivicHub.Server.Hosting;
using CivicHub.Server.Open311;
using CivicHub.Server.Workers;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestLimits.MaxRequestBodyBytes);
// Request lines carry query strings (a SignalR access_token, a verification link): never log them, whatever the settings.
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.AspNetCore.HttpLogging", LogLevel.None);
// First, so the database is migrated before any other hosted service starts: Data Protection's own preloads its key
// ring from the database's DataProtectionKeys table, which a fresh database has only after migration.
builder.Services.AddHostedService<DatabaseStartup>();
builder.Services.AddCivicHubCore(builder.Configuration);
builder.Services.AddOptions<DemoOptions>().Bind(builder.Configuration.GetSection("Demo")).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddScoped<DemoSeeder>();
builder.Services.AddOptions<Open311Options>().Bind(builder.Configuration.GetSection("Open311")).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddScoped<ClientRegistrations>();
builder.Services.AddHostedService<WebhookWorker>();
builder.Services.AddHostedService<OutreachWorker>();
builder.Services.AddHostedService<RetentionWorker>();
builder.Services.AddHostedService<AuditSealerWorker>();
// In Development a channel without a provider "sends" by logging; a registered sender always wins.
builder.Services.PostConfigure<CivicHub.Core.Outreach.OutreachOptions>(o => o.DevelopmentSenders = builder.Environment.IsDevelopment());
builder.Services.AddCitizenImports();
builder.Services.AddEmailChannel(builder.Configuration);
builder.Services.AddCivicHubAuth(builder.Configuration, builder.Environment);
builder.Services.AddChatChannel(builder.Configuration);
builder.Services.AddSmsChannel(builder.Configuration);
builder.Services.AddMessengerChannel(builder.Configuration);
builder.Services.AddCivicHubWeb();
builder.Services.AddTransportSecurity(builder.Configuration, builder.Environment);
builder.Services.AddCivicHubRateLimits();
builder.Services.AddProductionSecretChecks(builder.Configuration, builder.Environment);
builder.Services.AddPortalFederation(builder.Configuration);

builder.Services.ConfigureHttpJsonOptions(json =>
{
    json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
    json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
    json.SerializerOptions.Converters.Add(new TextWithoutNul());
});
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
    context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
    {
        StatusCodes.Status401Unauthorized => "Send a bearer access token from /connect/token.",
        StatusCodes.Status403Forbidden => "Your role may not use this endpoint.",
        StatusCodes.Status404NotFound => "There is nothing at this address.",
        StatusCodes.Status405MethodNotAllowed => "This address does not take that method.",
        _ => null,
    });
builder.Services.AddExceptionHandler<Open311ExceptionHandler>();
builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
builder.Services.AddOpenApi(openApi => openApi.AddDocumentTransformer<OpenApiSecurity>());
builder.Services.AddHealthChecks().AddDbContextCheck<CivicHubDb>("database");

var app = builder.Build();

if (args is ["demo", "reset", ..])
{
    await DatabaseStartup.ResetAsync(app.Services, CancellationToken.None);
    Console.WriteLine("The demo database was reset.");
    return;
}

if (args is ["fields", "reprotect", ..])
{
    Environment.ExitCode = await ReprotectCommand.RunAsync(app.Services, Console.Out, CancellationToken.None);
    return;
}

if (args is ["import", "citizens", ..])
{
    Environment.ExitCode = await ImportCommand.RunAsync(app.Services, args[2..]);
    return;
}

app.UseTransportSecurity();
app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestLimits();
app.UseWebLanguages();
// Before authentication, so a refused guess costs no password hash and no token check.
app.UseCivicHubRateLimits();
app.UseHubAccessTokens();
app.UseAuthentication();
app.UseAuthorization();
app.UseRecordAccess();
app.UseAuditScope();
app.UseAntiforgery();
app.UseIdempotencyBuffering();

app.MapStaticAssets().AllowAnonymous();
app.MapOpenApi().AllowAnonymous();
app.MapScalarApiReference("/docs", scalar => scalar.WithTitle("CivicHub API")).AllowAnonymous();
app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync }).AllowAnonymous();
app.MapTokenEndpoint();
app.MapAuthorizeEndpoint();
app.MapSessionEndpoints();
app.MapOpen311Endpoints();
app.MapChatChannel(CivicClaims.StaffPolicy);
app.MapSmsChannel();
app.MapMessengerChannel();

var api = app.MapGroup("/api/v1");
api.MapCitizenEndpoints();
api.MapCaseEndpoints();
api.MapInteractionEndpoints();
api.MapDraftEndpoints();
api.MapCatalogEndpoints();
api.MapWebhookEndpoints();
api.MapEventEndpoints();
api.MapOpen311KeyEndpoints();
api.MapImportEndpoints();
api.MapMatchReviewEndpoints();
api.MapChatSessionEndpoints();
api.MapAttachmentEndpoints();
api.MapOutreachEndpoints();
api.MapPrivacyEndpoints();
api.MapAgreementEndpoints();
api.MapRelyingPartyEndpoints();
api.MapAuditEndpoints();

app.MapCivicHubWeb();
app.MapPortalFederation();

await app.RunAsync();

/// <summary>The host's entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
