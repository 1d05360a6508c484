using System.ComponentModel.DataAnnotations;

namespace CivicHub.Server.Hosting;

/// <summary>
/// The limits on what anyone on the internet can ask of the host without an account, or ask to guess one. A caller
/// is the client address (after trusted proxies, see Transport), and for some kinds also the account or key named.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Desk and portal sign-in form posts and password grants, per client address.</summary>
    public RateLimitRule SignInPerAddress { get; set; } = new() { Permits = 30, Window = TimeSpan.FromMinutes(5) };

    /// <summary>Sign-in attempts naming one account (user name or email), from anywhere: slows password guessing spread over many addresses.</summary>
    public RateLimitRule SignInPerAccount { get; set; } = new() { Permits = 10, Window = TimeSpan.FromMinutes(15) };

    /// <summary>Every request to the token endpoint (all grants), per client address.</summary>
    public RateLimitRule TokenPerAddress { get; set; } = new() { Permits = 60, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Open311 service request submissions, per client address.</summary>
    public RateLimitRule Open311PostPerAddress { get; set; } = new() { Permits = 30, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Open311 service request submissions, per api_key.</summary>
    public RateLimitRule Open311PostPerKey { get; set; } = new() { Permits = 120, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Inbound SMS and Messenger webhook calls, per provider address and webhook.</summary>
    public RateLimitRule WebhooksPerSource { get; set; } = new() { Permits = 600, Window = TimeSpan.FromMinutes(1) };

    /// <summary>New chat connections (each starts a session) from the widget, per client address.</summary>
    public RateLimitRule ChatConnectionsPerAddress { get; set; } = new() { Permits = 20, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Every rule, by its setting name, for validation at start.</summary>
    public IEnumerable<(string Name, RateLimitRule Rule)> Rules() =>
    [
        (nameof(SignInPerAddress), SignInPerAddress),
        (nameof(SignInPerAccount), SignInPerAccount),
        (nameof(TokenPerAddress), TokenPerAddress),
        (nameof(Open311PostPerAddress), Open311PostPerAddress),
        (nameof(Open311PostPerKey), Open311PostPerKey),
        (nameof(WebhooksPerSource), WebhooksPerSource),
        (nameof(ChatConnectionsPerAddress), ChatConnectionsPerAddress),
    ];

    /// <summary>The first rule that is out of range, or null.</summary>
    public string? FirstInvalidRule() =>
        Rules().FirstOrDefault(r => !Validator.TryValidateObject(r.Rule, new ValidationContext(r.Rule), null, validateAllProperties: true)).Name;
}
