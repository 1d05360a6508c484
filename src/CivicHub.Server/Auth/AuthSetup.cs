using System.Security.Cryptography.X509Certificates;
using CivicHub.Core.Data;
using Microsoft.AspNetCore.Authorization;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CivicHub.Server.Auth;

/// <summary>The OpenID Connect token server (OpenIddict), token validation for the API, and the API's policies.</summary>
public static class AuthSetup
{
    public static IServiceCollection AddCivicHubAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection("Auth"));

        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<CivicHubDb>())
            .AddServer(server =>
            {
                server.SetTokenEndpointUris("connect/token");
                server.AllowClientCredentialsFlow().AllowPasswordFlow().AllowRefreshTokenFlow();
                server.RegisterScopes(Scopes.OfflineAccess, CivicClaims.ApiScope);
                server.SetAccessTokenLifetime(options.AccessTokenLifetime);

                // Integrators read the token's claims, so access tokens are signed JWTs, not encrypted ones.
                server.DisableAccessTokenEncryption();
                if (!string.IsNullOrEmpty(options.SigningCertificatePath))
                {
                    var certificate = X509CertificateLoader.LoadPkcs12FromFile(options.SigningCertificatePath, options.SigningCertificatePassword);
                    server.AddSigningCertificate(certificate).AddEncryptionCertificate(certificate);
                }
                else if (environment.IsDevelopment())
                {
                    server.AddDevelopmentSigningCertificate().AddDevelopmentEncryptionCertificate();
                }
                else
                {
                    server.AddEphemeralSigningKey().AddEphemeralEncryptionKey();
                }

                var aspNetCore = server.UseAspNetCore().EnableTokenEndpointPassthrough();
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
            });

        services.AddAuthentication(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
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
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser().Build());
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
