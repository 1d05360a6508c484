using System.Text.RegularExpressions;
using CivicHub.Server.Tests.Hosting;
using Duende.IdentityModel.OidcClient.Browser;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CivicHub.Server.Tests.Auth;

/// <summary>
/// A citizen's browser for the OpenID Connect tests: one cookie jar over the CivicHub host, redirects followed by hand
/// until the relying party's redirect URI, the portal's sign-in form filled with the citizen's password and the consent
/// page answered, each counted so a test can say what the citizen was shown.
/// </summary>
public sealed partial class CitizenBrowser(CivicHubHost host, string email, string password) : IBrowser, IDisposable
{
    private const int MaxSteps = 20;

    public HttpClient Client { get; } = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public int SignInFormsShown { get; private set; }

    public int ConsentPagesShown { get; private set; }

    /// <summary>What the citizen answers on the consent page: "allow" or "deny".</summary>
    public string ConsentDecision { get; set; } = "allow";

    public async Task<BrowserResult> InvokeAsync(BrowserOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (url, status) = await FollowAsync(new Uri(options.StartUrl), options.EndUrl, cancellationToken);
        return url is null
            ? new BrowserResult { ResultType = BrowserResultType.UnknownError, Error = status }
            : new BrowserResult { ResultType = BrowserResultType.Success, Response = url };
    }

    /// <summary>Goes to an address and on until a redirect to <paramref name="endUrl"/>; null and why when it ends elsewhere.</summary>
    public async Task<(string? Url, string Why)> FollowAsync(Uri start, string endUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        var response = await Client.GetAsync(start, cancellationToken);
        var current = start;
        for (var step = 0; step < MaxSteps; step++)
        {
            if (response.Headers.Location is { } location)
            {
                var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                if (next.OriginalString.StartsWith(endUrl, StringComparison.Ordinal))
                {
                    return (next.OriginalString, "redirected");
                }

                current = next;
                response = await Client.GetAsync(next, cancellationToken);
                continue;
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                return (null, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            var html = await response.Content.ReadAsStringAsync(cancellationToken);
            var form = new Dictionary<string, string> { ["__RequestVerificationToken"] = Antiforgery().Match(html).Groups[1].Value };
            switch (current.AbsolutePath)
            {
                case "/account/sign-in":
                    SignInFormsShown++;
                    form["_handler"] = "sign-in";
                    form["Input.Email"] = email;
                    form["Input.Password"] = password;
                    form["Input.ReturnUrl"] = WebUtility.HtmlDecode(ReturnUrlInput().Match(html).Groups[1].Value);
                    break;
                case "/account/consent":
                    ConsentPagesShown++;
                    form["_handler"] = "consent";
                    form["Input.Decision"] = ConsentDecision;
                    break;
                default:
                    return (null, $"stopped on {current}");
            }

            using var content = new FormUrlEncodedContent(form);
            response = await Client.PostAsync(current, content, cancellationToken);
        }

        return (null, "too many redirects");
    }

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    [GeneratedRegex("name=\"Input.ReturnUrl\"[^>]*value=\"([^\"]*)\"")]
    private static partial Regex ReturnUrlInput();
}
