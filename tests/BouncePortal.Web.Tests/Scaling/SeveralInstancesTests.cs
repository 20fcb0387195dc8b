using System.Net;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Identity;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tests.Support;
using Hangfire;
using Hangfire.States;
using Hangfire.Storage.Monitoring;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Scaling;

/// <summary>
/// Two portal instances, each served by Kestrel on a loopback port, sharing one PostgreSQL
/// database and, for uploads, one data folder.
/// </summary>
[Collection(HangfireServerCollection.Name)]
public sealed class SeveralInstancesTests : IDisposable
{
    private readonly PostgreSqlTestDatabase database = PostgreSqlTestDatabase.Create();
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "bounceportal-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Cookie_FromOtherInstance_SignsIn()
    {
        // Separate data folders: the key ring that protects the cookie must come from the database.
        using var web = PortalInstance.Start(database, Path.Combine(dataDirectory, "first"), "Web");
        using var other = PortalInstance.Start(database, Path.Combine(dataDirectory, "second"), "Web,Jobs");
        var cookies = new CookieContainer();
        using var webClient = Client(web.BaseAddress, cookies);
        var email = $"owner-{Guid.NewGuid():N}@example.com";

        var signUp = await SignUpAsync(webClient, email);

        Assert.Equal(HttpStatusCode.Redirect, signUp.StatusCode);
        using var otherClient = Client(other.BaseAddress, new CookieContainer());
        var anonymous = await otherClient.GetAsync("/mailboxes");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        var signedIn = new HttpRequestMessage(HttpMethod.Get, "/mailboxes");
        signedIn.Headers.Add("Cookie", cookies.GetCookieHeader(web.BaseAddress));
        var page = await otherClient.SendAsync(signedIn);
        var body = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET /mailboxes on the second instance returned {page.StatusCode}");
        Assert.Contains("Instance Agency", body);
        await using var db = other.Services.GetRequiredService<TenantDbContextFactory>().CreateWithoutTenant();
        Assert.NotEmpty(await db.DataProtectionKeys.ToListAsync());
    }

    [Fact]
    public async Task Upload_OnWebInstance_OtherInstanceProcessesOnce()
    {
        using var web = PortalInstance.Start(database, dataDirectory, "Web");
        using var jobs = PortalInstance.Start(database, dataDirectory, "Web,Jobs");
        using var webClient = Client(web.BaseAddress, new CookieContainer());
        var email = $"owner-{Guid.NewGuid():N}@example.com";
        await SignUpAsync(webClient, email);
        var tenantId = await TenantOfAsync(web, email);

        var upload = await web.UploadAsync(tenantId, "maillog", SampleLogs.TwoMailboxes);

        Assert.NotNull(upload.JobId);
        var stored = await WaitForUploadAsync(jobs, tenantId, upload.Id);
        Assert.Equal(UploadStatus.Completed, stored.Status);
        Assert.Equal(9, stored.AttemptsStored);
        var history = await WaitForJobAsync(jobs, upload.JobId);
        var processing = Assert.Single(history, state => state.StateName == ProcessingState.StateName);
        Assert.Single(history, state => state.StateName == SucceededState.StateName);
        var serverId = processing.Data["ServerId"];
        var servers = jobs.Services.GetRequiredService<JobStorage>().GetMonitoringApi().Servers();
        var server = Assert.Single(servers);
        Assert.Equal(server.Name, serverId);
    }

    [Fact]
    public async Task Uploads_TwoJobInstances_EachJobRunsOnce()
    {
        using var first = PortalInstance.Start(database, dataDirectory, "Web,Jobs");
        using var second = PortalInstance.Start(database, dataDirectory, "Web,Jobs");
        using var client = Client(first.BaseAddress, new CookieContainer());
        var email = $"owner-{Guid.NewGuid():N}@example.com";
        await SignUpAsync(client, email);
        var tenantId = await TenantOfAsync(first, email);

        var uploads = new List<Upload>();
        for (var i = 0; i < 6; i++)
        {
            // Each file logs other messages, so none is rejected as a duplicate or skips another's attempts.
            uploads.Add(await first.UploadAsync(tenantId, $"maillog-{i}", SampleLogs.Delivered(i * 9, (i * 9) + 9)));
        }

        var monitoring = second.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        Assert.Equal(2, monitoring.Servers().Count);
        foreach (var upload in uploads)
        {
            var stored = await WaitForUploadAsync(second, tenantId, upload.Id);
            Assert.Equal(UploadStatus.Completed, stored.Status);
            Assert.Equal(9, stored.AttemptsStored);
            var history = await WaitForJobAsync(second, upload.JobId!);
            Assert.Single(history, state => state.StateName == ProcessingState.StateName);
            Assert.Single(history, state => state.StateName == SucceededState.StateName);
        }
    }

    public void Dispose()
    {
        database.Drop();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Neither instance created the folder.
        }
    }

    private static HttpClient Client(Uri baseAddress, CookieContainer cookies) =>
        new(new HttpClientHandler { CookieContainer = cookies, UseCookies = true, AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
        };

    private static Task<HttpResponseMessage> SignUpAsync(HttpClient client, string email) =>
        AgencySession.PostFormAsync(client, "/Account/CreateAgency", new Dictionary<string, string>
        {
            ["Input.AgencyName"] = "Instance Agency",
            ["Input.OwnerName"] = "Test Owner",
            ["Input.Email"] = email,
            ["Input.Password"] = AgencySession.Password,
            ["Input.ConfirmPassword"] = AgencySession.Password,
        });

    private static async Task<Guid> TenantOfAsync(PortalFactory instance, string email)
    {
        await using var scope = instance.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var owner = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"{email} was not created.");
        return owner.TenantId;
    }

    private static async Task<Upload> WaitForUploadAsync(PortalFactory instance, Guid tenantId, Guid uploadId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        var stored = await instance.ReloadAsync(tenantId, uploadId);
        while (stored.Status is UploadStatus.Queued or UploadStatus.Processing && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            stored = await instance.ReloadAsync(tenantId, uploadId);
        }

        return stored;
    }

    /// <summary>Returns the job's state history once it reached a final state, or after 30 seconds.</summary>
    private static async Task<List<StateHistoryDto>> WaitForJobAsync(PortalFactory instance, string jobId)
    {
        var monitoring = instance.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var history = monitoring.JobDetails(jobId).History.ToList();
        while (!history.Any(state => state.StateName == SucceededState.StateName || state.StateName == FailedState.StateName) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            history = monitoring.JobDetails(jobId).History.ToList();
        }

        return history;
    }
}
