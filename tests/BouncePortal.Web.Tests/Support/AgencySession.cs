using System.Net;
using System.Text.RegularExpressions;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Support;

/// <summary>
/// A signed-in agency owner: the HTTP client carries the cookie from a real "Create agency" form post.
/// </summary>
public sealed partial class AgencySession
{
    private AgencySession(HttpClient client, Guid tenantId, string email)
    {
        Client = client;
        TenantId = tenantId;
        Email = email;
    }

    public HttpClient Client { get; }

    public Guid TenantId { get; }

    public string Email { get; }

    /// <summary>Creates an agency through the sign-up page and returns its signed-in owner.</summary>
    public static async Task<AgencySession> CreateAsync(PortalFactory factory, string agencyName)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var email = $"owner-{Guid.NewGuid():N}@example.com";

        var response = await PostFormAsync(client, "/Account/CreateAgency", new Dictionary<string, string>
        {
            ["Input.AgencyName"] = agencyName,
            ["Input.OwnerName"] = "Test Owner",
            ["Input.Email"] = email,
            ["Input.Password"] = "Bounce-Portal-42",
            ["Input.ConfirmPassword"] = "Bounce-Portal-42",
        });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new InvalidOperationException($"Sign-up did not redirect ({response.StatusCode}): {body[..Math.Min(body.Length, 2000)]}");
        }

        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var owner = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException("The owner was not created.");
        return new AgencySession(client, owner.TenantId, email);
    }

    /// <summary>Fetches a page and fails with the start of its body when its status is not 200.</summary>
    public async Task<string> GetPageAsync(string path)
    {
        var response = await Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} returned {response.StatusCode}: {body[..Math.Min(body.Length, 3000)]}");
        return body;
    }

    /// <summary>Posts a Blazor static form: fetches the page, copies its hidden fields (antiforgery token, handler) and adds <paramref name="fields"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, IDictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(path);
        var form = new Dictionary<string, string>();
        foreach (Match hidden in HiddenInput().Matches(page))
        {
            form[WebUtility.HtmlDecode(hidden.Groups["name"].Value)] = WebUtility.HtmlDecode(hidden.Groups["value"].Value);
        }

        foreach (var (name, value) in fields)
        {
            form[name] = value;
        }

        return await client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();
}
