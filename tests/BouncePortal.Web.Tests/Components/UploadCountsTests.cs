using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Components.Pages.Uploads;
using BouncePortal.Web.Tests.Support;
using Bunit;

namespace BouncePortal.Web.Tests.Components;

/// <summary>
/// The Uploads page words each upload's counts by what its format is made of, in singular or
/// plural, and its empty state names the kinds of file it accepts.
/// </summary>
public sealed class UploadCountsTests(PortalFactory factory) : PortalComponentContext(factory)
{
    public static TheoryData<string, string, string> CountedUploads => new()
    {
        { "bounce.eml", SampleBounces.BounceEmail, "1 email read · 1 attempt stored · 0 skipped" },
        { "bounces.mbox", SampleBounces.Mbox(2), "2 emails read · 2 attempts stored · 0 skipped" },
        { "maillog", SampleBounces.PostfixBouncedLine + "\n", "1 line read · 1 attempt stored · 0 skipped" },
    };

    [Theory]
    [MemberData(nameof(CountedUploads))]
    public async Task Upload_CountsNameItsItems(string fileName, string content, string expected)
    {
        var agency = await AgencySession.CreateAsync(Factory, "Counts " + fileName);
        var upload = await Factory.UploadAsync(agency.TenantId, fileName, content);
        await Factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        SignIn(agency, AgencyRole.Staff);

        var page = Render<Uploads>();
        var counts = page.WaitForElement("[data-testid=upload-counts]");

        Assert.Equal(expected, Normalize(counts.TextContent));
    }

    [Fact]
    public async Task Empty_NamesAcceptedFiles()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Counts Empty Agency");
        SignIn(agency, AgencyRole.Staff);

        var page = Render<Uploads>();
        var empty = Normalize(page.WaitForElement("[data-testid=uploads-empty]").TextContent);

        Assert.DoesNotContain("Postfix maillog", empty);
        Assert.Contains("an MTA log, bounce emails, a sequencer CSV export or an ESP event export", empty);
    }

    private static string Normalize(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
