using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using CivicHub.Core.Data;
using CivicHub.Core.Outcomes;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CivicHub.Server.Auth.RelyingParties;

/// <summary>
/// The applications citizens sign in to with CivicHub (OpenID Connect relying parties), kept as OpenIddict
/// applications: administrators register department applications; the first-party ones are seeded at start.
/// </summary>
public sealed class RelyingPartyRegistry(IOpenIddictApplicationManager applications, CivicHubDb db)
{
    /// <summary>The scopes a relying party may be allowed.</summary>
    public static readonly IReadOnlyList<string> AllowedScopes =
        [Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.Phone, Scopes.OfflineAccess, CivicClaims.ApiScope];

    /// <summary>The clients CivicHub itself ships; administrators cannot change or remove them through the registry.</summary>
    public static readonly IReadOnlyList<string> FirstPartyClientIds =
        [CivicClaims.PortalClientId, CivicClaims.MobileClientId, CivicClaims.ChatWidgetClientId];

    private const string RelyingPartyProperty = "civichub_relying_party";
    private const string EnabledProperty = "civichub_enabled";
    private const int MaxClientIdLength = 100;
    private const int MaxUris = 20;

    public async Task<IReadOnlyList<RelyingPartyView>> ListAsync(CancellationToken cancellationToken)
    {
        var views = new List<RelyingPartyView>();
        await foreach (var application in applications.ListAsync(count: null, offset: null, cancellationToken))
        {
            if (await ViewAsync(application, cancellationToken) is { } view)
            {
                views.Add(view);
            }
        }

        return [.. views.OrderBy(v => v.DisplayName, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>
    /// Whether the tokens a client was issued may still be used: not once it is removed, nor while an administrator has
    /// it disabled, which otherwise only stops new sign-ins and refreshes. Clients that are not registered relying
    /// parties (CivicHub's own, integrations) are accepted while they exist.
    /// </summary>
    public async Task<bool> AcceptsTokensOfAsync(string? clientId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(clientId) || await applications.FindByClientIdAsync(clientId, cancellationToken) is not { } application)
        {
            return false;
        }

        var properties = await applications.GetPropertiesAsync(application, cancellationToken);
        return !properties.TryGetValue(EnabledProperty, out var enabled) || enabled.ValueKind != JsonValueKind.False;
    }

    public async Task<Outcome<RelyingPartyView>> GetAsync(string clientId, CancellationToken cancellationToken) =>
        await applications.FindByClientIdAsync(clientId, cancellationToken) is { } application
        && await ViewAsync(application, cancellationToken) is { } view
            ? view
            : OutcomeProblem.NotFound("There is no relying party with this client id.");

    public async Task<Outcome<RelyingPartySaved>> CreateAsync(RelyingPartyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = await ValidateAsync(request, cancellationToken);
        if (!string.IsNullOrWhiteSpace(request.ClientId) && !errors.Any && await applications.FindByClientIdAsync(request.ClientId, cancellationToken) is not null)
        {
            return OutcomeProblem.Conflict("A client with this client id exists already.");
        }

        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var secret = request.ClientType == ClientTypes.Confidential ? NewSecret() : null;
        var descriptor = Describe(request, secret);
        var application = await applications.CreateAsync(descriptor, cancellationToken);
        return new RelyingPartySaved((await ViewAsync(application, cancellationToken))!, secret);
    }

    /// <summary>Replaces the registration; a party that becomes confidential gets a new secret, an existing secret is kept.</summary>
    public async Task<Outcome<RelyingPartySaved>> UpdateAsync(string clientId, RelyingPartyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await FindEditableAsync(clientId, cancellationToken) is not { } application)
        {
            return MissingOrFirstParty(clientId);
        }

        request = request with { ClientId = clientId };
        var errors = await ValidateAsync(request, cancellationToken);
        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var wasConfidential = await applications.HasClientTypeAsync(application, ClientTypes.Confidential, cancellationToken);
        var secret = request.ClientType == ClientTypes.Confidential && !wasConfidential ? NewSecret() : null;
        var descriptor = Describe(request, secret);
        if (request.ClientType == ClientTypes.Confidential && wasConfidential)
        {
            // UpdateAsync(application, descriptor) writes the descriptor's secret; keeping the stored hash means
            // copying it over rather than asking the administrator to hand out a new secret on every edit.
            var stored = new OpenIddictApplicationDescriptor();
            await applications.PopulateAsync(stored, application, cancellationToken);
            descriptor.ClientSecret = stored.ClientSecret;
            await applications.PopulateAsync(application, descriptor, cancellationToken);
            await applications.UpdateAsync(application, cancellationToken);
        }
        else
        {
            await applications.UpdateAsync(application, descriptor, cancellationToken);
        }

        return new RelyingPartySaved((await ViewAsync(application, cancellationToken))!, secret);
    }

    /// <summary>Removes the relying party with its consents and tokens: its refresh tokens stop working at once.</summary>
    public async Task<Outcome<bool>> DeleteAsync(string clientId, CancellationToken cancellationToken)
    {
        if (await FindEditableAsync(clientId, cancellationToken) is not { } application)
        {
            return MissingOrFirstParty(clientId);
        }

        await applications.DeleteAsync(application, cancellationToken);
        return true;
    }

    /// <summary>The OpenIddict registration of a relying party, first-party or not.</summary>
    public static OpenIddictApplicationDescriptor Describe(RelyingPartyRequest request, string? secret)
    {
        ArgumentNullException.ThrowIfNull(request);
        var confidential = request.ClientType == ClientTypes.Confidential;
        var enabled = request.Enabled ?? true;
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = request.ClientId,
            DisplayName = request.DisplayName?.Trim(),
            ClientType = confidential ? ClientTypes.Confidential : ClientTypes.Public,
            ClientSecret = secret,
            ApplicationType = ApplicationTypes.Web,
            ConsentType = request.ConsentType == ConsentTypes.Implicit ? ConsentTypes.Implicit : ConsentTypes.Explicit,
        };
        foreach (var uri in request.RedirectUris ?? [])
        {
            descriptor.RedirectUris.Add(new Uri(uri));
        }

        foreach (var uri in request.PostLogoutRedirectUris ?? [])
        {
            descriptor.PostLogoutRedirectUris.Add(new Uri(uri));
        }

        // A disabled party keeps its registration but loses every endpoint permission, so OpenIddict refuses it.
        if (enabled)
        {
            descriptor.Permissions.UnionWith(
            [
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code,
            ]);
        }

        var scopes = (request.Scopes ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (enabled && scopes.Contains(Scopes.OfflineAccess))
        {
            descriptor.Permissions.Add(Permissions.GrantTypes.RefreshToken);
        }

        descriptor.Permissions.UnionWith(scopes.Where(s => s != Scopes.OpenId).Select(s => Permissions.Prefixes.Scope + s));
        if (!confidential)
        {
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        }

        descriptor.Properties[RelyingPartyProperty] = JsonSerializer.SerializeToElement(true);
        descriptor.Properties[EnabledProperty] = JsonSerializer.SerializeToElement(enabled);
        if (request.DepartmentId is { } department)
        {
            descriptor.Properties[CivicClaims.DepartmentProperty] = JsonSerializer.SerializeToElement(department);
        }

        return descriptor;
    }

    private async Task<RelyingPartyView?> ViewAsync(object application, CancellationToken cancellationToken)
    {
        var properties = await applications.GetPropertiesAsync(application, cancellationToken);
        if (!properties.ContainsKey(RelyingPartyProperty))
        {
            return null;
        }

        var clientId = (await applications.GetClientIdAsync(application, cancellationToken))!;
        var permissions = await applications.GetPermissionsAsync(application, cancellationToken);
        return new RelyingPartyView(
            clientId,
            await applications.GetDisplayNameAsync(application, cancellationToken) ?? clientId,
            await applications.GetClientTypeAsync(application, cancellationToken) ?? ClientTypes.Public,
            await applications.GetConsentTypeAsync(application, cancellationToken) ?? ConsentTypes.Explicit,
            [.. (await applications.GetRedirectUrisAsync(application, cancellationToken)).Order(StringComparer.Ordinal)],
            [.. (await applications.GetPostLogoutRedirectUrisAsync(application, cancellationToken)).Order(StringComparer.Ordinal)],
            [Scopes.OpenId, .. AllowedScopes.Where(s => permissions.Contains(Permissions.Prefixes.Scope + s))],
            properties.TryGetValue(CivicClaims.DepartmentProperty, out var department) && department.ValueKind == JsonValueKind.Number ? department.GetInt32() : null,
            !properties.TryGetValue(EnabledProperty, out var enabled) || enabled.ValueKind != JsonValueKind.False,
            FirstPartyClientIds.Contains(clientId));
    }

    private async Task<object?> FindEditableAsync(string clientId, CancellationToken cancellationToken) =>
        FirstPartyClientIds.Contains(clientId)
        || await applications.FindByClientIdAsync(clientId, cancellationToken) is not { } application
        || !(await applications.GetPropertiesAsync(application, cancellationToken)).ContainsKey(RelyingPartyProperty)
            ? null
            : application;

    private static OutcomeProblem MissingOrFirstParty(string clientId) =>
        FirstPartyClientIds.Contains(clientId)
            ? OutcomeProblem.Conflict("CivicHub's own clients are configured in the settings (Auth:Clients), not here.")
            : OutcomeProblem.NotFound("There is no relying party with this client id.");

    private async Task<ValidationErrors> ValidateAsync(RelyingPartyRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.Text("clientId", request.ClientId, MaxClientIdLength);
        if (!string.IsNullOrWhiteSpace(request.ClientId) && !request.ClientId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            errors.Add("clientId", "Use letters, digits, \"-\", \"_\" and \".\" only.");
        }

        errors.Text("displayName", request.DisplayName, 200);
        if (request.ClientType is not (ClientTypes.Public or ClientTypes.Confidential))
        {
            errors.Add("clientType", "Must be \"public\" or \"confidential\".");
        }

        if (request.ConsentType is not (null or ConsentTypes.Explicit or ConsentTypes.Implicit))
        {
            errors.Add("consentType", "Must be \"explicit\" or \"implicit\".");
        }

        CheckUris(errors, "redirectUris", request.RedirectUris, required: true);
        CheckUris(errors, "postLogoutRedirectUris", request.PostLogoutRedirectUris, required: false);
        if (request.Scopes is null || !request.Scopes.Contains(Scopes.OpenId))
        {
            errors.Add("scopes", "Must include \"openid\".");
        }

        for (var i = 0; i < (request.Scopes?.Count ?? 0); i++)
        {
            if (!AllowedScopes.Contains(request.Scopes![i]))
            {
                errors.Add($"scopes[{i}]", $"Must be one of {string.Join(", ", AllowedScopes)}.");
            }
        }

        if (request.DepartmentId is { } department && !await db.Departments.AnyAsync(d => d.Id == department, cancellationToken))
        {
            errors.Add("departmentId", "There is no department with this id.");
        }

        return errors;
    }

    /// <summary>Redirect targets must be absolute https, or http on this machine (RFC 8252 loopback for native apps).</summary>
    private static void CheckUris(ValidationErrors errors, string field, IReadOnlyList<string>? uris, bool required)
    {
        if (uris is null || uris.Count == 0)
        {
            if (required)
            {
                errors.Add(field, "At least one address is required.");
            }

            return;
        }

        if (uris.Count > MaxUris)
        {
            errors.Add(field, $"At most {MaxUris} addresses.");
        }

        for (var i = 0; i < uris.Count; i++)
        {
            if (!IsAllowedRedirect(uris[i]))
            {
                errors.Add($"{field}[{i}]", "Must be an absolute https address without a fragment (http only for localhost or a loopback address).");
            }
        }
    }

    public static bool IsAllowedRedirect(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && string.IsNullOrEmpty(uri.Fragment)
        && string.IsNullOrEmpty(uri.UserInfo)
        && (uri.Scheme == Uri.UriSchemeHttps
            || (uri.Scheme == Uri.UriSchemeHttp && (uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)))));

    private static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}
