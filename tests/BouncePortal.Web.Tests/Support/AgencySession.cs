using System.Net;
using System.Text.RegularExpressions;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Identity;
using BouncePortal.Infrastructure.Members;
using BouncePortal.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Support;

/// <summary>
/// A signed-in agency member: the HTTP client carries the cookie from a real "Create agency" or
/// "Join the agency" form post.
/// </summary>
public sealed partial class AgencySession
{
    /// <summary>The password of every account the tests create.</summary>
    public const string Password = "Bounce-Portal-42";

    private AgencySession(HttpClient client, Guid tenantId, string email, AgencyRole role)
    {
        Client = client;
        TenantId = tenantId;
        Email = email;
        Role = role;
    }

    public HttpClient Client { get; }

    public Guid TenantId { get; }

    public string Email { get; }

    public AgencyRole Role { get; }

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
            ["Input.Password"] = Password,
            ["Input.ConfirmPassword"] = Password,
        });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new InvalidOperationException($"Sign-up did not redirect ({response.StatusCode}): {body[..Math.Min(body.Length, 2000)]}");
        }

        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var owner = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException("The owner was not created.");
        return new AgencySession(client, owner.TenantId, email, AgencyRole.Owner);
    }

    /// <summary>Invites a new person into <paramref name="owner"/>'s agency and accepts through the page, signed in.</summary>
    public static async Task<AgencySession> JoinAsync(PortalFactory factory, AgencySession owner, AgencyRole role)
    {
        var email = $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        var token = await InviteAsync(factory, owner.TenantId, email, role);
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var response = await AcceptAsync(client, token);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new InvalidOperationException($"Accepting the invitation did not redirect ({response.StatusCode}): {body[..Math.Min(body.Length, 2000)]}");
        }

        return new AgencySession(client, owner.TenantId, email, role);
    }

    /// <summary>Creates an invitation through the members service and returns its token.</summary>
    public static async Task<string> InviteAsync(PortalFactory factory, Guid tenantId, string email, AgencyRole role)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var members = scope.ServiceProvider.GetRequiredService<AgencyMembersService>();
        var invitation = await members.InviteAsync(tenantId, email, role, "owner@example.com", CancellationToken.None);
        return invitation.Token ?? throw new InvalidOperationException($"Invitation failed: {invitation.Problem}");
    }

    /// <summary>Posts the accept-invitation form for <paramref name="token"/>.</summary>
    public static Task<HttpResponseMessage> AcceptAsync(HttpClient client, string token) =>
        PostFormAsync(client, $"/Account/AcceptInvitation?token={Uri.EscapeDataString(token)}", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Invited Person",
            ["Input.Password"] = Password,
            ["Input.ConfirmPassword"] = Password,
        });

    /// <summary>Posts the log-in form with <paramref name="email"/> and <paramref name="password"/>.</summary>
    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password = Password) =>
        PostFormAsync(client, "/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

    /// <summary>Reads the stored user of this session.</summary>
    public async Task<ApplicationUser> GetUserAsync(PortalFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await users.FindByEmailAsync(Email) ?? throw new InvalidOperationException($"{Email} has no account.");
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
        var form = HiddenFields(page);
        foreach (var (name, value) in fields)
        {
            form[name] = value;
        }

        return await client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    /// <summary>Returns the names and values of the hidden inputs of <paramref name="page"/> (antiforgery token, form handler).</summary>
    public static Dictionary<string, string> HiddenFields(string page)
    {
        var form = new Dictionary<string, string>();
        foreach (Match hidden in HiddenInput().Matches(page))
        {
            form[WebUtility.HtmlDecode(hidden.Groups["name"].Value)] = WebUtility.HtmlDecode(hidden.Groups["value"].Value);
        }

        return form;
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();
}
