using BouncePortal.Infrastructure.Rollups;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Web.Tests.Integration;

/// <summary>
/// An ESP export without a delivery event stores no rollups. A later export of the same events with
/// deliveries counts the attempts the first one stored, and a later export of failures alone skips
/// them. So each attempt counts toward the rates once.
/// </summary>
public sealed class FailureOnlyOverlapTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Bounce = """{"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General","bouncedRecipients":[{"emailAddress":"sales@example.com","action":"failed","status":"5.1.1","diagnosticCode":"smtp; 550 5.1.1 user unknown"}],"timestamp":"2024-06-11T09:15:31.420Z","feedbackId":"0100018f-example-000000"},"mail":{"timestamp":"2024-06-11T09:15:30.000Z","source":"anna@outreach.example.com","messageId":"0100018f-example-msg-000000","destination":["sales@example.com"]}}""";

    private const string OtherBounce = """{"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General","bouncedRecipients":[{"emailAddress":"gone@example.org","action":"failed","status":"5.1.1","diagnosticCode":"smtp; 550 5.1.1 user unknown"}],"timestamp":"2024-06-11T09:40:31.420Z","feedbackId":"0100018f-example-000002"},"mail":{"timestamp":"2024-06-11T09:40:30.000Z","source":"anna@outreach.example.com","messageId":"0100018f-example-msg-000002","destination":["gone@example.org"]}}""";

    private const string Delivery = """{"eventType":"Delivery","delivery":{"timestamp":"2024-06-11T09:20:31.420Z","recipients":["cfo@example.net"],"smtpResponse":"250 2.0.0 OK"},"mail":{"timestamp":"2024-06-11T09:20:30.000Z","source":"anna@outreach.example.com","messageId":"0100018f-example-msg-000001","destination":["cfo@example.net"]}}""";

    [Fact]
    public async Task ExportWithDeliveries_CountsEarlierFailures()
    {
        var agency = await AgencySession.CreateAsync(factory, "Failures Then Full Export");
        var failures = await UploadAsync(agency.TenantId, "ses-bounces.jsonl", Bounce);
        var full = await UploadAsync(agency.TenantId, "ses-all.jsonl", Bounce, Delivery);

        Assert.Equal(1, failures.AttemptsStored);
        Assert.Equal(2, full.AttemptsStored);
        Assert.Null(full.SkippedReasons);
        await using var db = factory.OpenDatabase(agency.TenantId);
        var agencyRollups = await db.Rollups.Where(r => r.Kind == SliceKind.Agency).ToListAsync();
        Assert.All(agencyRollups, r => Assert.Equal(full.Id, r.UploadId));
        Assert.Equal(2, agencyRollups.Sum(r => r.Sent));
        Assert.Equal(1, agencyRollups.Sum(r => r.HardBounced));
    }

    [Fact]
    public async Task SecondFailureExport_SkipsSharedAttempts()
    {
        var agency = await AgencySession.CreateAsync(factory, "Two Failure Exports");
        var first = await UploadAsync(agency.TenantId, "ses-week1.jsonl", Bounce);
        var second = await UploadAsync(agency.TenantId, "ses-week2.jsonl", Bounce, OtherBounce);

        Assert.Equal(1, first.AttemptsStored);
        Assert.Equal(1, second.AttemptsStored);
        Assert.StartsWith("attempt already stored from ses-week1.jsonl", second.SkippedReasons);
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.Equal(2, await db.Attempts.CountAsync());
        Assert.Equal(2, await db.RecipientOutcomes.CountAsync());
        Assert.False(await db.Rollups.AnyAsync());
    }

    [Fact]
    public async Task FailureExportAfterFull_SkipsCountedAttempts()
    {
        var agency = await AgencySession.CreateAsync(factory, "Full Then Failures Export");
        var full = await UploadAsync(agency.TenantId, "ses-all.jsonl", Bounce, Delivery);
        var failures = await UploadAsync(agency.TenantId, "ses-bounces.jsonl", Bounce);

        Assert.Equal(2, full.AttemptsStored);
        Assert.Equal(0, failures.AttemptsStored);
        Assert.StartsWith("attempt already stored from ses-all.jsonl", failures.SkippedReasons);
    }

    [Fact]
    public async Task OtherAgencysExport_SkipsNothing()
    {
        var first = await AgencySession.CreateAsync(factory, "Failure Export First Agency");
        var second = await AgencySession.CreateAsync(factory, "Failure Export Second Agency");
        await UploadAsync(first.TenantId, "ses-bounces.jsonl", Bounce);
        await UploadAsync(first.TenantId, "ses-all.jsonl", Bounce, Delivery);

        var failures = await UploadAsync(second.TenantId, "ses-bounces.jsonl", Bounce);
        var full = await UploadAsync(second.TenantId, "ses-all.jsonl", Bounce, Delivery);

        Assert.Equal(1, failures.AttemptsStored);
        Assert.Null(failures.SkippedReasons);
        Assert.Equal(2, full.AttemptsStored);
        Assert.Null(full.SkippedReasons);
        await using var db = factory.OpenDatabase(second.TenantId);
        Assert.Equal(3, await db.Attempts.CountAsync());
        Assert.Equal(2, await db.Rollups.Where(r => r.Kind == SliceKind.Agency).SumAsync(r => r.Sent));
    }

    private async Task<Upload> UploadAsync(Guid tenantId, string fileName, params string[] records)
    {
        var upload = await factory.UploadAsync(tenantId, fileName, string.Join('\n', records) + "\n");
        await factory.RunUploadJobAsync(tenantId, upload.Id);
        var stored = await factory.ReloadAsync(tenantId, upload.Id);
        Assert.True(stored.Status == UploadStatus.Completed, stored.Error);
        return stored;
    }
}
