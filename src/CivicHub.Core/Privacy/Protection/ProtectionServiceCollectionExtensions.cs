using System.Security.Cryptography.X509Certificates;
using CivicHub.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Core.Privacy.Protection;

/// <summary>Registers the Data Protection key ring in the database and the field encryption built on it.</summary>
public static class ProtectionServiceCollectionExtensions
{
    public static IServiceCollection AddFieldProtection(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("Protection");
        services.AddOptions<ProtectionOptions>().Bind(section).ValidateDataAnnotations()
            .Validate(o => ProtectionOptions.IsLookupKey(o.LookupKey), "Protection:LookupKey must be base64 of at least 32 random bytes.")
            .ValidateOnStart();

        var settings = section.Get<ProtectionOptions>() ?? new ProtectionOptions();
        // Keys in the database: every host behind the load balancer, and every restart, reads the same key ring, so
        // cookies, anti-forgery tokens and encrypted fields written by one host are read by all.
        var dataProtection = services.AddDataProtection()
            .SetApplicationName(settings.ApplicationName)
            .SetDefaultKeyLifetime(settings.KeyLifetime)
            .PersistKeysToDbContext<CivicHubDb>();
        if (!string.IsNullOrWhiteSpace(settings.CertificatePath))
        {
            // Loaded here, at start: a missing file or a wrong password stops the host instead of failing on first use.
            dataProtection.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(settings.CertificatePath, settings.CertificatePassword));
        }

        services.AddSingleton<FieldProtection>();
        services.AddScoped<ReprotectFields>();
        return services;
    }
}
