using System.Net;
using System.Text.RegularExpressions;
using BouncePortal.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BouncePortal.Web.Tests.Integration;

/// <summary>A portal whose account emails go to a fake SMTP server on a loopback port.</summary>
public sealed class SmtpPortalFactory : PortalFactory
{
    public FakeSmtpServer Smtp { get; } = new();

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["BouncePortal:Smtp:Host"] = "127.0.0.1",
        ["BouncePortal:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["BouncePortal:Smtp:Tls"] = "None",
        ["BouncePortal:Smtp:From"] = "portal@bounceportal.test",
        ["BouncePortal:PublicUrl"] = PublicUrl,
    };

    /// <summary>The configured public address that every emailed link must use.</summary>
    public const string PublicUrl = "https://portal.bounceportal.test";

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Smtp.Dispose();
    }
}

public sealed partial class SmtpEmailTests(SmtpPortalFactory factory) : IClassFixture<SmtpPortalFactory>
{
    [Fact]
    public async Task SignUp_WithSmtp()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var email = $"owner-{Guid.NewGuid():N}@example.com";

        var signUp = await AgencySession.PostFormAsync(client, "/Account/CreateAgency", new Dictionary<string, string>
        {
            ["Input.AgencyName"] = "Confirming Agency",
            ["Input.Email"] = email,
            ["Input.Password"] = "Bounce-Portal-42",
            ["Input.ConfirmPassword"] = "Bounce-Portal-42",
        });

        Assert.Equal(HttpStatusCode.Redirect, signUp.StatusCode);
        Assert.Contains("Account/RegisterConfirmation", signUp.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/dashboard")).StatusCode);

        var message = Assert.Single(factory.Smtp.Messages, m => m.To.ToString().Contains(email, StringComparison.Ordinal));
        Assert.Equal("portal@bounceportal.test", message.From.Mailboxes.Single().Address);
        var link = WebUtility.HtmlDecode(ConfirmLink().Match(message.HtmlBody ?? string.Empty).Groups["link"].Value);
        Assert.Contains("Account/ConfirmEmail", link);

        var early = await AgencySession.PostFormAsync(client, "/Account/Login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "Bounce-Portal-42" });
        Assert.Contains("Confirm your email address first", await early.Content.ReadAsStringAsync());

        var confirmed = await client.GetStringAsync(new Uri(link).PathAndQuery);
        Assert.Contains("Thank you for confirming your email", confirmed);

        var login = await AgencySession.PostFormAsync(client, "/Account/Login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "Bounce-Portal-42" });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard")).StatusCode);
    }

    [GeneratedRegex("href=\"(?<link>[^\"]+)\"")]
    private static partial Regex ConfirmLink();
}
