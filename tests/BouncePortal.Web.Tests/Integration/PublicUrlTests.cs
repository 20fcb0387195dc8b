using System.Net;
using System.Text.RegularExpressions;
using BouncePortal.Infrastructure.Identity;
using BouncePortal.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BouncePortal.Web.Tests.Integration;

/// <summary>A portal that sends account emails through SMTP but has no BouncePortal:PublicUrl.</summary>
public sealed class SmtpWithoutPublicUrlFactory : PortalFactory
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["BouncePortal:Smtp:Host"] = "127.0.0.1",
        ["BouncePortal:Smtp:Port"] = "2525",
        ["BouncePortal:Smtp:Tls"] = "None",
    };
}

/// <summary>A portal whose BouncePortal:PublicUrl is not an absolute address.</summary>
public sealed class RelativePublicUrlFactory : PortalFactory
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["BouncePortal:PublicUrl"] = "portal.example.com",
    };
}

public sealed partial class PublicUrlTests(SmtpPortalFactory factory) : IClassFixture<SmtpPortalFactory>
{
    [Fact]
    public async Task ForgotPassword_ForeignHostHeader()
    {
        var session = await AgencySession.CreateAsync(factory, "Host Header Agency");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = await users.FindByEmailAsync(session.Email);
            Assert.True((await users.ConfirmEmailAsync(user!, await users.GenerateEmailConfirmationTokenAsync(user!))).Succeeded);
        }

        var attacker = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        attacker.DefaultRequestHeaders.Host = "attacker.invalid";
        var asked = await AgencySession.PostFormAsync(attacker, "/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = session.Email });
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);

        var message = Assert.Single(factory.Smtp.Messages, m => m.To.ToString().Contains(session.Email, StringComparison.Ordinal) && (m.Subject ?? string.Empty).Contains("password", StringComparison.OrdinalIgnoreCase));
        var link = new Uri(WebUtility.HtmlDecode(Link().Match(message.HtmlBody ?? string.Empty).Groups["link"].Value));
        Assert.Equal("portal.bounceportal.test", link.Host);
        Assert.Equal("https", link.Scheme);
        Assert.Equal("/Account/ResetPassword", link.AbsolutePath);
        Assert.DoesNotContain("attacker.invalid", message.HtmlBody, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Startup_SmtpWithoutPublicUrl()
    {
        using var portal = new SmtpWithoutPublicUrlFactory();

        var failure = Assert.Throws<OptionsValidationException>(() => portal.Services);

        Assert.Contains("BouncePortal:PublicUrl is missing", failure.Message);
    }

    [Fact]
    public void Startup_RelativePublicUrl()
    {
        using var portal = new RelativePublicUrlFactory();

        var failure = Assert.Throws<OptionsValidationException>(() => portal.Services);

        Assert.Contains("'portal.example.com' is invalid", failure.Message);
    }

    [GeneratedRegex("href=\"(?<link>[^\"]+)\"")]
    private static partial Regex Link();
}
