using CivicHub.Core.Staff.Passkeys;

namespace CivicHub.Core.Tests.Staff.Passkeys;

public sealed class StaffPasskeyOptionsTests
{
    [Fact]
    public void Outside_development_the_relying_party_must_be_named()
    {
        Assert.Contains("RelyingPartyId is required", new StaffPasskeyOptions().FirstProblem(development: false), StringComparison.Ordinal);
        Assert.Null(new StaffPasskeyOptions().FirstProblem(development: true));
    }

    [Theory]
    [InlineData("desk.example.gov", "https://desk.example.gov", true)]
    [InlineData("example.gov", "https://desk.example.gov:8443", true)]
    [InlineData("localhost", "http://localhost:5000", true)]
    [InlineData("example.gov", "http://desk.example.gov", false)]
    [InlineData("example.gov", "https://desk.example.org", false)]
    [InlineData("example.gov", "https://notexample.gov", false)]
    [InlineData("example.gov", "https://desk.example.gov/desk", false)]
    [InlineData("127.0.0.1", "http://127.0.0.1", false)]
    [InlineData("https://example.gov", "https://example.gov", false)]
    [InlineData("Example.gov", "https://example.gov", false)]
    public void Origins_must_be_on_the_relying_party_and_https_except_on_this_machine(string relyingPartyId, string origin, bool accepted)
    {
        var options = new StaffPasskeyOptions { RelyingPartyId = relyingPartyId, Origins = [origin] };

        Assert.Equal(accepted, options.FirstProblem(development: false) is null);
    }

    [Fact]
    public void Without_settings_the_relying_party_is_the_requests_own_host()
    {
        var party = new StaffPasskeyOptions().RelyingPartyFor("http", "localhost:5123");

        Assert.Equal("localhost", party.Id);
        Assert.Equal(["http://localhost:5123"], party.Origins);
    }

    [Fact]
    public void With_settings_the_request_host_is_not_trusted()
    {
        var party = new StaffPasskeyOptions { RelyingPartyId = "example.gov", Origins = ["https://desk.example.gov"] }.RelyingPartyFor("https", "evil.example");

        Assert.Equal("example.gov", party.Id);
        Assert.Equal(["https://desk.example.gov"], party.Origins);
    }
}
