using System.Text;
using BouncePortal.Domain.Parsing.Sequencer;

namespace BouncePortal.Domain.Tests.Sequencer;

public sealed class CsvHeaderSynonymsTests
{
    [Theory]
    [InlineData("email")]
    [InlineData("Email")]
    [InlineData("lead_email")]
    [InlineData("to_email")]
    [InlineData("Recipient")]
    public void Suggest_FindsRecipient(string header)
    {
        var mapping = CsvHeaderSynonyms.Suggest(["id", header]);

        Assert.Equal(header, mapping?.RecipientColumn);
    }

    [Theory]
    [InlineData("from_email")]
    [InlineData("email_account")]
    [InlineData("Sender Email")]
    [InlineData("sendUserEmail")]
    [InlineData("Mailbox")]
    public void Suggest_FindsSender(string header)
    {
        Assert.Equal(header, CsvHeaderSynonyms.Suggest(["email", header])?.SenderColumn);
    }

    [Theory]
    [InlineData("campaign")]
    [InlineData("campaign_name")]
    [InlineData("Campaign")]
    public void Suggest_FindsCampaign(string header)
    {
        Assert.Equal(header, CsvHeaderSynonyms.Suggest(["email", header])?.CampaignColumn);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("Status")]
    [InlineData("lead_status")]
    public void Suggest_FindsStatus(string header)
    {
        Assert.Equal(header, CsvHeaderSynonyms.Suggest(["email", header])?.StatusColumn);
    }

    [Theory]
    [InlineData("bounce_reason")]
    [InlineData("Bounce Reason")]
    [InlineData("reason")]
    [InlineData("error")]
    [InlineData("errorReason")]
    [InlineData("diagnostic")]
    public void Suggest_FindsReason(string header)
    {
        Assert.Equal(header, CsvHeaderSynonyms.Suggest(["email", header])?.ReasonColumn);
    }

    [Theory]
    [InlineData("date")]
    [InlineData("sent_time")]
    [InlineData("event_timestamp")]
    [InlineData("timestamp")]
    [InlineData("created_at")]
    public void Suggest_FindsTime(string header)
    {
        Assert.Equal(header, CsvHeaderSynonyms.Suggest(["email", header])?.TimestampColumn);
    }

    [Fact]
    public void Suggest_ListsBouncedValues()
    {
        var mapping = CsvHeaderSynonyms.Suggest(["email"])!;

        foreach (var value in new[] { "bounced", "BOUNCED", "-1", "BLOCKED", "hard bounce" })
        {
            Assert.Contains(value, mapping.BouncedValues, StringComparer.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Suggest_WithoutRecipientIsNull()
    {
        Assert.Null(CsvHeaderSynonyms.Suggest(["id", "status", "reason"]));
    }

    [Fact]
    public void Presets_MatchKnownExports()
    {
        Assert.Equal("Smartlead", SequencerPresets.Match(["id", "campaign_lead_map_id", "status", "email"])?.Sequencer);
        Assert.Equal(SequencerPresets.SmartleadStatistics, SequencerPresets.Match(["stats_id", "lead_email", "is_bounced", "sent_time"]));
        Assert.Equal(SequencerPresets.InstantlyEvents, SequencerPresets.Match(["timestamp", "event_type", "lead_email", "email_account"]));
        Assert.Equal(SequencerPresets.InstantlyLeads, SequencerPresets.Match(["id", "timestamp_created", "status", "email"]));
        Assert.Equal("lemlist", SequencerPresets.Match(["_id", "type", "leadEmail", "sendUserEmail"])?.Sequencer);
        Assert.Null(SequencerPresets.Match(["Recipient", "Status"]));
    }

    [Fact]
    public void Preview_ReturnsHeadersAndRows()
    {
        var csv = "email,status\na@example.com,bounced\nb@example.com,sent\nc@example.com,sent\n";

        var preview = CsvPreview.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), rows: 2);

        Assert.Equal(["email", "status"], preview.Headers);
        Assert.Equal(2, preview.Rows.Count);
        Assert.Equal(["b@example.com", "sent"], preview.Rows[1]);
    }
}
