using BouncePortal.Domain.Parsing.Sequencer;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration;

public sealed class CsvDateOrderUploadTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Header = "contact,outcome,when\n";

    // 2 Dec, 4 Dec and 30 Nov 2026, written day first.
    private const string DayFirstCsv = Header
        + "first@example.com,bounced,02/12/2026\n"
        + "second@example.com,bounced,04/12/2026\n"
        + "third@example.com,bounced,30/11/2026\n";

    // A mapping as saved before mappings had a date order.
    private const string MappingJsonWithoutOrder =
        """{"recipientColumn":"contact","senderColumn":null,"campaignColumn":null,"statusColumn":"outcome","reasonColumn":null,"timestampColumn":"when","bouncedValues":["bounced"],"deliveredValues":["sent"]}""";

    private async Task<Dictionary<string, DateTime>> AttemptTimesAsync(Guid tenantId, Guid uploadId)
    {
        await using var db = factory.OpenDatabase(tenantId);
        return await db.Attempts.Where(a => a.UploadId == uploadId).ToDictionaryAsync(a => a.Recipient, a => a.AttemptedAt);
    }

    [Fact]
    public async Task DayFirstCsv_ConfirmedDayFirst_StoresDates()
    {
        var agency = await AgencySession.CreateAsync(factory, "Day First Agency");
        await using var scope = factory.Services.CreateAsyncScope();
        var uploads = scope.ServiceProvider.GetRequiredService<UploadService>();
        var upload = await factory.UploadAsync(agency.TenantId, "day-first.csv", DayFirstCsv);
        Assert.Equal(UploadStatus.AwaitingMapping, upload.Status);

        var proposal = await uploads.GetMappingProposalAsync(agency.TenantId, upload.Id, CancellationToken.None);
        Assert.NotNull(proposal);
        Assert.Equal("when", proposal.Suggested.TimestampColumn);
        Assert.Equal(DateOrder.DayFirst, proposal.Suggested.DateOrder);

        var mapping = proposal.Suggested with { StatusColumn = "outcome", BouncedValues = ["bounced"] };
        Assert.Null(await uploads.ConfirmMappingAsync(agency.TenantId, upload.Id, mapping, CancellationToken.None));
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var done = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.True(done.Status == UploadStatus.Completed, done.Error);
        Assert.Equal(3, done.AttemptsStored);
        Assert.Equal(0, done.LinesSkipped);
        var times = await AttemptTimesAsync(agency.TenantId, upload.Id);
        Assert.Equal(new DateTime(2026, 12, 2), times["first@example.com"]);
        Assert.Equal(new DateTime(2026, 12, 4), times["second@example.com"]);
        Assert.Equal(new DateTime(2026, 11, 30), times["third@example.com"]);
        Assert.Contains("\"dateOrder\":\"DayFirst\"", done.CsvMappingJson);
    }

    [Fact]
    public async Task SavedDayFirstMapping_IsReused()
    {
        var agency = await AgencySession.CreateAsync(factory, "Saved Day First Agency");
        await using var scope = factory.Services.CreateAsyncScope();
        var uploads = scope.ServiceProvider.GetRequiredService<UploadService>();
        var first = await factory.UploadAsync(agency.TenantId, "first.csv", DayFirstCsv);
        var mapping = new CsvColumnMapping { RecipientColumn = "contact", StatusColumn = "outcome", TimestampColumn = "when", BouncedValues = ["bounced"], DateOrder = DateOrder.DayFirst };
        Assert.Null(await uploads.ConfirmMappingAsync(agency.TenantId, first.Id, mapping, CancellationToken.None));

        // Every date of this file fits both orders, so only the saved order decides.
        var second = await factory.UploadAsync(agency.TenantId, "second.csv", Header + "fourth@example.com,bounced,05/12/2026\n");
        Assert.Equal(UploadStatus.Queued, second.Status);
        await factory.RunUploadJobAsync(agency.TenantId, second.Id);

        var times = await AttemptTimesAsync(agency.TenantId, second.Id);
        Assert.Equal(new DateTime(2026, 12, 5), times["fourth@example.com"]);

        var otherAgency = await AgencySession.CreateAsync(factory, "Other Day First Agency");
        var foreign = await factory.UploadAsync(otherAgency.TenantId, "second.csv", Header + "fourth@example.com,bounced,05/12/2026\n");
        Assert.Equal(UploadStatus.AwaitingMapping, foreign.Status);
        var foreignProposal = await uploads.GetMappingProposalAsync(otherAgency.TenantId, foreign.Id, CancellationToken.None);
        Assert.Equal(DateOrder.MonthFirst, foreignProposal?.Suggested.DateOrder);
    }

    [Fact]
    public async Task SavedMapping_OtherOrderInFile_AsksAgain()
    {
        var agency = await AgencySession.CreateAsync(factory, "Order Changed Agency");
        await using var scope = factory.Services.CreateAsyncScope();
        var uploads = scope.ServiceProvider.GetRequiredService<UploadService>();
        var first = await factory.UploadAsync(agency.TenantId, "first.csv", Header + "first@example.com,bounced,12/30/2026\n");
        var mapping = new CsvColumnMapping { RecipientColumn = "contact", StatusColumn = "outcome", TimestampColumn = "when", BouncedValues = ["bounced"], DateOrder = DateOrder.MonthFirst };
        Assert.Null(await uploads.ConfirmMappingAsync(agency.TenantId, first.Id, mapping, CancellationToken.None));

        var second = await factory.UploadAsync(agency.TenantId, "second.csv", DayFirstCsv);

        Assert.Equal(UploadStatus.AwaitingMapping, second.Status);
        Assert.Contains("do not fit the date order of the saved column mapping", second.FormatReason);
        var proposal = await uploads.GetMappingProposalAsync(agency.TenantId, second.Id, CancellationToken.None);
        Assert.NotNull(proposal);
        Assert.Equal("outcome", proposal.Suggested.StatusColumn);
        Assert.Equal(["bounced"], proposal.Suggested.BouncedValues);
        Assert.Equal(DateOrder.DayFirst, proposal.Suggested.DateOrder);
    }

    [Fact]
    public async Task SavedMappingWithoutOrder_ReadsMonthFirst()
    {
        var agency = await AgencySession.CreateAsync(factory, "Old Mapping Agency");
        await using (var db = factory.OpenDatabase(agency.TenantId))
        {
            db.CsvMappingPresets.Add(new CsvMappingPreset
            {
                Id = Guid.NewGuid(),
                HeaderSignature = "contact,outcome,when",
                MappingJson = MappingJsonWithoutOrder,
                UpdatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var upload = await factory.UploadAsync(agency.TenantId, "old.csv", Header + "first@example.com,bounced,02/12/2026 10:00\nsecond@example.com,sent,12/30/2026 10:00\n");
        Assert.Equal(UploadStatus.Queued, upload.Status);
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var times = await AttemptTimesAsync(agency.TenantId, upload.Id);
        Assert.Equal(new DateTime(2026, 2, 12, 10, 0, 0), times["first@example.com"]);
        Assert.Equal(new DateTime(2026, 12, 30, 10, 0, 0), times["second@example.com"]);
    }

    [Fact]
    public void MappingJson_WithoutOrder_IsMonthFirst()
    {
        var mapping = CsvMappingJson.Read(MappingJsonWithoutOrder);

        Assert.NotNull(mapping);
        Assert.Equal(DateOrder.MonthFirst, mapping.DateOrder);
        Assert.Equal("when", mapping.TimestampColumn);
    }

    [Fact]
    public void MappingJson_DayFirst_RoundTrips()
    {
        var mapping = new CsvColumnMapping { RecipientColumn = "contact", TimestampColumn = "when", DateOrder = DateOrder.DayFirst };

        var json = CsvMappingJson.Write(mapping);

        Assert.Contains("\"dateOrder\":\"DayFirst\"", json);
        Assert.Equal(DateOrder.DayFirst, CsvMappingJson.Read(json)?.DateOrder);
    }

    [Fact]
    public async Task Remap_WrongOrder_ReadsAgainDayFirst()
    {
        var agency = await AgencySession.CreateAsync(factory, "Remap Agency");
        await using var scope = factory.Services.CreateAsyncScope();
        var uploads = scope.ServiceProvider.GetRequiredService<UploadService>();
        var upload = await factory.UploadAsync(agency.TenantId, "remap.csv", DayFirstCsv);
        var monthFirst = new CsvColumnMapping { RecipientColumn = "contact", StatusColumn = "outcome", TimestampColumn = "when", BouncedValues = ["bounced"], DateOrder = DateOrder.MonthFirst };
        Assert.Null(await uploads.ConfirmMappingAsync(agency.TenantId, upload.Id, monthFirst, CancellationToken.None));
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        var wrong = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(2, wrong.AttemptsStored);
        Assert.StartsWith(SequencerCsvParser.NotMonthFirst + ": 1", wrong.SkippedReasons);
        Assert.Equal(1, wrong.LinesSkipped);

        var other = await AgencySession.CreateAsync(factory, "Remap Other Agency");
        Assert.False(await uploads.RemapAsync(other.TenantId, upload.Id, CancellationToken.None));
        Assert.True(await uploads.RemapAsync(agency.TenantId, upload.Id, CancellationToken.None));

        var waiting = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(UploadStatus.AwaitingMapping, waiting.Status);
        Assert.Empty(await AttemptTimesAsync(agency.TenantId, upload.Id));
        var proposal = await uploads.GetMappingProposalAsync(agency.TenantId, upload.Id, CancellationToken.None);
        Assert.NotNull(proposal);
        Assert.Equal(["bounced"], proposal.Suggested.BouncedValues);
        Assert.Equal(DateOrder.DayFirst, proposal.Suggested.DateOrder);

        Assert.Null(await uploads.ConfirmMappingAsync(agency.TenantId, upload.Id, proposal.Suggested, CancellationToken.None));
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var done = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.True(done.Status == UploadStatus.Completed, done.Error);
        Assert.Equal(3, done.AttemptsStored);
        Assert.Equal(new DateTime(2026, 11, 30), (await AttemptTimesAsync(agency.TenantId, upload.Id))["third@example.com"]);
        await using var db = factory.OpenDatabase(agency.TenantId);
        var saved = await db.CsvMappingPresets.SingleAsync();
        Assert.Equal(DateOrder.DayFirst, CsvMappingJson.Read(saved.MappingJson)?.DateOrder);
    }

    [Fact]
    public async Task Remap_PresetUpload_IsRefused()
    {
        var agency = await AgencySession.CreateAsync(factory, "Remap Preset Agency");
        await using var scope = factory.Services.CreateAsyncScope();
        var uploads = scope.ServiceProvider.GetRequiredService<UploadService>();
        var samples = Path.Combine(PortalFactory.RepositoryRoot, "tests", "BouncePortal.Domain.Tests", "Samples");
        var upload = await factory.UploadAsync(agency.TenantId, "smartlead-leads.csv", await File.ReadAllBytesAsync(Path.Combine(samples, "smartlead-leads.csv")));
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        Assert.False(await uploads.RemapAsync(agency.TenantId, upload.Id, CancellationToken.None));
        Assert.Equal(UploadStatus.Completed, (await factory.ReloadAsync(agency.TenantId, upload.Id)).Status);
    }
}
