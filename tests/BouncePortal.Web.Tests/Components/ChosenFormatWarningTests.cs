using System.Text;
using BouncePortal.Domain.Parsing.Formats;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Components.Pages.Uploads;
using BouncePortal.Web.Tests.Support;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using MudBlazor.Extensions;

namespace BouncePortal.Web.Tests.Components;

/// <summary>
/// The Uploads page warns when a format chosen by hand contradicts detection, and reads the file
/// again as detected on request.
/// </summary>
public sealed class ChosenFormatWarningTests(PortalFactory factory) : PortalComponentContext(factory)
{
    private async Task<Upload> UploadAsKumoAsync(Guid tenantId)
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(SampleLogs.TwoMailboxes));
        var upload = await PortalService<UploadService>().CreateAsync(tenantId, "maillog", null, content, null, CancellationToken.None, InputFormat.KumoMta);
        await Factory.RunUploadJobAsync(tenantId, upload.Id);
        return upload;
    }

    [Fact]
    public async Task WrongFormat_ReadAsDetected()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Format Warning Agency");
        var upload = await UploadAsKumoAsync(agency.TenantId);
        SignIn(agency, AgencyRole.Staff);
        var dialogs = Render<MudDialogProvider>();

        var page = Render<Uploads>();
        var warning = page.WaitForElement("[data-testid=format-mismatch]");

        Assert.Contains("chosen by hand, but the content looks like another one, so its lines may have been misread", warning.TextContent);
        var formatLine = page.Find("[data-testid=upload-format]").TextContent;
        Assert.Contains("Read as KumoMTA JSON log, chosen at upload, but automatic detection reads the content as Postfix maillog", formatLine);
        Assert.DoesNotContain("confidence 100%", formatLine);
        Assert.Empty(page.FindAll("[data-testid=run-again]"));

        page.Find("[data-testid=read-as-detected]").Click();
        var dialog = dialogs.WaitForElement(".mud-dialog");

        // Read as KumoMTA JSON lines, the Postfix log stored nothing, so nothing is removed.
        Assert.Contains("Read maillog again in the format that automatic detection finds?", dialog.TextContent);
        Assert.DoesNotContain("Remove the attempts", dialog.TextContent);
        dialogs.FindAll("button").Single(button => button.TextContent.Trim() == "Read again").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=format-mismatch]")));
        var queued = await Factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(UploadStatus.Queued, queued.Status);
        Assert.Equal(InputFormat.Postfix, queued.DetectedFormat);
    }

    [Fact]
    public async Task ChosenFormat_ResetsAfterUpload()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Format Reset Agency");
        SignIn(agency, AgencyRole.Staff);
        var page = Render<Uploads>();
        page.WaitForElement("[data-testid=choose-file]");
        var select = page.FindComponent<MudSelect<InputFormat?>>();
        await page.InvokeAsync(() => select.Instance.SelectOption(InputFormat.KumoMta));

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(SampleLogs.TwoMailboxes, "first.log"));
        page.WaitForElement("[data-testid=upload-row]");

        Assert.Equal(InputFormat.KumoMta, (await Factory.ReloadAsync(agency.TenantId, Assert.Single(await UploadIdsAsync(agency.TenantId)))).RequestedFormat);
        page.WaitForAssertion(() => Assert.Null(select.Instance.GetState(x => x.Value)));
    }

    private async Task<List<Guid>> UploadIdsAsync(Guid tenantId)
    {
        await using var db = Factory.OpenDatabase(tenantId);
        return db.Uploads.Select(u => u.Id).ToList();
    }

    [Fact]
    public async Task Viewer_SeesWarningOnly()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Format Warning Viewer Agency");
        await UploadAsKumoAsync(agency.TenantId);
        SignIn(agency, AgencyRole.Viewer);

        var page = Render<Uploads>();
        page.WaitForElement("[data-testid=format-mismatch]");

        Assert.Empty(page.FindAll("[data-testid=read-as-detected]"));
    }
}
