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
}
