using System.Text.RegularExpressions;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CivicHub.Server.Tests.Portal;

/// <summary>
/// A browser at the HTTP level for the portal's plain forms: one cookie jar, a page read for its anti-forgery token,
/// the form posted as the browser would, from an address of its own (so the per-address limits of other tests do
/// not count against it).
/// </summary>
public sealed partial class PortalForms : IDisposable
{
    public PortalForms(CivicHubHost host, string? address = null)
    {
        Client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Client.DefaultRequestHeaders.Add("X-Forwarded-For", address ?? $"198.51.100.{Random.Shared.Next(1, 255)}");
    }

    public HttpClient Client { get; }

    /// <summary>Reads the page, then posts its form with the fields given; returns the answer to the post.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string path, string formName, IDictionary<string, string> fields)
    {
        var page = await Client.GetAsync(Http.Url(path));
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)page.StatusCode}");
        var form = new Dictionary<string, string>(fields) { ["_handler"] = formName, ["__RequestVerificationToken"] = Antiforgery().Match(html).Groups[1].Value };
        using var content = new FormUrlEncodedContent(form);
        return await Client.PostAsync(Http.Url(path), content);
    }

    public async Task<string> SubmitForPageAsync(string path, string formName, IDictionary<string, string> fields)
    {
        var response = await SubmitAsync(path, formName, fields);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {path} answered {(int)response.StatusCode}: {text[..Math.Min(300, text.Length)]}");
        return text;
    }

    /// <summary>Signs in with the portal's form; the cookie jar then holds the session.</summary>
    public async Task SignInAsync(string email, string password)
    {
        var response = await SubmitAsync("/account/sign-in", "sign-in", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
        Assert.True(response.StatusCode is HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.Redirect, $"sign-in answered {(int)response.StatusCode}");
        Assert.True(await IsSignedInAsync(), "the sign-in did not open a session");
    }

    /// <summary>Whether the cookie jar's session still opens a page for signed-in citizens.</summary>
    public async Task<bool> IsSignedInAsync()
    {
        var profile = await Client.GetAsync(Http.Url("/account/profile"));
        return profile.StatusCode == HttpStatusCode.OK;
    }

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
