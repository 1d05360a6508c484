using CivicHub.Core.Privacy.Protection;
using CivicHub.Server.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;

namespace CivicHub.Server.Tests.Security;

/// <summary>Outside Development the host does not start with an example secret or without a signing certificate.</summary>
public sealed class ProductionSecretsTests
{
    [Fact]
    public async Task Production_refuses_to_start_with_a_well_known_secret_and_names_the_setting_not_the_value()
    {
        await using var host = new ProductionHost(("Demo:Enabled", "true"), ("Channels:Sms:AuthToken", "changeme"), ("Channels:Messenger:AppSecret", "Secret"));
        var failure = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        var message = failure.ToString();
        Assert.Contains("Channels:Sms:AuthToken is a well-known example value", message, StringComparison.Ordinal);
        Assert.Contains("Channels:Messenger:AppSecret", message, StringComparison.Ordinal);
        Assert.DoesNotContain("changeme", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_without_the_demo_refuses_to_start_without_a_signing_certificate()
    {
        await using var host = new ProductionHost(("Demo:Enabled", "false"));
        var failure = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        Assert.Contains("Auth:SigningCertificatePath is required", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_refuses_to_start_without_a_look_up_key_of_its_own_even_for_the_demo()
    {
        await using var missing = new ProductionHost(("Demo:Enabled", "true"), ("Demo:StaffPassword", "a passphrase of our own"), ("Protection:LookupKey", null));
        var failure = Assert.ThrowsAny<Exception>(() => missing.CreateClient());
        Assert.Contains("Protection:LookupKey is required outside Development", failure.ToString(), StringComparison.Ordinal);

        await using var development = new ProductionHost(("Demo:Enabled", "true"), ("Demo:StaffPassword", "a passphrase of our own"), ("Protection:LookupKey", FieldProtection.DevelopmentLookupKey));
        failure = Assert.ThrowsAny<Exception>(() => development.CreateClient());
        Assert.Contains("Protection:LookupKey is the development key", failure.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(FieldProtection.DevelopmentLookupKey, failure.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The shared test settings, in the Production environment, with some settings replaced.</summary>
    private sealed class ProductionHost(params (string Key, string? Value)[] settings) : SqliteHost
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
