using System.Net;
using BouncePortal.Domain.Ramp;
using BouncePortal.Infrastructure.Ramp;
using BouncePortal.Web.Tests.Support;

namespace BouncePortal.Web.Tests.Alerts;

public sealed class RampPlanTests(AlertsPortalFactory factory) : IClassFixture<AlertsPortalFactory>
{
    private static readonly DateOnly Start = new(2026, 3, 2);

    [Fact]
    public async Task Create_Recovery_StoresPlannerDays()
    {
        var agency = await AgencySession.CreateAsync(factory, "Ramp Agency");
        var mailbox = await factory.AddMailboxAsync(agency.TenantId, "anna@ramp.example");

        var result = await CreateAsync(agency.TenantId, mailbox.Id, new RampPlanRequest { Kind = RampKind.Recovery, PreviousDailyVolume = 40, TargetDailyVolume = 35, Start = Start });

        Assert.Null(result.Problem);
        var stored = await factory.WithServiceAsync<StoredRampPlan?, RampPlanService>(s => s.GetAsync(agency.TenantId, result.Plan!.Id, CancellationToken.None));
        Assert.Equal(RampPlanner.Recovery(40, 35, Start).Days, stored!.ToPlan().Days);
        Assert.Equal("staff", stored.CreatedBy);
    }

    [Fact]
    public async Task Create_NewMailboxOutOfRange_ReturnsProblem()
    {
        var agency = await AgencySession.CreateAsync(factory, "Bad Ramp Agency");
        var mailbox = await factory.AddMailboxAsync(agency.TenantId, "anna@bad-ramp.example");

        var result = await CreateAsync(agency.TenantId, mailbox.Id, new RampPlanRequest { Kind = RampKind.NewMailbox, TargetDailyVolume = 80, Start = Start });

        Assert.Null(result.Plan);
        Assert.StartsWith("The target daily volume 80 is outside 20 to 50", result.Problem);
        Assert.DoesNotContain("Parameter", result.Problem);
    }

    [Fact]
    public async Task Adherence_SendsFromRollups_FlagDaysOverPlan()
    {
        var agency = await AgencySession.CreateAsync(factory, "Adherence Agency");
        var mailbox = await factory.AddMailboxAsync(agency.TenantId, "anna@adherence.example");
        var plan = (await CreateAsync(agency.TenantId, mailbox.Id, new RampPlanRequest { Kind = RampKind.Recovery, PreviousDailyVolume = 40, TargetDailyVolume = 35, Start = Start })).Plan!;
        await factory.AddSendsAsync(agency.TenantId, mailbox.Address, new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero), sent: 18, soft: 0);
        await factory.AddSendsAsync(agency.TenantId, mailbox.Address, new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero), sent: 15, soft: 0);
        await factory.AddSendsAsync(agency.TenantId, mailbox.Address, new DateTimeOffset(2026, 3, 3, 14, 0, 0, TimeSpan.Zero), sent: 10, soft: 0);

        var days = await factory.WithServiceAsync<IReadOnlyList<RampAdherenceDay>?, RampPlanService>(s => s.GetAdherenceAsync(agency.TenantId, plan.Id, CancellationToken.None));

        Assert.Equal(new RampAdherenceDay(Start, 20, 18, false), days![0]);
        Assert.Equal(new RampAdherenceDay(Start.AddDays(1), 20, 25, true), days[1]);
        Assert.Equal(new RampAdherenceDay(Start.AddDays(2), 20, 0, false), days[2]);
    }

    [Fact]
    public async Task CsvEndpoint_OwnPlan_DownloadsRows()
    {
        var agency = await AgencySession.CreateAsync(factory, "Csv Agency");
        var mailbox = await factory.AddMailboxAsync(agency.TenantId, "anna@csv.example");
        var plan = (await CreateAsync(agency.TenantId, mailbox.Id, new RampPlanRequest { Kind = RampKind.Resume, PreviousDailyVolume = 40, TargetDailyVolume = 35, Start = Start })).Plan!;

        var response = await agency.Client.GetAsync($"/exports/ramp-plans/{plan.Id}.csv");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("date,daily_limit", lines[0]);
        Assert.Equal("2026-03-02,16", lines[1]);
        Assert.Equal(plan.ToPlan().Days.Count + 1, lines.Length);
    }

    [Fact]
    public async Task CsvEndpoint_Anonymous_IsRejected()
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync($"/exports/ramp-plans/{Guid.NewGuid()}.csv");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    private Task<RampPlanResult> CreateAsync(Guid tenantId, Guid mailboxId, RampPlanRequest request) =>
        factory.WithServiceAsync<RampPlanResult, RampPlanService>(s => s.CreateAsync(tenantId, mailboxId, request, "staff", CancellationToken.None));
}
