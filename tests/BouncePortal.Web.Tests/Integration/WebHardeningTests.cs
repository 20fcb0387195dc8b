using System.Net;
using System.Text.RegularExpressions;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Web.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BouncePortal.Web.Tests.Integration;

/// <summary>A portal with one extra route that throws, behind the portal's own middleware.</summary>
public sealed class ThrowingPortalFactory : PortalFactory
{
    public const string SecretMessage = "Secret failure detail 7f3a";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, ThrowingRoute>());
    }

    private sealed class ThrowingRoute : IStartupFilter
    {
        // Added after the portal's pipeline, so the request passes the portal's exception handler on the way in.
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map("/test/throw", branch => branch.Run(_ => throw new InvalidOperationException(SecretMessage)));
        };
    }
}

public sealed partial class WebHardeningTests(ThrowingPortalFactory factory) : IClassFixture<ThrowingPortalFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/Account/Login")]
    [InlineData("/Account/CreateAgency")]
    [InlineData("/not-found")]
    public async Task Pages_AnonymousHeaders(string path)
    {
        var response = await NewClient().GetAsync(path);

        AssertSecurityHeaders(response, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/uploads")]
    [InlineData("/mailboxes")]
    [InlineData("/settings")]
    [InlineData("/Account/Manage")]
    public async Task Pages_SignedInHeaders(string path)
    {
        var session = await AgencySession.CreateAsync(factory, "Header Agency");

        var response = await session.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSecurityHeaders(response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HangfireDashboard_NeedsNoInlineScript()
    {
        var session = await AgencySession.CreateAsync(factory, "Operator Header Agency");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var roles = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.RoleManager<Microsoft.AspNetCore.Identity.IdentityRole>>();
            if (!await roles.RoleExistsAsync(Infrastructure.Tenancy.TenantClaims.PlatformOperatorRole))
            {
                await roles.CreateAsync(new Microsoft.AspNetCore.Identity.IdentityRole(Infrastructure.Tenancy.TenantClaims.PlatformOperatorRole));
            }

            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Infrastructure.Identity.ApplicationUser>>();
            await users.AddToRoleAsync((await users.FindByEmailAsync(session.Email))!, Infrastructure.Tenancy.TenantClaims.PlatformOperatorRole);
        }

        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await AgencySession.PostFormAsync(client, "/Account/Login", new Dictionary<string, string> { ["Input.Email"] = session.Email, ["Input.Password"] = "Bounce-Portal-42" });

        var response = await client.GetAsync("/hangfire");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(InlineScript().Matches(body), script => !script.Value.Contains("type=\"application/json\"", StringComparison.Ordinal));
        Assert.DoesNotContain(" onclick=", body);
        Assert.Contains("script-src 'self'", string.Join(";", response.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task Https_Development_SendsNoHsts()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://portal.example/") });

        var response = await client.GetAsync("/Account/Login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task CspNonce_PerRequest()
    {
        var client = NewClient();
        var first = Nonce(string.Join(";", (await client.GetAsync("/")).Headers.GetValues("Content-Security-Policy")));
        var second = Nonce(string.Join(";", (await client.GetAsync("/")).Headers.GetValues("Content-Security-Policy")));

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task UnhandledException_CorrelationId()
    {
        var response = await NewClient().GetAsync("/test/throw");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var correlationId = CorrelationId().Match(body).Groups["id"].Value;
        Assert.False(string.IsNullOrWhiteSpace(correlationId), body[..Math.Min(body.Length, 2000)]);
        Assert.DoesNotContain(ThrowingPortalFactory.SecretMessage, body);
        Assert.DoesNotContain("InvalidOperationException", body);
        Assert.DoesNotContain("   at ", body);
        AssertSecurityHeaders(response, body);

        var logged = Assert.Single(factory.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(correlationId, StringComparison.Ordinal));
        Assert.Contains(ThrowingPortalFactory.SecretMessage, logged.Exception);
    }

    [Fact]
    public async Task FormPost_WithoutBody_ShowsErrorPage()
    {
        var response = await NewClient().PostAsync("/Account/Logout", new ByteArrayContent([]));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches(CorrelationId(), body);
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain("   at ", body);
        AssertSecurityHeaders(response, body);
    }

    [Fact]
    public async Task StaticForms_WithoutAntiforgeryToken()
    {
        var session = await AgencySession.CreateAsync(factory, "Token Agency");

        var login = await NewClient().PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Email"] = session.Email,
            ["Input.Password"] = "Bounce-Portal-42",
        }));
        var delete = await session.Client.PostAsync("/settings/delete-agency", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["confirmName"] = "Token Agency",
        }));
        var logout = await session.Client.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["ReturnUrl"] = "/" }));

        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, delete.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, logout.StatusCode);
        await using var db = factory.Services.GetRequiredService<TenantDbContextFactory>().CreateWithoutTenant();
        Assert.NotNull(await db.Agencies.FindAsync(session.TenantId));
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("/dashboard")).StatusCode);
    }

    [Fact]
    public void RequestLimits_UploadLimit()
    {
        var maxUpload = factory.Services.GetRequiredService<IOptions<BouncePortalOptions>>().Value.MaxUploadBytes;
        var form = factory.Services.GetRequiredService<IOptions<FormOptions>>().Value;

        Assert.Equal(maxUpload, form.MultipartBodyLengthLimit);
        Assert.Equal(maxUpload, form.BufferBodyLengthLimit);
    }

    private HttpClient NewClient() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static void AssertSecurityHeaders(HttpResponseMessage response, string body)
    {
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.Matches(@"script-src 'self' 'nonce-[0-9A-F]{32}';", csp);
        Assert.Contains("style-src 'self' 'unsafe-inline'", csp);
        Assert.Contains("connect-src 'self'", csp);
        Assert.Contains("img-src 'self' data:", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("form-action 'self'", csp);
        Assert.Contains("base-uri 'self'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", string.Join(",", response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", string.Join(",", response.Headers.GetValues("Referrer-Policy")));

        // Every inline script on the page carries this response's nonce.
        var nonce = Nonce(csp);
        foreach (Match script in InlineScript().Matches(body))
        {
            Assert.True(script.Value.Contains($"nonce=\"{nonce}\"", StringComparison.Ordinal), $"Inline script without this response's nonce: {body.Substring(script.Index, Math.Min(300, body.Length - script.Index))}");
        }
    }

    private static string Nonce(string csp) => NonceValue().Match(csp).Groups["nonce"].Value;

    [GeneratedRegex(@"'nonce-(?<nonce>[^']+)'")]
    private static partial Regex NonceValue();

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>")]
    private static partial Regex InlineScript();

    [GeneratedRegex("data-testid=\"correlation-id\">(?<id>[^<]+)<")]
    private static partial Regex CorrelationId();
}
