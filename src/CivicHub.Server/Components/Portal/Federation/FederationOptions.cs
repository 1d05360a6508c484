using System.ComponentModel.DataAnnotations;

namespace CivicHub.Server.Components.Portal.Federation;

/// <summary>
/// The state login citizens may sign in with (section "Portal:Federation"): an OpenID Connect provider. Off while
/// Authority is empty; once it is set, the rest must be too, or the host refuses to start.
/// </summary>
public sealed class FederationOptions : IValidatableObject
{
    public const string Section = "Portal:Federation";

    /// <summary>The provider's issuer address; its discovery document is read from /.well-known/openid-configuration under it.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The provider's name as citizens know it, shown on the button ("Sign in with ...").</summary>
    public string? DisplayName { get; set; }

    /// <summary>The scopes asked for, separated by spaces; "openid" must be one.</summary>
    public string Scopes { get; set; } = "openid profile email";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme != Uri.UriSchemeHttps)
        {
            yield return new ValidationResult("Portal:Federation:Authority must be an absolute https address.", [nameof(Authority)]);
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            yield return new ValidationResult("Portal:Federation:ClientId is required when Authority is set.", [nameof(ClientId)]);
        }

        if (string.IsNullOrWhiteSpace(ClientSecret))
        {
            yield return new ValidationResult("Portal:Federation:ClientSecret is required when Authority is set.", [nameof(ClientSecret)]);
        }

        if (string.IsNullOrWhiteSpace(DisplayName) || DisplayName.Length > 60)
        {
            yield return new ValidationResult("Portal:Federation:DisplayName is required (at most 60 characters) when Authority is set.", [nameof(DisplayName)]);
        }

        if (!ScopeList.Contains("openid", StringComparer.Ordinal))
        {
            yield return new ValidationResult("Portal:Federation:Scopes must include openid.", [nameof(Scopes)]);
        }
    }

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
