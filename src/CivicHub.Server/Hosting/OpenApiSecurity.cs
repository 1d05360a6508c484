using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CivicHub.Server.Hosting;

/// <summary>Describes the API's OAuth 2.0 security (client credentials and the staff password grant) in the OpenAPI document.</summary>
public sealed class OpenApiSecurity : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "CivicHub API",
            Version = "v1",
            Description = "The staff and integration API of CivicHub. Every call needs a bearer token from /connect/token. Errors are RFC 9457 problem details; "
                + "validation errors name each field at fault under \"errors\". POSTs that create accept an Idempotency-Key header.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["oauth2"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.OAuth2,
            Description = "Integrations use client credentials; staff tools use the password grant with client_id civichub-desk.",
            Flows = new OpenApiOAuthFlows
            {
                ClientCredentials = new OpenApiOAuthFlow { TokenUrl = new Uri("/connect/token", UriKind.Relative), Scopes = new Dictionary<string, string> { ["api"] = "The CivicHub API" } },
                Password = new OpenApiOAuthFlow { TokenUrl = new Uri("/connect/token", UriKind.Relative), Scopes = new Dictionary<string, string> { ["api"] = "The CivicHub API", ["offline_access"] = "Refresh tokens" } },
            },
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("oauth2", document)] = ["api"] }];
        return Task.CompletedTask;
    }
}
