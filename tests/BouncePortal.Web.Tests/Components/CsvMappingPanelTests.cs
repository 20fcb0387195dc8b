using BouncePortal.Domain.Parsing.Sequencer;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Components.Pages.Uploads;
using BouncePortal.Web.Tests.Support;
using Bunit;
using MudBlazor;
using MudBlazor.Extensions;

namespace BouncePortal.Web.Tests.Components;

public sealed class CsvMappingPanelTests(PortalFactory factory) : PortalComponentContext(factory)
{
    [Fact]
    public async Task Panel_StatusFromValues_NoWarning()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Mapping Values Agency");
        var upload = await Factory.UploadAsync(agency.TenantId, "export.csv", """
            contact,outcome,when,smtp_response,mailbox
            first@example.com,BOUNCE,2026-12-04T10:00:00Z,550 5.1.1 no such user,anna@outreach.example.com
            second@example.com,OK,2026-12-04T10:01:00Z,,anna@outreach.example.com
            """);
        Assert.Equal(UploadStatus.AwaitingMapping, upload.Status);
        SignIn(agency, AgencyRole.Staff);

        var panel = Render<CsvMappingPanel>(parameters => parameters
            .Add(p => p.TenantId, agency.TenantId)
            .Add(p => p.UploadId, upload.Id));
        panel.WaitForElement("[data-testid=confirm-mapping]");

        Assert.Empty(panel.FindAll("[data-testid=mapping-no-status]"));
    }

    [Fact]
    public async Task Panel_OtherAgencyUpload_ShowsNothing()
    {
        var owner = await AgencySession.CreateAsync(Factory, "Mapping Owner Agency");
        var other = await AgencySession.CreateAsync(Factory, "Mapping Other Agency");
        var upload = await Factory.UploadAsync(owner.TenantId, "export.csv", """
            contact,smtp_response
            first@example.com,550 5.1.1 no such user
            """);
        SignIn(other, AgencyRole.Staff);

        var panel = Render<CsvMappingPanel>(parameters => parameters
            .Add(p => p.TenantId, other.TenantId)
            .Add(p => p.UploadId, upload.Id));
        await Task.Delay(500);

        Assert.Empty(panel.FindAll("[data-testid=mapping-preview]"));
        Assert.DoesNotContain("first@example.com", panel.Markup);
    }

    [Fact]
    public async Task Panel_NoStatusColumn_WarnsEveryRowBounces()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Mapping Warning Agency");
        var upload = await Factory.UploadAsync(agency.TenantId, "export.csv", """
            contact,smtp_response
            first@example.com,550 5.1.1 no such user
            second@example.com,452 4.2.2 mailbox full
            """);
        Assert.Equal(UploadStatus.AwaitingMapping, upload.Status);
        SignIn(agency, AgencyRole.Staff);

        var panel = Render<CsvMappingPanel>(parameters => parameters
            .Add(p => p.TenantId, agency.TenantId)
            .Add(p => p.UploadId, upload.Id));
        var warning = panel.WaitForElement("[data-testid=mapping-no-status]");

        Assert.Contains("every row counts as a bounce", warning.TextContent);
    }

    [Fact]
    public async Task Panel_StoredFileMissing_NamesFile()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Mapping Missing Agency");
        var upload = await Factory.UploadAsync(agency.TenantId, "export.csv", """
            contact,smtp_response
            first@example.com,550 5.1.1 no such user
            """);
        File.Delete(PortalService<UploadStorage>().GetPath(agency.TenantId, upload.Id));
        SignIn(agency, AgencyRole.Staff);

        var panel = Render<CsvMappingPanel>(parameters => parameters
            .Add(p => p.TenantId, agency.TenantId)
            .Add(p => p.UploadId, upload.Id));
        var error = panel.WaitForElement("[data-testid=mapping-file-missing]");

        Assert.Contains("The stored copy of export.csv is missing", error.TextContent);
        Assert.Contains("Delete this upload, then upload export.csv again", error.TextContent);
        Assert.Empty(panel.FindAll("[data-testid=confirm-mapping]"));
    }

    [Fact]
    public async Task Confirm_FileRemovedAfterLoad_ShowsProblem()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Mapping Removed Agency");
        var upload = await Factory.UploadAsync(agency.TenantId, "export.csv", """
            contact,smtp_response
            first@example.com,550 5.1.1 no such user
            """);
        SignIn(agency, AgencyRole.Staff);
        var confirmed = false;
        var panel = Render<CsvMappingPanel>(parameters => parameters
            .Add(p => p.TenantId, agency.TenantId)
            .Add(p => p.UploadId, upload.Id)
            .Add(p => p.OnConfirmed, () => confirmed = true));
        panel.WaitForElement("[data-testid=confirm-mapping]");

        File.Delete(PortalService<UploadStorage>().GetPath(agency.TenantId, upload.Id));
        panel.Find("[data-testid=confirm-mapping]").Click();

        panel.WaitForAssertion(() => Assert.Contains("The stored copy of export.csv is missing", panel.Find("[data-testid=mapping-error]").TextContent));
        Assert.False(confirmed);
        var stored = await Factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(UploadStatus.AwaitingMapping, stored.Status);
    }

    [Fact]
    public async Task Panel_DayFirstSample_PrefillsAndShowsOrder()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Mapping Day First Agency");
        var upload = await Factory.UploadAsync(agency.TenantId, "export.csv", """
            contact,outcome,when
            first@example.com,bounced,02/12/2026
            second@example.com,bounced,04/12/2026
            third@example.com,bounced,30/11/2026
            """);
        SignIn(agency, AgencyRole.Staff);
        var confirmed = false;

        var panel = Render<CsvMappingPanel>(parameters => parameters
            .Add(p => p.TenantId, agency.TenantId)
            .Add(p => p.UploadId, upload.Id)
            .Add(p => p.OnConfirmed, () => confirmed = true));
        panel.WaitForElement("[data-testid=confirm-mapping]");

        Assert.Equal(DateOrder.DayFirst, DateOrderSelect(panel).Instance.GetState(x => x.Value));
        Assert.Contains("first part is above 12", panel.Find("[data-testid=date-order-hint]").TextContent);
        Assert.Contains("02/12/2026 is read as 2 December 2026", panel.Find("[data-testid=date-order-example]").TextContent);

        panel.Find("[data-testid=confirm-mapping]").Click();

        panel.WaitForAssertion(() => Assert.True(confirmed));
        var stored = await Factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(DateOrder.DayFirst, CsvMappingJson.Read(stored.CsvMappingJson)?.DateOrder);
    }

    [Fact]
    public async Task Panel_AmbiguousSample_SaysItCannotTell()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Mapping Ambiguous Agency");
        var upload = await Factory.UploadAsync(agency.TenantId, "export.csv", """
            contact,outcome,when
            first@example.com,bounced,02/12/2026 14:05
            second@example.com,bounced,04/12/2026 09:30
            """);
        SignIn(agency, AgencyRole.Staff);

        var panel = Render<CsvMappingPanel>(parameters => parameters
            .Add(p => p.TenantId, agency.TenantId)
            .Add(p => p.UploadId, upload.Id));
        panel.WaitForElement("[data-testid=confirm-mapping]");

        Assert.Equal(DateOrder.MonthFirst, DateOrderSelect(panel).Instance.GetState(x => x.Value));
        Assert.Contains("cannot tell the date order", panel.Find("[data-testid=date-order-hint]").TextContent);
        Assert.Contains("02/12/2026 14:05 is read as 12 February 2026, 14:05:00 UTC", panel.Find("[data-testid=date-order-example]").TextContent);

        await panel.InvokeAsync(() => DateOrderSelect(panel).Instance.SelectOption(DateOrder.DayFirst));

        panel.WaitForAssertion(() => Assert.Contains(
            "02/12/2026 14:05 is read as 2 December 2026, 14:05:00 UTC", panel.Find("[data-testid=date-order-example]").TextContent));
    }

    [Fact]
    public async Task Panel_WrongOrderChosen_ExampleSaysSkipped()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Mapping Wrong Order Agency");
        var upload = await Factory.UploadAsync(agency.TenantId, "export.csv", """
            contact,outcome,when
            first@example.com,bounced,30/11/2026
            """);
        SignIn(agency, AgencyRole.Staff);

        var panel = Render<CsvMappingPanel>(parameters => parameters
            .Add(p => p.TenantId, agency.TenantId)
            .Add(p => p.UploadId, upload.Id));
        panel.WaitForElement("[data-testid=confirm-mapping]");
        await panel.InvokeAsync(() => DateOrderSelect(panel).Instance.SelectOption(DateOrder.MonthFirst));

        panel.WaitForAssertion(() => Assert.Contains(
            "30/11/2026 does not fit this date order", panel.Find("[data-testid=date-order-example]").TextContent));
    }

    [Fact]
    public async Task Panel_IsoTimes_NoOrderHint()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Mapping Iso Agency");
        var upload = await Factory.UploadAsync(agency.TenantId, "export.csv", """
            contact,outcome,when
            first@example.com,bounced,2026-12-02T10:00:00Z
            """);
        SignIn(agency, AgencyRole.Staff);

        var panel = Render<CsvMappingPanel>(parameters => parameters
            .Add(p => p.TenantId, agency.TenantId)
            .Add(p => p.UploadId, upload.Id));
        panel.WaitForElement("[data-testid=confirm-mapping]");

        Assert.Empty(panel.FindAll("[data-testid=date-order-hint]"));
        Assert.Contains("is read as 2 December 2026, 10:00:00 UTC", panel.Find("[data-testid=date-order-example]").TextContent);
    }

    [Fact]
    public async Task Panel_OtherTimeColumn_DetectsAgain()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Mapping Time Column Agency");
        var upload = await Factory.UploadAsync(agency.TenantId, "export.csv", """
            contact,when,logged
            first@example.com,2026-12-02T10:00:00Z,02/12/2026
            second@example.com,2026-11-30T10:00:00Z,30/11/2026
            """);
        SignIn(agency, AgencyRole.Staff);

        var panel = Render<CsvMappingPanel>(parameters => parameters
            .Add(p => p.TenantId, agency.TenantId)
            .Add(p => p.UploadId, upload.Id));
        panel.WaitForElement("[data-testid=confirm-mapping]");
        Assert.Equal(DateOrder.MonthFirst, DateOrderSelect(panel).Instance.GetState(x => x.Value));
        Assert.Empty(panel.FindAll("[data-testid=date-order-hint]"));

        var timeSelect = panel.FindComponents<MudSelect<string>>().Single(select => select.Instance.Label == "Time");
        await panel.InvokeAsync(() => timeSelect.Instance.SelectOption("logged"));

        panel.WaitForAssertion(() => Assert.Equal(DateOrder.DayFirst, DateOrderSelect(panel).Instance.GetState(x => x.Value)));
        Assert.Contains("first part is above 12", panel.Find("[data-testid=date-order-hint]").TextContent);
        Assert.Contains("02/12/2026 is read as 2 December 2026", panel.Find("[data-testid=date-order-example]").TextContent);
    }

    [Fact]
    public async Task Uploads_DateOrderSkips_OfferMapAgain()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Mapping Again Agency");
        var upload = await Factory.UploadAsync(agency.TenantId, "export.csv", """
            contact,outcome,when
            first@example.com,bounced,02/12/2026
            second@example.com,bounced,30/11/2026
            """);
        var monthFirst = new CsvColumnMapping { RecipientColumn = "contact", StatusColumn = "outcome", TimestampColumn = "when", BouncedValues = ["bounced"], DateOrder = DateOrder.MonthFirst };
        Assert.Null(await PortalService<UploadService>().ConfirmMappingAsync(agency.TenantId, upload.Id, monthFirst, CancellationToken.None));
        await Factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        SignIn(agency, AgencyRole.Staff);
        var dialogs = Render<MudDialogProvider>();

        var page = Render<Uploads>();
        var warning = page.WaitForElement("[data-testid=date-order-skips]");
        Assert.Contains("choose Map columns again and change the date order", warning.TextContent);
        page.Find("[data-testid=map-again]").Click();
        dialogs.WaitForElement(".mud-dialog");
        dialogs.FindAll("button").Single(button => button.TextContent.Trim() == "Map again").Click();

        var select = page.WaitForElement("[data-testid=map-date-order]");
        page.WaitForAssertion(() => Assert.Equal(DateOrder.DayFirst, page.FindComponent<MudSelect<DateOrder>>().Instance.GetState(x => x.Value)));
        Assert.NotNull(select);
        Assert.Empty(page.FindAll("[data-testid=date-order-skips]"));
    }

    private static IRenderedComponent<MudSelect<DateOrder>> DateOrderSelect(IRenderedComponent<CsvMappingPanel> panel) =>
        panel.FindComponent<MudSelect<DateOrder>>();
}
