using System.Security.Cryptography.X509Certificates;
using CivicHub.Core.Access;
using CivicHub.Core.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CivicHub.Server.Auth;

/// <summary>The OpenID Connect token server (OpenIddict), token validation for the API, and the API's policies.</summary>
public static class AuthSetup
{
    public static IServiceCollection AddCivicHubAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection("Auth"))
            // The demo's integration client stands for the 311 apps, which serve citizens for every department
            // through the contact centre's agreement; an operator's own setting wins.
            .PostConfigure(o => o.IntegrationDepartments.TryAdd(CivicClaims.DemoIntegratorClientId, "CONTACT"))
            .Validate(o => o.IntegrationDepartments.All(d => d.Value is { Length: > 0 and <= 32 }), "Auth:IntegrationDepartments values must be department codes.")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var certificates = options.CertificatesInOrder()
            .Select(c => X509CertificateLoader.LoadPkcs12FromFile(c.Path, c.Password))
            .ToList();

        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<CivicHubDb>())
            .AddServer(server =>
            {
                // Discovery (/.well-known/openid-configuration) and the key set (/.well-known/jwks) keep OpenIddict's
                // standard addresses.
                server.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetUserInfoEndpointUris("connect/userinfo")
                    .SetEndSessionEndpointUris("connect/endsession");
                server.AllowAuthorizationCodeFlow().AllowClientCredentialsFlow().AllowPasswordFlow().AllowRefreshTokenFlow();

                // Every code request carries a PKCE challenge (S256 only: see the post-configuration below).
                server.RequireProofKeyForCodeExchange();
                server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.Phone, Scopes.OfflineAccess, CivicClaims.ApiScope);
                server.SetAccessTokenLifetime(options.AccessTokenLifetime);
                server.SetRefreshTokenLifetime(options.RefreshTokenLifetime);

                // Refresh tokens roll (OpenIddict's default): each use redeems the token and issues a new one. A
                // redeemed token presented again is a stolen copy or a replay; with no grace period OpenIddict refuses it
                // at once and revokes the whole authorization, so the thief's and the citizen's tokens both stop.
                server.SetRefreshTokenReuseLeeway(TimeSpan.Zero);

                // Integrators read the token's claims, so access tokens are signed JWTs, not encrypted ones.
                server.DisableAccessTokenEncryption();
                if (certificates.Count > 0)
                {
                    // All are published and still validate tokens they signed; the first signs (SigningCertificateOrder).
                    foreach (var certificate in certificates)
                    {
                        server.AddSigningCertificate(certificate).AddEncryptionCertificate(certificate);
                    }
                }
                else if (environment.IsDevelopment())
                {
                    server.AddDevelopmentSigningCertificate().AddDevelopmentEncryptionCertificate();
                }
                else
                {
                    server.AddEphemeralSigningKey().AddEphemeralEncryptionKey();
                }

                var aspNetCore = server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
                if (options.AllowHttp)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                // Tokens come in the Authorization header only (docs/api.md). Looking in form bodies too would make
                // authentication read every form POST, and fail with a 500 on a form it cannot decode.
                // Nor in the query string: an address ends up in logs and histories. Only the SignalR hubs take one there,
                // because browsers cannot set headers on a WebSocket; UseHubAccessTokens hands it over for those paths.
                validation.UseAspNetCore().DisableAccessTokenExtractionFromBodyForm().DisableAccessTokenExtractionFromQueryString();
                // A token answered for from memory skips these handlers: RememberingValidationHandler runs the same checks
                // itself, so a check on a token's holder added here belongs there too.
                validation.AddEventHandler(StaffTokenStanding.Descriptor).AddEventHandler(CitizenTokenStanding.Descriptor);
            });
        services.AddSingleton<ValidatedAccessTokens>();
        // After OpenIddict's own configuration, which registers its handler for the scheme and refuses any other then.
        services.PostConfigure<AuthenticationOptions>(auth =>
            auth.SchemeMap[OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme].HandlerType = typeof(RememberingValidationHandler));
        services.AddOptions<StandingOptions>().Configure<IOptions<AuthOptions>>((standing, auth) =>
        {
            standing.StaffRecheckInterval = auth.Value.StaffRecheckInterval;
            standing.CitizenRecheckInterval = auth.Value.CitizenRecheckInterval;
        });
        // OpenIddict offers "plain" PKCE too; a plain challenge is the verifier itself, which protects nothing
        // against an intercepted request, so only S256 is accepted (registered after OpenIddict's own post-configuration).
        services.PostConfigure<OpenIddictServerOptions>(server => server.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));
        if (certificates.Count > 0)
        {
            services.AddSingleton<IPostConfigureOptions<OpenIddictServerOptions>>(new SigningCertificateOrder(certificates[0].Thumbprint));
        }

        services.AddScoped<CitizenTokens>();
        services.AddScoped<ApplicationConsents>();
        services.AddScoped<RelyingParties.RelyingPartyRegistry>();

        services.AddAuthentication(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        services.AddSingleton<IAuthenticationSchemeProvider, ServerEndpointRequests>();
        services.AddAuthorizationBuilder()
            .AddPolicy(CivicClaims.StaffPolicy, policy => policy
                .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
                .RequireClaim(CivicClaims.Kind, CivicClaims.Staff))
            .AddPolicy(CivicClaims.StaffOrIntegrationPolicy, policy => policy
                .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
                .RequireClaim(CivicClaims.Kind, CivicClaims.Staff, CivicClaims.Integration))
            .AddPolicy(CivicClaims.IntegrationOrAdministratorPolicy, policy => policy
                .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
                .RequireAssertion(context =>
                    context.User.HasClaim(CivicClaims.Kind, CivicClaims.Integration)
                    || (context.User.HasClaim(CivicClaims.Kind, CivicClaims.Staff) && context.User.HasClaim(Claims.Role, "administrator"))))
            .AddPolicy(CivicClaims.AdministratorPolicy, policy => policy
                .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
                .RequireClaim(CivicClaims.Kind, CivicClaims.Staff)
                .RequireClaim(Claims.Role, "administrator"))
            .AddPolicy(CivicClaims.SupervisorPolicy, policy => policy
                .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
                .RequireClaim(CivicClaims.Kind, CivicClaims.Staff)
                .RequireClaim(Claims.Role, "supervisor", "administrator"))
            // An endpoint that names no policy is for staff and integrations: a citizen's token (from the code flow)
            // never reaches one by omission.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(CivicClaims.Kind, CivicClaims.Staff, CivicClaims.Integration).Build());
        return services;
    }

    /// <summary>
    /// On the SignalR hub paths only, reads the access token a browser's WebSocket or server-sent events connection
    /// sends as access_token in the query string, as SignalR's clients do, into the Authorization header.
    /// </summary>
    public static IApplicationBuilder UseHubAccessTokens(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase)
                && context.Request.Headers.Authorization.Count == 0
                && context.Request.Query["access_token"].ToString() is { Length: > 0 } token)
            {
                context.Request.Headers.Authorization = $"Bearer {token}";
            }

            return next(context);
        });
}
