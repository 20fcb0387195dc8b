using BouncePortal.Infrastructure.Settings;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration;

public sealed class AgencySettingsTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string MailboxFullTwice = """
        2024-06-11T09:00:00+00:00 mta1 postfix/qmgr[2210]: 4D0000000A: from=<anna@outreach-example.com>, size=4812, nrcpt=1 (queue active)
        2024-06-11T09:00:02+00:00 mta1 postfix/smtp[30117]: 4D0000000A: to=<full@example.com>, relay=mx.example.com[192.0.2.27]:25, delay=1, delays=0.1/0/0.5/0.4, dsn=4.2.2, status=deferred (host mx.example.com[192.0.2.27] said: 452 4.2.2 Mailbox full (in reply to RCPT TO command))
        2024-06-11T10:00:02+00:00 mta1 postfix/smtp[30118]: 4D0000000A: to=<full@example.com>, relay=mx.example.com[192.0.2.27]:25, delay=3601, delays=3600/0/0.5/0.4, dsn=4.2.2, status=deferred (host mx.example.com[192.0.2.27] said: 452 4.2.2 Mailbox full (in reply to RCPT TO command))

        """;

    [Fact]
    public async Task Save_Invalid_ReturnsProblemAndKeepsOld()
    {
        var agency = await AgencySession.CreateAsync(factory, "Settings Agency");
        var service = GetService();

        var problem = await service.SaveAsync(agency.TenantId, new AgencySettings { Name = "Settings Agency", PersistentSoftMaxAttempts = 1, PersistentSoftMaxHours = 72 }, CancellationToken.None);

        Assert.Contains("between 2 and 50", problem.Summary);
        var stored = await service.GetAsync(agency.TenantId, CancellationToken.None);
        Assert.Equal(5, stored.PersistentSoftMaxAttempts);
    }

    [Fact]
    public async Task Save_SeveralInvalid_ReportsEveryProblem()
    {
        var agency = await AgencySession.CreateAsync(factory, "Several Problems Agency");

        var problem = await GetService().SaveAsync(
            agency.TenantId, new AgencySettings { Name = "Several Problems Agency", PersistentSoftMaxAttempts = 1, PersistentSoftMaxHours = 721 }, CancellationToken.None);

        Assert.NotNull(problem.Summary);
        var lines = problem.Summary.Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Contains("between 2 and 50, not 1", lines[0]);
        Assert.Contains("between 1 and 720 (30 days), not 721", lines[1]);
    }

    [Fact]
    public async Task Save_SeveralInvalid_NamesEachField()
    {
        var agency = await AgencySession.CreateAsync(factory, "Field Problems Agency");

        var validation = await GetService().SaveAsync(
            agency.TenantId,
            new AgencySettings { Name = "Field Problems Agency", TimeZoneId = "Mars/Olympus", SoftRateAlertPercent = 60, RetentionDays = 3 },
            CancellationToken.None);

        Assert.False(validation.IsValid);
        Assert.Equal(
            [nameof(AgencySettings.TimeZoneId), nameof(AgencySettings.SoftRateAlertPercent), nameof(AgencySettings.RetentionDays)],
            validation.Problems.Select(problem => problem.Field));
        Assert.Equal(
            "'Mars/Olympus' is not a known time zone. Choose one from the list, such as Europe/Berlin or America/New_York.",
            validation.ProblemWith(nameof(AgencySettings.TimeZoneId)));
        Assert.Equal("The soft rate alert threshold must be between 0.5% and 50%, not 60%.", validation.ProblemWith(nameof(AgencySettings.SoftRateAlertPercent)));
        Assert.Equal("The retention period must be between 7 and 3650 days (10 years), not 3.", validation.ProblemWith(nameof(AgencySettings.RetentionDays)));
        Assert.Null(validation.ProblemWith(nameof(AgencySettings.Name)));
        Assert.Equal(string.Join('\n', validation.Problems.Select(problem => problem.Message)), validation.Summary);
        var stored = await GetService().GetAsync(agency.TenantId, CancellationToken.None);
        Assert.Equal("UTC", stored.TimeZoneId);
        Assert.Equal(180, stored.RetentionDays);
    }

    [Fact]
    public async Task Save_Valid_ReturnsNoProblem()
    {
        var agency = await AgencySession.CreateAsync(factory, "Valid Settings Agency");

        var validation = await GetService().SaveAsync(
            agency.TenantId, new AgencySettings { Name = "Valid Settings Agency", RetentionDays = 30 }, CancellationToken.None);

        Assert.True(validation.IsValid);
        Assert.Empty(validation.Problems);
        Assert.Null(validation.Summary);
        Assert.Equal(30, (await GetService().GetAsync(agency.TenantId, CancellationToken.None)).RetentionDays);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Save_EmptyTimeZone_NamesEmpty(string? timeZoneId)
    {
        var agency = await AgencySession.CreateAsync(factory, "Empty Zone Agency");

        var validation = await GetService().SaveAsync(
            agency.TenantId, new AgencySettings { Name = "Empty Zone Agency", TimeZoneId = timeZoneId! }, CancellationToken.None);

        Assert.Equal(
            "The time zone is empty. Choose one from the list, such as Europe/Berlin or America/New_York.",
            validation.ProblemWith(nameof(AgencySettings.TimeZoneId)));
        Assert.Equal("UTC", (await GetService().GetAsync(agency.TenantId, CancellationToken.None)).TimeZoneId);
    }

    [Fact]
    public async Task Save_EmptyHours_SaysEmpty()
    {
        var agency = await AgencySession.CreateAsync(factory, "Empty Hours Agency");

        var problem = await GetService().SaveAsync(
            agency.TenantId, new AgencySettings { Name = "Empty Hours Agency", PersistentSoftMaxHours = null }, CancellationToken.None);

        Assert.Equal("The number of hours before a soft bounce counts as persistent is empty. Enter a whole number between 1 and 720 (30 days).", problem.Summary);
        var stored = await GetService().GetAsync(agency.TenantId, CancellationToken.None);
        Assert.Equal(72, stored.PersistentSoftMaxHours);
    }

    [Fact]
    public async Task Save_LongName_SaysTooLong()
    {
        var agency = await AgencySession.CreateAsync(factory, "Long Name Agency");

        var problem = await GetService().SaveAsync(agency.TenantId, new AgencySettings { Name = new string('a', 245) }, CancellationToken.None);
        var blank = await GetService().SaveAsync(agency.TenantId, new AgencySettings { Name = "   " }, CancellationToken.None);

        Assert.Equal("The agency's name is too long: 245 characters, and the maximum is 200. Shorten it.", problem.Summary);
        Assert.Equal("The agency's name is empty. Enter the agency's name.", blank.Summary);
        var stored = await GetService().GetAsync(agency.TenantId, CancellationToken.None);
        Assert.Equal("Long Name Agency", stored.Name);
    }

    [Fact]
    public async Task PersistentRule_FromSettings_DecidesSuppression()
    {
        var strict = await AgencySession.CreateAsync(factory, "Strict Agency");
        var lenient = await AgencySession.CreateAsync(factory, "Lenient Agency");
        var saved = await GetService().SaveAsync(strict.TenantId, new AgencySettings { Name = "Strict Agency", PersistentSoftMaxAttempts = 2, PersistentSoftMaxHours = 72 }, CancellationToken.None);
        Assert.Empty(saved.Problems);

        foreach (var agency in new[] { strict, lenient })
        {
            var upload = await factory.UploadAsync(agency.TenantId, "maillog", MailboxFullTwice);
            await factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        }

        await using var strictDb = factory.OpenDatabase(strict.TenantId);
        await using var lenientDb = factory.OpenDatabase(lenient.TenantId);
        Assert.True((await strictDb.RecipientOutcomes.SingleAsync()).Suppress);
        Assert.False((await lenientDb.RecipientOutcomes.SingleAsync()).Suppress);
    }

    [Fact]
    public async Task Page_ShowsOwnAgencyName()
    {
        var agency = await AgencySession.CreateAsync(factory, "Named Settings Agency");

        var page = await agency.GetPageAsync("/settings");

        Assert.Contains("value=\"Named Settings Agency\"", page);
    }

    private AgencySettingsService GetService() =>
        factory.Services.CreateScope().ServiceProvider.GetRequiredService<AgencySettingsService>();
}
