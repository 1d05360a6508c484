using CivicHub.Core.Privacy.Protection;
using CivicHub.Server.Auth;
using Microsoft.Extensions.Options;

namespace CivicHub.Server.Hosting;

/// <summary>
/// Outside Development the host refuses to start with a secret that is a well-known example value, without a
/// token-signing certificate unless it runs the demo (tokens signed by a key made up at start die with the process
/// and differ between the hosts behind a load balancer), and without its own Protection:LookupKey (the fixed
/// development key is in the repository, so hashes made with it protect nothing). Secrets come only from
/// configuration (environment or a secret store), never from the repository.
/// </summary>
public static class ProductionSecrets
{
    /// <summary>The settings that hold secrets. Mailbox passwords (Channels:Email:Mailboxes:N:Password) are found by pattern.</summary>
    public static IReadOnlyList<string> SecretSettings { get; } =
    [
        "Auth:SigningCertificatePassword",
        "Demo:StaffPassword",
        "Demo:ClientSecret",
        "Demo:Open311ApiKey",
        "Channels:Sms:AuthToken",
        "Channels:Messenger:AppSecret",
        "Channels:Messenger:VerifyToken",
        "Channels:Messenger:PageAccessToken",
        "Channels:Email:Smtp:Password",
    ];

    /// <summary>Values from examples, tutorials and default installs that anyone would try first.</summary>
    public static IReadOnlySet<string> KnownExampleValues { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "secret", "password", "passw0rd", "changeme", "change-me", "change_me", "changeit", "demo", "test", "testing", "admin",
        "postgres", "letmein", "123456", "12345678", "qwerty", "default", "example", "token", "verify-token", "your-secret",
        "your_auth_token", "your-auth-token", "correct horse battery staple",
    };

    public static IServiceCollection AddProductionSecretChecks(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        if (environment.IsDevelopment())
        {
            return services;
        }

        services.AddSingleton<IValidateOptions<AuthOptions>>(new Check(configuration));
        services.AddOptions<AuthOptions>().ValidateOnStart();
        return services;
    }

    /// <summary>The problems with the configured secrets, each naming its setting (never its value).</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        var problems = new List<string>();
        var settings = SecretSettings.Concat(configuration.GetSection("Channels:Email:Mailboxes").GetChildren().Select(m => $"{m.Path}:Password"));
        foreach (var setting in settings)
        {
            if (configuration[setting] is { } value && KnownExampleValues.Contains(value.Trim()))
            {
                problems.Add($"{setting} is a well-known example value; set a secret of your own.");
            }
        }

        if (!configuration.GetValue<bool>("Demo:Enabled") && string.IsNullOrWhiteSpace(configuration["Auth:SigningCertificatePath"]))
        {
            problems.Add("Auth:SigningCertificatePath is required outside Development: every host must sign tokens with the same certificate.");
        }

        // Demo or not: the look-up hashes of national ids and dates of birth are only as secret as this key, and it
        // can never change once data is hashed with it, so a host must start with its own from the first day.
        var lookupKey = configuration["Protection:LookupKey"];
        if (string.IsNullOrWhiteSpace(lookupKey))
        {
            problems.Add("Protection:LookupKey is required outside Development: base64 of at least 32 random bytes, kept for the life of the data.");
        }
        else if (lookupKey.Trim() == FieldProtection.DevelopmentLookupKey)
        {
            problems.Add("Protection:LookupKey is the development key from the repository; set a key of your own.");
        }

        return problems;
    }

    private sealed class Check(IConfiguration configuration) : IValidateOptions<AuthOptions>
    {
        public ValidateOptionsResult Validate(string? name, AuthOptions options) =>
            Problems(configuration) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
