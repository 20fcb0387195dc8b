using System.Globalization;
using System.Text;
using BouncePortal.Infrastructure.Dashboard;
using BouncePortal.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration;

/// <summary>
/// The dashboard lists mailboxes by the worse zone of their soft and hard rates, and a mailbox
/// with too few sends to judge comes after the others, whatever its rate.
/// </summary>
public sealed class MailboxOrderTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Mailboxes_WorstZoneFirst_FewSendsLast()
    {
        var agency = await AgencySession.CreateAsync(factory, "Mailbox Order Agency");
        var log = new StringBuilder();
        Messages(log, "tiny@outreach-example.com", sent: 2, soft: 0, hard: 2);
        Messages(log, "warning@outreach-example.com", sent: 100, soft: 3, hard: 0);
        Messages(log, "problem@outreach-example.com", sent: 100, soft: 0, hard: 5);
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", log.ToString());
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        var other = await AgencySession.CreateAsync(factory, "Other Order Agency");
        var otherLog = new StringBuilder();
        Messages(otherLog, "critical@other-example.com", sent: 50, soft: 0, hard: 25);
        var otherUpload = await factory.UploadAsync(other.TenantId, "maillog", otherLog.ToString());
        await factory.RunUploadJobAsync(other.TenantId, otherUpload.Id);

        await using var scope = factory.Services.CreateAsyncScope();
        var dashboard = await scope.ServiceProvider.GetRequiredService<BounceDashboardService>().GetAsync(agency.TenantId, CancellationToken.None);

        Assert.Equal(
            ["problem@outreach-example.com", "warning@outreach-example.com", "tiny@outreach-example.com"],
            dashboard.Mailboxes.Select(m => m.Mailbox));
    }

    private int queue;

    /// <summary>Appends <paramref name="sent"/> one-recipient messages from <paramref name="sender"/>, the first ones soft-deferred or bounced.</summary>
    private void Messages(StringBuilder log, string sender, int sent, int soft, int hard)
    {
        for (var i = 0; i < sent; i++)
        {
            var id = (++queue).ToString("X10", CultureInfo.InvariantCulture);
            var result = i < hard
                ? "dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.26] said: 550 5.1.1 User unknown (in reply to RCPT TO command))"
                : i < hard + soft
                    ? "dsn=4.2.2, status=deferred (host mx.example.com[192.0.2.26] said: 452 4.2.2 Mailbox full (in reply to RCPT TO command))"
                    : "dsn=2.0.0, status=sent (250 2.0.0 Ok)";
            log.Append(CultureInfo.InvariantCulture, $"2024-06-11T10:00:00+00:00 mta1 postfix/qmgr[2210]: {id}: from=<{sender}>, size=4812, nrcpt=1 (queue active)\n");
            log.Append(CultureInfo.InvariantCulture, $"2024-06-11T10:00:01+00:00 mta1 postfix/smtp[30121]: {id}: to=<lead{queue}@example.com>, relay=mx.example.com[192.0.2.26]:25, delay=1, delays=0.1/0/0.5/0.4, {result}\n");
        }
    }
}
