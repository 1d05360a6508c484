namespace CivicHub.Browser.Tests.Hosting;

/// <summary>Steps a citizen takes in the browser, shared by the tests. Every citizen is new, so tests never collide.</summary>
public static class Citizens
{
    public const string Password = "a long portal passphrase";

    public static string NewEmail() => $"citizen-{Guid.NewGuid():N}@example.org";

    /// <summary>Creates an account through the sign-up page and lands on the profile page, signed in.</summary>
    public static async Task<string> SignUpAsync(IPage page, string givenName = "Marisol", string familyName = "Quintero")
    {
        var email = NewEmail();
        await page.GotoAsync("/account/sign-up");
        await page.Locator("#given-name").FillAsync(givenName);
        await page.Locator("#family-name").FillAsync(familyName);
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(Password);
        await page.Locator("main button[type=submit]").ClickAsync();
        await page.ArriveAtAsync("**/account/profile?welcome=1");
        return email;
    }

    public static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/account/sign-in");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(Password);
        await page.Locator("main button[type=submit]").ClickAsync();
        await page.ArriveAtAsync("**/account/requests");
    }

    /// <summary>Fills in the profile's date of birth, phone and home address and saves it.</summary>
    public static async Task CompleteProfileAsync(IPage page, string phone)
    {
        await page.GotoAsync("/account/profile");
        await page.Locator("#date-of-birth").FillAsync("1984-03-09");
        await page.Locator("#phone-1").FillAsync(phone);
        await page.Locator("#address-line1").FillAsync("12 Maple Street");
        await page.Locator("#address-city").FillAsync("Springfield");
        await page.Locator("#address-region").FillAsync("IL");
        await page.Locator("#address-postal").FillAsync("62701");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).ClickAsync();
        await page.ArriveAtAsync("**/account/profile?saved=1");
    }

    /// <summary>A valid US number nobody else in the test database has.</summary>
    public static string NewPhone() => $"+1217555{Random.Shared.Next(1000, 9999)}";
}
