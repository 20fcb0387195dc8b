using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Email;
using BouncePortal.Domain.Parsing.Formats;
using static BouncePortal.Domain.Tests.Email.BounceEmails;

namespace BouncePortal.Domain.Tests.Email;

public sealed class BadInputTests
{
    [Fact]
    public void Read_EmptyFile_Throws()
    {
        var error = Assert.Throws<LogFormatException>(() => Read([], "empty.eml"));

        Assert.Equal("empty.eml", error.Source);
        Assert.Contains("empty", error.Problem);
    }

    [Fact]
    public void Read_PlainText_ThrowsNotAnEmail()
    {
        var error = Assert.Throws<LogFormatException>(() => Read("just some words\nand more words\n", "notes.txt"));

        Assert.Equal("notes.txt", error.Source);
        Assert.Contains("not an email", error.Problem);
    }

    [Fact]
    public void Read_BinaryFile_Throws()
    {
        var binary = new byte[4096];
        binary[0] = 0x7f;

        var error = Assert.Throws<LogFormatException>(() => Read(binary, "image.bin"));

        Assert.Contains("binary", error.Problem);
    }

    [Fact]
    public void Read_MboxWithBadMessage_NamesMessageNumber()
    {
        var mbox = Mbox(Qmail) + "From nobody Tue Jun 11 09:14:05 2024\nnot a header line at all\n";

        var error = Assert.Throws<LogFormatException>(() => Read(Bytes(mbox), "bounces.mbox"));

        Assert.Equal(2, error.Line);
        Assert.StartsWith("bounces.mbox, line 2:", error.Message);
    }

    [Fact]
    public void Read_CorruptZip_Throws()
    {
        var zip = Zip(("a.eml", Bytes(Qmail)));
        var truncated = zip[..(zip.Length / 2)];

        var error = Assert.Throws<LogFormatException>(() => Read(truncated, "broken.zip"));

        Assert.Equal("broken.zip", error.Source);
        Assert.Contains("corrupt", error.Problem);
    }

    [Theory]
    [InlineData("../escape.eml")]
    [InlineData("mails/../../escape.eml")]
    [InlineData("/etc/escape.eml")]
    [InlineData("C:/escape.eml")]
    public void Read_ZipSlipEntry_Throws(string entryName)
    {
        var zip = Zip(("good.eml", Bytes(Qmail)), (entryName, Bytes(Exim)));

        var error = Assert.Throws<LogFormatException>(() => Read(zip, "slip.zip"));

        Assert.Contains(entryName, error.Problem);
        Assert.Contains("unsafe path", error.Problem);
    }

    [Fact]
    public void Read_ZipOverExpandedLimit_Throws()
    {
        var zip = Zip(("a.eml", Bytes(Qmail)), ("b.eml", Bytes(Exim)));
        var options = new BounceSourceOptions { UploadedAt = UploadedAt, MaxExpandedBytes = 1000 };

        var error = Assert.Throws<LogFormatException>(() => Read(zip, "big.zip", options));

        Assert.Contains("too large", error.Problem);
    }

    [Fact]
    public void Read_ZipOverExpansionRatio_Throws()
    {
        var padded = Qmail + new string(' ', 200_000);
        var zip = Zip(("bomb.eml", Bytes(padded)));

        var error = Assert.Throws<LogFormatException>(() => Read(zip, "bomb.zip"));

        Assert.Contains("decompression bomb", error.Problem);
    }

    [Fact]
    public void Read_ZipUnderstatingSize_Throws()
    {
        var zip = Zip(("liar.eml", Bytes(Qmail + new string('x', 5000))));
        DeclareUncompressedSize(zip, 600);

        var error = Assert.Throws<LogFormatException>(() => Read(zip, "liar.zip"));

        Assert.Equal("liar.zip/liar.eml", error.Source);
    }

    [Fact]
    public void Read_NestedZip_IsSkipped()
    {
        var inner = Zip(("inner.eml", Bytes(Exim)));
        var zip = Zip(("outer.eml", Bytes(Qmail)), ("more.zip", inner));
        var reader = new BounceEmailReader("outer.zip", new BounceSourceOptions { UploadedAt = UploadedAt });
        using var stream = new MemoryStream(zip);

        var attempts = reader.Read(stream).ToList();

        Assert.Equal("nobody@example.com", Assert.Single(attempts).Recipient);
        Assert.Equal(1, reader.Report.SkippedByReason[EmailSkipReasons.NestedArchive]);
    }

    [Fact]
    public void Read_ZipWithoutEmails_Throws()
    {
        var zip = Zip(("folder/", []));

        var error = Assert.Throws<LogFormatException>(() => Read(zip, "empty.zip"));

        Assert.Contains("no email files", error.Problem);
    }

    [Fact]
    public void Read_ZipWithNotesFile_SkipsEntry()
    {
        var zip = Zip(
            ("bounces/qmail.eml", Bytes(Qmail)),
            ("bounces/notes.txt", Bytes("just some words\nand more words\n")),
            ("bounces/exim.eml", Bytes(Exim)));
        var reader = new BounceEmailReader("bounces.zip", new BounceSourceOptions { UploadedAt = UploadedAt });
        using var stream = new MemoryStream(zip);

        var attempts = reader.Read(stream).ToList();

        Assert.Equal(["nobody@example.com", "full@example.org"], attempts.Select(attempt => attempt.Recipient));
        Assert.Equal(1, reader.Report.SkippedByReason[EmailSkipReasons.NotAnEmail]);
        Assert.Equal([new SkipLocation("bounces.zip/bounces/notes.txt", null)], reader.Report.FirstSkippedAt(EmailSkipReasons.NotAnEmail));
        // The notes file is skipped, not read as an email.
        Assert.Equal(2, reader.Report.LinesRead);
    }

    [Fact]
    public void Read_ZipEmptyAndBinary_SkipsBoth()
    {
        var binary = new byte[4096];
        binary[0] = 0x7f;
        var zip = Zip(("empty.txt", []), ("qmail.eml", Bytes(Qmail)), ("photo.png", binary));
        var reader = new BounceEmailReader("bounces.zip", new BounceSourceOptions { UploadedAt = UploadedAt });
        using var stream = new MemoryStream(zip);

        var attempts = reader.Read(stream).ToList();

        Assert.Equal("nobody@example.com", Assert.Single(attempts).Recipient);
        Assert.Equal(2, reader.Report.SkippedByReason[EmailSkipReasons.NotAnEmail]);
        Assert.Equal(
            ["bounces.zip/empty.txt", "bounces.zip/photo.png"],
            reader.Report.FirstSkippedAt(EmailSkipReasons.NotAnEmail).Select(location => location.Source));
    }

    [Fact]
    public void Read_ZipOnlyNotes_ThrowsNamingEntry()
    {
        var zip = Zip(("bounces/notes.txt", Bytes("just some words\n")));

        var error = Assert.Throws<LogFormatException>(() => Read(zip, "bounces.zip"));

        Assert.Equal("bounces.zip", error.Source);
        Assert.Contains("no email files", error.Problem);
        Assert.Contains("bounces/notes.txt is not an email", error.Problem);
    }

    [Fact]
    public void Read_ZipOfNonEmails_ThrowsWithCount()
    {
        var zip = Zip(("notes.txt", Bytes("just some words\n")), ("empty.eml", []), ("__MACOSX/._notes.txt", Bytes("x")));

        var error = Assert.Throws<LogFormatException>(() => Read(zip, "bounces.zip"));

        Assert.Contains("2 entries are not emails, such as notes.txt, empty.eml", error.Problem);
    }

    [Fact]
    public void Read_ZipMboxBadMessage_Throws()
    {
        var mbox = Mbox(Qmail) + "From nobody Tue Jun 11 09:14:05 2024\nnot a header line at all\n";
        var zip = Zip(("bounces.mbox", Bytes(mbox)));

        var error = Assert.Throws<LogFormatException>(() => Read(zip, "bounces.zip"));

        Assert.Equal("bounces.zip/bounces.mbox", error.Source);
        Assert.Equal(2, error.Line);
    }

    /// <summary>Overwrites the uncompressed size in every local and central header, as a forged archive would.</summary>
    private static void DeclareUncompressedSize(byte[] zip, int size)
    {
        for (var i = 0; i + 4 <= zip.Length; i++)
        {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 3 && zip[i + 3] == 4)
            {
                BitConverter.TryWriteBytes(zip.AsSpan(i + 22, 4), size);
            }

            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2)
            {
                BitConverter.TryWriteBytes(zip.AsSpan(i + 24, 4), size);
            }
        }
    }

}
