using BouncePortal.Domain.Parsing.Sequencer;

namespace BouncePortal.Domain.Tests.Sequencer;

public sealed class CsvAddressColumnsTests
{
    private const string UnknownColumns = """
        contact,outcome,when,smtp_response,mailbox
        first@example.com,BOUNCE,2026-12-04T10:00:00Z,"550 5.1.1 no such user",anna@outreach.example.com
        second@example.com,OK,2026-12-04T10:01:00Z,,anna@outreach.example.com
        """;

    private static CsvPreview Preview(string csv) => CsvPreview.Read(new StringReader(csv), 50, "test.csv");

    [Fact]
    public void FindRecipientColumn_FirstAddressColumn()
    {
        Assert.Equal("contact", CsvAddressColumns.FindRecipientColumn(Preview(UnknownColumns)));
    }

    [Fact]
    public void FindRecipientColumn_ToleratesMinorityOfOtherValues()
    {
        var csv = "id,who\n1,a@example.com\n2,n/a\n3,b@example.org\n";

        Assert.Equal("who", CsvAddressColumns.FindRecipientColumn(Preview(csv)));
    }

    [Theory]
    [InlineData("name,company\nAnna,Example Inc\nBen,Example Ltd\n")]
    [InlineData("name,who\nAnna,n/a\nBen,unknown\nCid,c@example.com\n")]
    [InlineData("name,contact\n")]
    [InlineData("a@example.com,bounced\nb@example.com,bounced\n")]
    public void FindRecipientColumn_NullWithoutAddressColumn(string csv)
    {
        Assert.Null(CsvAddressColumns.FindRecipientColumn(Preview(csv)));
    }

    [Theory]
    [InlineData("sales@example.com", true)]
    [InlineData("first.last+tag@sub.example.co.uk", true)]
    [InlineData("user@localhost", false)]
    [InlineData("two@at@example.com", false)]
    [InlineData("@example.com", false)]
    [InlineData("user@example.", false)]
    [InlineData("user @example.com", false)]
    [InlineData("550 5.1.1 <user@example.com>", false)]
    [InlineData("", false)]
    public void IsAddress_Cases(string value, bool expected)
    {
        Assert.Equal(expected, CsvAddressColumns.IsAddress(value));
    }

    [Fact]
    public void Suggest_TakesAddressColumnAndSynonyms()
    {
        var mapping = CsvHeaderSynonyms.Suggest(Preview(UnknownColumns));

        Assert.NotNull(mapping);
        Assert.Equal("contact", mapping.RecipientColumn);
        Assert.Equal("mailbox", mapping.SenderColumn);
        Assert.Equal("smtp_response", mapping.ReasonColumn);
        Assert.Equal("outcome", mapping.StatusColumn);
        Assert.Equal("when", mapping.TimestampColumn);
    }

    [Fact]
    public void Suggest_ReadsStatusAndTimeValues()
    {
        var mapping = CsvHeaderSynonyms.Suggest(Preview("""
            id,lead,state,at
            1,first@example.com,BOUNCE,2026-12-04 10:00:00
            2,second@example.com,OK,2026-12-04 10:01:00
            """));

        Assert.NotNull(mapping);
        Assert.Equal("lead", mapping.RecipientColumn);
        Assert.Equal("state", mapping.StatusColumn);
        Assert.Equal("at", mapping.TimestampColumn);
        Assert.Null(mapping.ReasonColumn);
    }

    [Fact]
    public void Suggest_ReadsReplyValues()
    {
        var mapping = CsvHeaderSynonyms.Suggest(Preview("""
            lead,result,server_text
            first@example.com,BOUNCE,550 5.1.1 no such user
            second@example.com,OK,
            third@example.org,BOUNCE,452 4.2.2 mailbox full
            """));

        Assert.NotNull(mapping);
        Assert.Equal("server_text", mapping.ReasonColumn);
    }

    [Fact]
    public void Suggest_TwoAddressColumns_RecipientVaries()
    {
        var mapping = CsvHeaderSynonyms.Suggest(Preview("""
            id,from_box,target,reply_text
            1,anna@outreach.example.com,first@example.com,550 5.1.1 no such user
            2,anna@outreach.example.com,second@example.com,
            3,anna@outreach.example.com,third@example.org,
            """));

        Assert.NotNull(mapping);
        Assert.Equal("target", mapping.RecipientColumn);
        Assert.Equal("from_box", mapping.SenderColumn);
        Assert.Null(mapping.TimestampColumn);
    }

    [Fact]
    public void Suggest_PrefersRecipientSynonym()
    {
        var mapping = CsvHeaderSynonyms.Suggest(Preview("owner,email\nanna@outreach.example.com,sales@example.com\n"));

        Assert.NotNull(mapping);
        Assert.Equal("email", mapping.RecipientColumn);
    }
}
