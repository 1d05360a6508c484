using CivicHub.Core.Data;
using Npgsql;

namespace CivicHub.Core.Tests.Data;

public sealed class HostConnectionDefaultsTests
{
    private const string Server = "Host=db.example;Username=civichub;Password=secret;Database=civichub";

    [Fact]
    public void A_host_opens_twice_its_processors_and_one_connections_at_most()
    {
        var builder = new NpgsqlConnectionStringBuilder(DbContextOptionsExtensions.WithHostDefaults(Server));

        Assert.Equal((2 * Environment.ProcessorCount) + 1, builder.MaxPoolSize);
        Assert.Equal(DbContextOptionsExtensions.DefaultMaxPoolSize, builder.MaxPoolSize);
        Assert.Equal(64, builder.MaxAutoPrepare);
        Assert.True(builder.NoResetOnClose);
    }

    [Theory]
    [InlineData("Maximum Pool Size=40")]
    [InlineData("maximum pool size=40")]
    [InlineData("MaxPoolSize=40")]
    public void An_operators_pool_size_wins(string setting)
    {
        var builder = new NpgsqlConnectionStringBuilder(DbContextOptionsExtensions.WithHostDefaults($"{Server};{setting}"));

        Assert.Equal(40, builder.MaxPoolSize);
    }

    [Fact]
    public void A_minimum_pool_above_the_default_maximum_raises_the_maximum_with_it()
    {
        var builder = new NpgsqlConnectionStringBuilder(DbContextOptionsExtensions.WithHostDefaults($"{Server};Minimum Pool Size=50"));

        Assert.Equal(50, builder.MinPoolSize);
        Assert.Equal(50, builder.MaxPoolSize);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:5433")]
    [InlineData("::1")]
    [InlineData("[::1]:5433")]
    [InlineData("/var/run/postgresql")]
    [InlineData("localhost,127.0.0.2")]
    public void A_database_on_the_same_machine_is_reached_without_tls_unless_the_server_insists(string host)
    {
        var builder = new NpgsqlConnectionStringBuilder(DbContextOptionsExtensions.WithHostDefaults($"Host={host};Username=civichub;Password=secret"));

        Assert.Equal(SslMode.Allow, builder.SslMode);
    }

    [Theory]
    [InlineData("db.example")]
    [InlineData("10.0.0.5")]
    [InlineData("localhost,db.example")]
    [InlineData("[2001:db8::1]:5432")]
    public void A_database_on_another_machine_keeps_npgsqls_tls_default(string host)
    {
        var builder = new NpgsqlConnectionStringBuilder(DbContextOptionsExtensions.WithHostDefaults($"Host={host};Username=civichub;Password=secret"));

        Assert.Equal(SslMode.Prefer, builder.SslMode);
    }

    [Theory]
    [InlineData("SSL Mode=Require", SslMode.Require)]
    [InlineData("sslmode=VerifyFull", SslMode.VerifyFull)]
    [InlineData("SslMode=Prefer", SslMode.Prefer)]
    public void An_operators_tls_setting_wins_on_the_same_machine(string setting, SslMode expected)
    {
        var builder = new NpgsqlConnectionStringBuilder(DbContextOptionsExtensions.WithHostDefaults($"Host=127.0.0.1;Username=civichub;Password=secret;{setting}"));

        Assert.Equal(expected, builder.SslMode);
    }

    [Fact]
    public void An_operators_statement_settings_win()
    {
        var unprepared = new NpgsqlConnectionStringBuilder(DbContextOptionsExtensions.WithHostDefaults($"{Server};Max Auto Prepare=0"));
        var reset = new NpgsqlConnectionStringBuilder(DbContextOptionsExtensions.WithHostDefaults($"{Server};No Reset On Close=false"));

        Assert.Equal(0, unprepared.MaxAutoPrepare);
        Assert.False(reset.NoResetOnClose);
    }
}
