using System.Text.RegularExpressions;
using CivicHub.Core.Access;
using CivicHub.Core.Data;
using CivicHub.Core.Staff;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Auth;

/// <summary>Signs staff in as the desk's pages and the API's clients do: the password grant, and the desk's forms in a cookie-keeping client.</summary>
public static partial class StaffSignInSteps
{
    private static readonly Actor Administrator = new(ActorKind.Staff, Guid.NewGuid().ToString(), "Test administrator", StaffRole.Administrator);

    public static async Task<HttpResponseMessage> PasswordGrantAsync(this CivicHubHost host, string userName, string password, string? otp)
    {
        ArgumentNullException.ThrowIfNull(host);
        var fields = new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "civichub-desk",
            ["username"] = userName,
            ["password"] = password,
            ["scope"] = "api",
        };
        if (otp is not null)
        {
            fields["otp"] = otp;
        }

        using var form = new FormUrlEncodedContent(fields);
        return await host.AnonymousClient().PostAsync(Http.Url("/connect/token"), form);
    }

    /// <summary>An access token for a member of staff made by <see cref="CivicHubHost.NewStaffAsync"/>, by the password grant with a current code.</summary>
    public static async Task<string> StaffTokenAsync(this CivicHubHost host, string userName, byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(host);
        var grant = await host.PasswordGrantAsync(userName, CivicHubHost.StaffPassword, await host.OneTimeCodeAsync(userName, secret));
        return (await grant.JsonAsync(HttpStatusCode.OK)).GetProperty("access_token").GetString()!;
    }

    /// <summary>Sets a member of staff's role and whether the account is active, as an administrator does in /admin/staff.</summary>
    public static Task<bool> ChangeStaffAsync(this CivicHubHost host, Guid id, StaffRole role, bool active)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.InScopeAsync(async services =>
        {
            var staff = await services.GetRequiredService<CivicHubDb>().Staff.AsNoTracking().FirstAsync(s => s.Id == id);
            var input = new StaffAdministration.Input(staff.UserName, staff.DisplayName, staff.Email, role, [], active, NewPassword: null);
            var saved = await services.GetRequiredService<StaffAdministration>().SaveAsync(id, input, Administrator, CancellationToken.None);
            Assert.True(saved.Succeeded, saved.Problem?.ToString());
            return true;
        });
    }

    /// <summary>The OAuth error description of a refused grant (asserting it is an invalid_grant).</summary>
    public static async Task<string> RefusedGrantAsync(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.JsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
        return body.GetProperty("error_description").GetString()!;
    }

    /// <summary>A client that keeps cookies and follows redirects, as a browser on the desk's static pages.</summary>
    public static HttpClient Browser(this CivicHubHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        host.RequireDatabase();
        return host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });
    }

    /// <summary>Opens a page with a form and submits it with the given fields, keeping its hidden fields (handler, anti-forgery token, state).</summary>
    public static Task<(HttpResponseMessage Response, string Html)> SubmitAsync(this HttpClient browser, string path, IReadOnlyDictionary<string, string> fields) =>
        browser.SubmitAsync(path, _ => fields);

    /// <summary>As SubmitAsync, with fields that depend on what the page shows (a secret to compute a code from).</summary>
    public static async Task<(HttpResponseMessage Response, string Html)> SubmitAsync(this HttpClient browser, string path, Func<string, IReadOnlyDictionary<string, string>> fieldsFor)
    {
        ArgumentNullException.ThrowIfNull(browser);
        ArgumentNullException.ThrowIfNull(fieldsFor);
        var page = await browser.GetAsync(Http.Url(path));
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"{path}: {(int)page.StatusCode} {html}");
        var form = HiddenFields(html);
        foreach (var (name, value) in fieldsFor(html))
        {
            form[name] = value;
        }

        using var content = new FormUrlEncodedContent(form);
        var response = await browser.PostAsync(page.RequestMessage!.RequestUri, content);
        return (response, await response.Content.ReadAsStringAsync());
    }

    public static Dictionary<string, string> HiddenFields(string html)
    {
        var fields = new Dictionary<string, string>();
        foreach (Match input in HiddenInput().Matches(html))
        {
            var name = NameAttribute().Match(input.Value);
            var value = ValueAttribute().Match(input.Value);
            if (name.Success)
            {
                fields[WebUtility.HtmlDecode(name.Groups[1].Value)] = value.Success ? WebUtility.HtmlDecode(value.Groups[1].Value) : "";
            }
        }

        return fields;
    }

    public static string PathOf(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.RequestMessage!.RequestUri!.AbsolutePath;
    }

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*>")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("\\sname=\"([^\"]*)\"")]
    private static partial Regex NameAttribute();

    [GeneratedRegex("\\svalue=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();
}
