using BouncePortal.Infrastructure.Mailboxes;
using BouncePortal.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration;

public sealed class MailboxInventoryTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Add_ValidDraft_StoresNormalisedMailbox()
    {
        var agency = await AgencySession.CreateAsync(factory, "Inventory Agency");
        var inventory = GetInventory();

        var result = await inventory.AddAsync(agency.TenantId, new MailboxDraft
        {
            Address = "  Anna@Outreach-Example.com ",
            Provider = MailboxProvider.Microsoft365,
            CurrentDailyVolume = 25,
            TargetDailyVolume = 35,
            WarmupEnabled = false,
            Status = MailboxStatus.Ramping,
            CreatedOn = new DateOnly(2026, 11, 1),
        }, CancellationToken.None);

        Assert.True(result.Succeeded);
        var listed = Assert.Single(await inventory.ListAsync(agency.TenantId, includeArchived: false, CancellationToken.None));
        Assert.Equal("anna@outreach-example.com", listed.Address);
        Assert.Equal("outreach-example.com", listed.SendingDomain);
        Assert.Equal(MailboxProvider.Microsoft365, listed.Provider);
        Assert.Equal(25, listed.CurrentDailyVolume);
        Assert.Equal(35, listed.TargetDailyVolume);
        Assert.False(listed.WarmupEnabled);
        Assert.Equal(MailboxStatus.Ramping, listed.Status);
        Assert.Equal(new DateOnly(2026, 11, 1), listed.CreatedOn);
    }

    [Theory]
    [InlineData("", "Enter the mailbox address.")]
    [InlineData("not-an-address", "is not a valid email address")]
    public async Task Add_InvalidAddress_ReturnsProblem(string address, string expected)
    {
        var agency = await AgencySession.CreateAsync(factory, "Invalid Agency");

        var result = await GetInventory().AddAsync(agency.TenantId, new MailboxDraft { Address = address }, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.Problem);
    }

    [Fact]
    public async Task Add_Duplicate_ReturnsProblem()
    {
        var agency = await AgencySession.CreateAsync(factory, "Duplicate Agency");
        var inventory = GetInventory();
        await inventory.AddAsync(agency.TenantId, new MailboxDraft { Address = "anna@example.com" }, CancellationToken.None);

        var second = await inventory.AddAsync(agency.TenantId, new MailboxDraft { Address = "ANNA@example.com" }, CancellationToken.None);

        Assert.False(second.Succeeded);
        Assert.Contains("already in the inventory", second.Problem);
    }

    [Fact]
    public async Task Add_SameAddressInTwoAgencies_BothSucceed()
    {
        var north = await AgencySession.CreateAsync(factory, "North");
        var south = await AgencySession.CreateAsync(factory, "South");
        var inventory = GetInventory();

        var first = await inventory.AddAsync(north.TenantId, new MailboxDraft { Address = "shared@example.com" }, CancellationToken.None);
        var second = await inventory.AddAsync(south.TenantId, new MailboxDraft { Address = "shared@example.com" }, CancellationToken.None);

        Assert.True(first.Succeeded);
        Assert.True(second.Succeeded);
    }

    [Fact]
    public async Task Update_ChangesFields()
    {
        var agency = await AgencySession.CreateAsync(factory, "Edit Agency");
        var inventory = GetInventory();
        var added = await inventory.AddAsync(agency.TenantId, new MailboxDraft { Address = "anna@example.com" }, CancellationToken.None);
        var draft = MailboxDraft.From(added.Mailbox!);
        draft.Status = MailboxStatus.Paused;
        draft.CurrentDailyVolume = 12;

        var updated = await inventory.UpdateAsync(agency.TenantId, added.Mailbox!.Id, draft, CancellationToken.None);

        Assert.True(updated.Succeeded);
        var listed = Assert.Single(await inventory.ListAsync(agency.TenantId, false, CancellationToken.None));
        Assert.Equal(MailboxStatus.Paused, listed.Status);
        Assert.Equal(12, listed.CurrentDailyVolume);
    }

    [Fact]
    public async Task Archive_HidesUntilAskedAndRestores()
    {
        var agency = await AgencySession.CreateAsync(factory, "Archive Agency");
        var inventory = GetInventory();
        var added = await inventory.AddAsync(agency.TenantId, new MailboxDraft { Address = "anna@example.com" }, CancellationToken.None);

        Assert.True(await inventory.SetArchivedAsync(agency.TenantId, added.Mailbox!.Id, true, CancellationToken.None));

        Assert.Empty(await inventory.ListAsync(agency.TenantId, false, CancellationToken.None));
        var archived = Assert.Single(await inventory.ListAsync(agency.TenantId, true, CancellationToken.None));
        Assert.NotNull(archived.ArchivedAt);

        Assert.True(await inventory.SetArchivedAsync(agency.TenantId, added.Mailbox.Id, false, CancellationToken.None));
        Assert.Single(await inventory.ListAsync(agency.TenantId, false, CancellationToken.None));
    }

    [Fact]
    public async Task Discovered_AddedSender_LeavesTheList()
    {
        var agency = await AgencySession.CreateAsync(factory, "Discovered Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        var inventory = GetInventory();
        Assert.Equal(2, (await inventory.ListDiscoveredAsync(agency.TenantId, CancellationToken.None)).Count);

        await inventory.AddAsync(agency.TenantId, new MailboxDraft { Address = "anna@outreach-example.com" }, CancellationToken.None);

        var remaining = Assert.Single(await inventory.ListDiscoveredAsync(agency.TenantId, CancellationToken.None));
        Assert.Equal("ben@outreach-example.net", remaining.Address);
        Assert.Equal(2, remaining.Sent);
    }

    private MailboxInventoryService GetInventory() =>
        factory.Services.CreateScope().ServiceProvider.GetRequiredService<MailboxInventoryService>();
}
