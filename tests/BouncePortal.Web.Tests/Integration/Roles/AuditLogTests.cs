using System.Net;
using System.Text.RegularExpressions;
using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.Members;
using BouncePortal.Infrastructure.Settings;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration.Roles;

public sealed partial class AuditLogTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task SignIn_Success_IsRecordedWithIp()
    {
        var owner = await AgencySession.CreateAsync(factory, "Audit Sign-in");

        var response = await AgencySession.SignInAsync(NewClient(), owner.Email);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var entry = Assert.Single(await EntriesAsync(owner.TenantId, AuditActions.SignIn));
        Assert.Equal(owner.Email, entry.ActorName);
        Assert.NotNull(entry.ActorUserId);
        Assert.False(string.IsNullOrEmpty(entry.IpAddress));
    }

    [Fact]
    public async Task SignIn_WrongPassword_IsRecordedAsFailed()
    {
        var owner = await AgencySession.CreateAsync(factory, "Audit Failed Sign-in");

        var response = await AgencySession.SignInAsync(NewClient(), owner.Email, "Wrong-Password-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entry = Assert.Single(await EntriesAsync(owner.TenantId, AuditActions.SignInFailed));
        Assert.Equal(owner.Email, entry.ActorName);
        Assert.Null(entry.ActorUserId);
        Assert.Empty(await EntriesAsync(owner.TenantId, AuditActions.SignIn));
    }

    [Fact]
    public async Task SignUp_IsRecordedWithOwnerAndIp()
    {
        var owner = await AgencySession.CreateAsync(factory, "Audit Sign-up");
        var other = await AgencySession.CreateAsync(factory, "Audit Sign-up Other");

        var duplicateSignUp = await AgencySession.PostFormAsync(NewClient(), "/Account/CreateAgency", new Dictionary<string, string>
        {
            ["Input.AgencyName"] = "Audit Sign-up Taken",
            ["Input.Email"] = owner.Email,
            ["Input.Password"] = AgencySession.Password,
            ["Input.ConfirmPassword"] = AgencySession.Password,
        });

        Assert.Equal(HttpStatusCode.OK, duplicateSignUp.StatusCode);
        Assert.Contains("is already taken", await duplicateSignUp.Content.ReadAsStringAsync());
        var entry = Assert.Single(await EntriesAsync(owner.TenantId, AuditActions.AgencyCreated));
        Assert.Equal($"{owner.Email} created the agency \"Audit Sign-up\" and became its owner", entry.Details);
        Assert.Equal((await owner.GetUserAsync(factory)).Id, entry.ActorUserId);
        Assert.Equal(owner.Email, entry.ActorName);
        Assert.False(string.IsNullOrEmpty(entry.IpAddress));
        var otherEntry = Assert.Single(await EntriesAsync(other.TenantId, AuditActions.AgencyCreated));
        Assert.Equal($"{other.Email} created the agency \"Audit Sign-up Other\" and became its owner", otherEntry.Details);
        await AssertNotListedAsync(other.TenantId, owner.Email);
    }

    [Fact]
    public async Task TwoFactor_EnableResetDisable_AreRecorded()
    {
        var owner = await AgencySession.CreateAsync(factory, "Audit Two Factor");
        var other = await AgencySession.CreateAsync(factory, "Audit Two Factor Other");
        var ownerId = (await owner.GetUserAsync(factory)).Id;

        await ResetAuthenticatorAsync(owner);
        await EnableAuthenticatorAsync(owner);
        await ResetAuthenticatorAsync(owner);
        await EnableAuthenticatorAsync(owner);
        var disabled = await AgencySession.PostFormAsync(owner.Client, "/Account/Manage/Disable2fa", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        Assert.False((await owner.GetUserAsync(factory)).TwoFactorEnabled);
        var resets = await EntriesAsync(owner.TenantId, AuditActions.AuthenticatorKeyReset);
        Assert.Equal(
            [
                $"{owner.Email} reset the authenticator key",
                $"{owner.Email} reset the authenticator key, which turned two-factor sign-in off until the app is set up with the new key",
            ],
            resets.OrderBy(e => e.Id).Select(e => e.Details));
        var enables = await EntriesAsync(owner.TenantId, AuditActions.TwoFactorEnabled);
        Assert.Equal(2, enables.Count);
        Assert.All(enables, e => Assert.Equal($"{owner.Email} turned on two-factor sign-in with an authenticator app", e.Details));
        var disable = Assert.Single(await EntriesAsync(owner.TenantId, AuditActions.TwoFactorDisabled));
        Assert.Equal($"{owner.Email} turned off two-factor sign-in", disable.Details);
        foreach (var entry in resets.Concat(enables).Append(disable))
        {
            Assert.Equal(ownerId, entry.ActorUserId);
            Assert.Equal(owner.Email, entry.ActorName);
            Assert.False(string.IsNullOrEmpty(entry.IpAddress));
        }

        Assert.Empty(await EntriesAsync(other.TenantId, AuditActions.AuthenticatorKeyReset));
        Assert.Empty(await EntriesAsync(other.TenantId, AuditActions.TwoFactorEnabled));
        Assert.Empty(await EntriesAsync(other.TenantId, AuditActions.TwoFactorDisabled));
        await AssertNotListedAsync(other.TenantId, owner.Email);
    }

    [Fact]
    public async Task ChangeRole_IsRecorded()
    {
        var owner = await AgencySession.CreateAsync(factory, "Audit Role");
        var staff = await AgencySession.JoinAsync(factory, owner, AgencyRole.Staff);
        await using var scope = factory.Services.CreateAsyncScope();
        var members = scope.ServiceProvider.GetRequiredService<AgencyMembersService>();

        await members.ChangeRoleAsync(owner.TenantId, (await staff.GetUserAsync(factory)).Id, AgencyRole.Admin, CancellationToken.None);

        var entry = Assert.Single(await EntriesAsync(owner.TenantId, AuditActions.RoleChanged));
        Assert.Equal($"{staff.Email}: Staff to Admin", entry.Details);
        Assert.Single(await EntriesAsync(owner.TenantId, AuditActions.UserInvited));
    }

    [Fact]
    public async Task UploadAndDeletion_AreRecorded()
    {
        var owner = await AgencySession.CreateAsync(factory, "Audit Upload");
        var upload = await factory.UploadAsync(owner.TenantId, "maillog-june.log", SampleLogs.TwoMailboxes);
        await using var scope = factory.Services.CreateAsyncScope();

        var deleted = await scope.ServiceProvider.GetRequiredService<UploadService>().DeleteAsync(owner.TenantId, upload.Id, CancellationToken.None);

        Assert.True(deleted);
        Assert.Contains("maillog-june.log", Assert.Single(await EntriesAsync(owner.TenantId, AuditActions.Upload)).Details);
        Assert.Contains(upload.Id.ToString(), Assert.Single(await EntriesAsync(owner.TenantId, AuditActions.Deletion)).Details);
    }

    [Fact]
    public async Task SettingsChange_IsRecordedWithWhatChanged()
    {
        var owner = await AgencySession.CreateAsync(factory, "Audit Settings");
        await using var scope = factory.Services.CreateAsyncScope();
        var settings = scope.ServiceProvider.GetRequiredService<AgencySettingsService>();

        var unchanged = await settings.SaveAsync(owner.TenantId, await settings.GetAsync(owner.TenantId, CancellationToken.None), CancellationToken.None);
        var changed = await settings.SaveAsync(owner.TenantId, new AgencySettings { Name = "Audit Settings", PersistentSoftMaxAttempts = 7, PersistentSoftMaxHours = 72 }, CancellationToken.None);

        Assert.Empty(unchanged.Problems);
        Assert.Empty(changed.Problems);
        var entry = Assert.Single(await EntriesAsync(owner.TenantId, AuditActions.SettingsChanged));
        Assert.Equal("persistent soft bounce attempts: 5 to 7", entry.Details);
    }

    [Fact]
    public async Task Reader_FiltersAndPagesNewestFirst()
    {
        var owner = await AgencySession.CreateAsync(factory, "Audit Paging");
        await using var scope = factory.Services.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
        for (var i = 0; i < 5; i++)
        {
            await audit.RecordAsync(new AuditRecord(owner.TenantId, AuditActions.Pause, $"Paused mailbox {i}"));
        }

        var reader = scope.ServiceProvider.GetRequiredService<AuditLogReader>();
        var first = await reader.ListAsync(owner.TenantId, new AuditFilter(AuditActions.Pause, PageIndex: 0, PageSize: 2), CancellationToken.None);
        var last = await reader.ListAsync(owner.TenantId, new AuditFilter(AuditActions.Pause, PageIndex: 2, PageSize: 2), CancellationToken.None);
        var future = await reader.ListAsync(owner.TenantId, new AuditFilter(AuditActions.Pause, From: DateTimeOffset.UtcNow.AddDays(1)), CancellationToken.None);

        Assert.Equal(5, first.Total);
        Assert.Equal(["Paused mailbox 4", "Paused mailbox 3"], first.Entries.Select(e => e.Details));
        Assert.Equal(["Paused mailbox 0"], last.Entries.Select(e => e.Details));
        Assert.Equal(0, future.Total);
    }

    [Fact]
    public async Task AuditPage_StaffDenied_AdminAllowed()
    {
        var owner = await AgencySession.CreateAsync(factory, "Audit Page");
        var staff = await AgencySession.JoinAsync(factory, owner, AgencyRole.Staff);
        var admin = await AgencySession.JoinAsync(factory, owner, AgencyRole.Admin);

        var denied = await staff.Client.GetAsync("/audit");
        var page = await admin.GetPageAsync("/audit");

        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("data-testid=\"audit-table\"", page);
    }

    [Fact]
    public async Task Reader_OtherAgency_SeesNoEntries()
    {
        var north = await AgencySession.CreateAsync(factory, "Audit North");
        var south = await AgencySession.CreateAsync(factory, "Audit South");
        await factory.UploadAsync(north.TenantId, "north-secret.log", SampleLogs.TwoMailboxes);
        await using var scope = factory.Services.CreateAsyncScope();
        var reader = scope.ServiceProvider.GetRequiredService<AuditLogReader>();

        var southPage = await reader.ListAsync(south.TenantId, new AuditFilter(), CancellationToken.None);

        Assert.DoesNotContain(southPage.Entries, e => e.Details.Contains("north-secret.log"));
        Assert.All(southPage.Entries, e => Assert.Equal(south.TenantId, e.TenantId));
        await using var southDb = factory.OpenDatabase(south.TenantId);
        var northEntryId = (await EntriesAsync(north.TenantId, AuditActions.Upload)).Single().Id;
        Assert.Null(await southDb.AuditEntries.SingleOrDefaultAsync(e => e.Id == northEntryId));
    }

    // Opens the authenticator page for its key and verifies a code of that key, which turns two-factor sign-in on.
    private static async Task EnableAuthenticatorAsync(AgencySession member)
    {
        var page = await member.GetPageAsync("/Account/Manage/EnableAuthenticator");
        var key = SharedKey().Match(page).Groups["key"].Value;
        Assert.False(string.IsNullOrEmpty(key), "The authenticator page shows no key.");

        var verified = await AgencySession.PostFormAsync(member.Client, "/Account/Manage/EnableAuthenticator", new Dictionary<string, string>
        {
            ["Input.Code"] = Totp.Code(key, DateTimeOffset.UtcNow),
        });
        Assert.DoesNotContain("Verification code is invalid", await verified.Content.ReadAsStringAsync());
    }

    private static async Task ResetAuthenticatorAsync(AgencySession member)
    {
        var reset = await AgencySession.PostFormAsync(member.Client, "/Account/Manage/ResetAuthenticator", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Contains("Account/Manage/EnableAuthenticator", reset.Headers.Location!.ToString());
    }

    // Reads the whole audit log of the agency as its audit page does and checks that no entry names the text.
    private async Task AssertNotListedAsync(Guid tenantId, string text)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var reader = scope.ServiceProvider.GetRequiredService<AuditLogReader>();
        var page = await reader.ListAsync(tenantId, new AuditFilter(PageSize: AuditLogReader.MaxPageSize), CancellationToken.None);

        Assert.NotEmpty(page.Entries);
        Assert.True(page.Total <= AuditLogReader.MaxPageSize, "The log has more entries than one page holds.");
        Assert.DoesNotContain(page.Entries, e => e.Details.Contains(text, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(page.Entries, e => string.Equals(e.ActorName, text, StringComparison.OrdinalIgnoreCase));
    }

    private async Task<List<AuditEntry>> EntriesAsync(Guid tenantId, string action)
    {
        await using var db = factory.OpenDatabase(tenantId);
        return await db.AuditEntries.Where(e => e.Action == action).ToListAsync();
    }

    private HttpClient NewClient() =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    [GeneratedRegex("<kbd>(?<key>[a-z0-9 ]+)</kbd>")]
    private static partial Regex SharedKey();
}
