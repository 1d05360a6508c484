using CivicHub.Server.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Security;

/// <summary>
/// The shared test settings in the Production environment, with the secrets Production requires given: the demo's
/// staff password replaced (the tests' one is a well-known phrase), the look-up key set (CivicHubHost sets one), and
/// the HTTPS port that a host behind no TLS listener of its own must be told for its redirects.
/// </summary>
public static class ProductionSettings
{
    /// <summary>The public name the tests call the host by: HSTS is never sent to localhost.</summary>
    public const string PublicHost = "civichub.example.gov";

    /// <summary>A request with this header fails inside its endpoint (test only), to see what a client is told of an exception.</summary>
    public const string ThrowHeader = "X-Test-Fault";

    public const string ExceptionMessage = "Connection string Host=db.internal;Password=hunter2 failed";

    public static void Apply(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Demo:StaffPassword", "a production-only staff passphrase for the pipeline tests");
        builder.UseSetting("Demo:Citizens", "5");
        builder.UseSetting("https_port", "443");
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, ThrowingBody>());
    }

    /// <summary>
    /// For a request marked with <see cref="ThrowHeader"/>, gives the endpoint a body that throws when read: the
    /// exception then rises from inside the endpoint through the host's own exception handling, as a fault would.
    /// </summary>
    private sealed class ThrowingBody : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, Func<Task> rest) =>
            {
                if (context.Request.Headers.ContainsKey(ThrowHeader))
                {
                    context.Request.Body = new FaultyStream();
                }

                return rest();
            });
            next(app);
        };
    }

    private sealed class FaultyStream : MemoryStream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException(ExceptionMessage);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw new InvalidOperationException(ExceptionMessage);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => throw new InvalidOperationException(ExceptionMessage);
    }
}

/// <summary>CivicHub in Production on SQLite.</summary>
public sealed class ProductionSqliteHost : SqliteHost
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        ProductionSettings.Apply(builder);
    }
}

/// <summary>The same on PostgreSQL.</summary>
public sealed class ProductionPostgresHost : PostgresHost
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        ProductionSettings.Apply(builder);
    }
}

[CollectionDefinition(Name)]
public sealed class ProductionSqliteCollection : ICollectionFixture<ProductionSqliteHost>
{
    public const string Name = "Production on SQLite";
}

[CollectionDefinition(Name)]
public sealed class ProductionPostgresCollection : ICollectionFixture<ProductionPostgresHost>
{
    public const string Name = "Production on PostgreSQL";
}
