using System.Net;
using System.Text.RegularExpressions;
using BouncePortal.Infrastructure.Identity;
using BouncePortal.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration;

public sealed partial class IdentityHardeningTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Password = "Bounce-Portal-42";

    [Fact]
    public async Task CreateAgency_ElevenCharacterPassword()
    {
        var client = NewClient();
        var form = await client.GetStringAsync("/Account/CreateAgency");

        var response = await AgencySession.PostFormAsync(client, "/Account/CreateAgency", new Dictionary<string, string>
        {
            ["Input.AgencyName"] = "Short Password Agency",
            ["Input.Email"] = $"short-{Guid.NewGuid():N}@example.com",
            ["Input.Password"] = "Bounce-Po42",
            ["Input.ConfirmPassword"] = "Bounce-Po42",
        });

        Assert.Contains("At least 12 characters", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, Occurrences(await response.Content.ReadAsStringAsync(), "must be at least 12 and at most 100 characters"));
        await using var db = factory.Services.GetRequiredService<Infrastructure.Data.TenantDbContextFactory>().CreateWithoutTenant();
        Assert.DoesNotContain(db.Agencies, a => a.Name == "Short Password Agency");
    }

    [Fact]
    public async Task AcceptInvitation_ElevenCharacterPassword()
    {
        var owner = await AgencySession.CreateAsync(factory, "Short Invitation Password");
        var email = $"short-invite-{Guid.NewGuid():N}@example.com";
        var token = await AgencySession.InviteAsync(factory, owner.TenantId, email, Infrastructure.Tenancy.AgencyRole.Staff);
        var client = NewClient();
        var path = $"/Account/AcceptInvitation?token={Uri.EscapeDataString(token)}";
        var form = await client.GetStringAsync(path);

        var response = await AgencySession.PostFormAsync(client, path, new Dictionary<string, string>
        {
            ["Input.Password"] = "Bounce-Po42",
            ["Input.ConfirmPassword"] = "Bounce-Po42",
        });

        Assert.Contains("At least 12 characters", form);
        Assert.DoesNotContain("At least 8 characters", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, Occurrences(await response.Content.ReadAsStringAsync(), "must be at least 12 and at most 100 characters"));
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email));
    }

    [Fact]
    public async Task CreateOperator_ElevenCharacterPassword()
    {
        var client = NewClient();
        var form = await client.GetStringAsync("/Account/CreateOperator");

        var response = await AgencySession.PostFormAsync(client, "/Account/CreateOperator", new Dictionary<string, string>
        {
            ["Input.Email"] = "short-operator@example.com",
            ["Input.Password"] = "Bounce-Po42",
            ["Input.ConfirmPassword"] = "Bounce-Po42",
        });

        Assert.Contains("At least 12 characters", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, Occurrences(await response.Content.ReadAsStringAsync(), "must be at least 12 and at most 100 characters"));
    }

    [Fact]
    public async Task Login_FiveWrongPasswords()
    {
        var session = await AgencySession.CreateAsync(factory, "Lockout Agency");
        var client = NewClient();

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var wrong = await LoginAsync(client, session.Email, "Wrong-Password-" + attempt);
            if (attempt < 5)
            {
                Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
                Assert.Contains("Invalid login attempt", await wrong.Content.ReadAsStringAsync());
            }
        }

        var right = await LoginAsync(client, session.Email, Password);

        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        var location = right.Headers.Location!.ToString();
        Assert.Contains("Account/Lockout", location);
        var lockout = await client.GetStringAsync(location);
        Assert.Matches(@"locked\s+until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC, about 1[45] minutes from now", lockout);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/dashboard")).StatusCode);

        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(session.Email);
        Assert.True(await users.IsLockedOutAsync(user!));
        var minutes = (user!.LockoutEnd!.Value - DateTimeOffset.UtcNow).TotalMinutes;
        Assert.InRange(minutes, 14, 15.1);
    }

    [Fact]
    public async Task Login_FourWrongPasswords()
    {
        var session = await AgencySession.CreateAsync(factory, "Four Tries Agency");
        var client = NewClient();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await LoginAsync(client, session.Email, "Wrong-Password-" + attempt);
        }

        var right = await LoginAsync(client, session.Email, Password);

        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.DoesNotContain("Lockout", right.Headers.Location!.ToString());
    }

    [Fact]
    public async Task TwoFactor_AuthenticatorEnabled()
    {
        var session = await AgencySession.CreateAsync(factory, "Two Factor Agency");
        var account = await session.GetPageAsync("/Account/Manage");
        Assert.Contains("href=\"Account/Manage/TwoFactorAuthentication\"", account);
        var twoFactor = await session.GetPageAsync("/Account/Manage/TwoFactorAuthentication");
        Assert.Contains("Account/Manage/EnableAuthenticator", twoFactor);

        var enableResponse = await session.Client.GetAsync("/Account/Manage/EnableAuthenticator");
        var enablePage = await enableResponse.Content.ReadAsStringAsync();
        var key = SharedKey().Match(enablePage).Groups["key"].Value;

        // The new key changed the security stamp, so the page renews this browser's sign-in cookie.
        Assert.Contains(
            enableResponse.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [],
            cookie => cookie.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
        Assert.False(string.IsNullOrEmpty(key), "The page shows no authenticator key.");

        var wrong = await AgencySession.PostFormAsync(session.Client, "/Account/Manage/EnableAuthenticator", new Dictionary<string, string>
        {
            ["Input.Code"] = WrongCode(Totp.Code(key, DateTimeOffset.UtcNow)),
        });
        Assert.Contains("Verification code is invalid", await wrong.Content.ReadAsStringAsync());

        var enabled = await AgencySession.PostFormAsync(session.Client, "/Account/Manage/EnableAuthenticator", new Dictionary<string, string>
        {
            ["Input.Code"] = Totp.Code(key, DateTimeOffset.UtcNow),
        });
        var enabledBody = await enabled.Content.ReadAsStringAsync();
        Assert.Contains("recovery codes", enabledBody, StringComparison.OrdinalIgnoreCase);

        var client = NewClient();
        var password = await LoginAsync(client, session.Email, Password);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        var secondStep = password.Headers.Location!.ToString();
        Assert.Contains("Account/LoginWith2fa", secondStep);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/dashboard")).StatusCode);

        var badCode = await AgencySession.PostFormAsync(client, secondStep, new Dictionary<string, string>
        {
            ["Input.TwoFactorCode"] = WrongCode(Totp.Code(key, DateTimeOffset.UtcNow)),
        });
        Assert.Contains("Invalid authenticator code", await badCode.Content.ReadAsStringAsync());

        var code = await AgencySession.PostFormAsync(client, secondStep, new Dictionary<string, string>
        {
            ["Input.TwoFactorCode"] = Totp.Code(key, DateTimeOffset.UtcNow),
        });
        Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard")).StatusCode);

        await using var db = factory.OpenDatabase(session.TenantId);
        var audited = await db.AuditEntries.Select(e => e.Details).ToListAsync();
        Assert.Contains(audited, details => details.StartsWith("Wrong authenticator code", StringComparison.Ordinal));
        Assert.Contains(audited, details => details.EndsWith("signed in with an authenticator code", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ForgotPassword_WithoutSmtp()
    {
        var session = await AgencySession.CreateAsync(factory, "Forgetful Agency");
        var client = NewClient();

        var asked = await AgencySession.PostFormAsync(client, "/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = session.Email });
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);

        var logged = Assert.Single(factory.Logs.Entries, e => e.Message.Contains("No SMTP host is configured", StringComparison.Ordinal) && e.Message.Contains(session.Email, StringComparison.Ordinal));
        var link = ResetLink().Match(logged.Message).Value;
        Assert.False(string.IsNullOrEmpty(link), logged.Message);
        var path = new Uri(link).PathAndQuery;

        var reset = await AgencySession.PostFormAsync(client, path, new Dictionary<string, string>
        {
            ["Input.Email"] = session.Email,
            ["Input.Password"] = "Brand-New-Password-7",
            ["Input.ConfirmPassword"] = "Brand-New-Password-7",
        });
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Contains("ResetPasswordConfirmation", reset.Headers.Location!.ToString());

        Assert.Contains("Invalid login attempt", await (await LoginAsync(NewClient(), session.Email, Password)).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await LoginAsync(NewClient(), session.Email, "Brand-New-Password-7")).StatusCode);
    }

    private HttpClient NewClient() =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password) =>
        AgencySession.PostFormAsync(client, "/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

    /// <summary>Counts a message in a page, to catch a form that shows it both in a summary and beside its field.</summary>
    private static int Occurrences(string page, string message) => Regex.Matches(page, Regex.Escape(message)).Count;

    private static string WrongCode(string code) => ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 500_000) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("<kbd>(?<key>[a-z0-9 ]+)</kbd>")]
    private static partial Regex SharedKey();

    [GeneratedRegex(@"http://[^\s]+Account/ResetPassword\?code=[^\s.]+")]
    private static partial Regex ResetLink();
}
