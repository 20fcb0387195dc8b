using System.Security.Cryptography;
using BouncePortal.Domain.Parsing.Email;
using BouncePortal.Domain.Parsing.Esp;
using BouncePortal.Domain.Parsing.Mta;
using BouncePortal.Domain.Parsing.Replies;
using BouncePortal.Domain.Parsing.Sequencer;

namespace BouncePortal.Domain.Parsing.Formats;

/// <summary>
/// Opens any supported bounce source: decompresses gzip, detects the format unless one is
/// given, and hands the content to that format's parser. Nothing is buffered whole.
/// </summary>
public static class BounceSourceReader
{
    /// <summary>
    /// Opens <paramref name="stream"/>, named <paramref name="source"/> in attempts and errors.
    /// Throws <see cref="LogFormatException"/> for empty, binary, corrupt or unrecognised input.
    /// </summary>
    /// <remarks>
    /// The caller keeps ownership of <paramref name="stream"/> and must keep it open until the
    /// attempts have been enumerated. Errors inside the file (invalid UTF-8, broken JSON or CSV
    /// quoting, gzip bombs past the first 64 KiB) surface while the attempts are enumerated.
    /// </remarks>
    public static BounceSourceReading Open(Stream stream, string source, BounceSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);

        var content = Decompress(stream, source, options);
        var head = new byte[FormatDetector.HeadSize];
        var headLength = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var headSpan = head.AsSpan(0, headLength);
        if (headLength == 0)
        {
            throw new LogFormatException(source, null, content is ReplayStream
                ? "the file is empty; use a file with content"
                : "the gzip file contains no data; compress the file itself, not an empty file");
        }

        var detection = options.Format is { } format
            ? new FormatDetection(format, 1, FormatDetection.ChosenByUser)
            : FormatDetector.Detect(headSpan, source);

        var isZip = headSpan.StartsWith("PK\x03\x04"u8);
        if (detection.Format != InputFormat.BounceEmail && (isZip || headSpan.Contains((byte)0)))
        {
            throw new LogFormatException(
                source,
                null,
                $"the file contains binary data{(isZip ? " (a zip archive)" : " (NUL bytes)")}, not {Describe(detection.Format)}; use a UTF-8 text file, plain or gzip-compressed");
        }

        var full = new ReplayStream(headSpan.ToArray(), content);
        if (detection.Format == InputFormat.BounceEmail)
        {
            var emails = new BounceEmailReader(source, options);
            return new BounceSourceReading(detection, emails.Report, Defer(() => emails.Read(full)));
        }

        var parser = CreateParser(detection.Format, source, options, headSpan);
        var text = new StrictUtf8Reader(full, source);
        return new BounceSourceReading(detection, parser.Report, Defer(() => parser.Parse(text)));
    }

    /// <summary>Creates the parser of a text format.</summary>
    internal static IAttemptLogParser CreateParser(InputFormat format, string source, BounceSourceOptions options, ReadOnlySpan<byte> head) => format switch
    {
        InputFormat.Postfix => new PostfixLogParser(source, options.UploadedAt),
        InputFormat.Exim => new EximLogParser(source, options.UploadedAt),
        InputFormat.Sendmail => new SendmailLogParser(source, options.UploadedAt),
        InputFormat.PowerMta => new PowerMtaCsvParser(source, options.UploadedAt),
        InputFormat.KumoMta => new KumoMtaJsonParser(source, options.UploadedAt),
        InputFormat.ExchangeTracking => new ExchangeTrackingLogParser(source, options.UploadedAt),
        InputFormat.SequencerCsv => new SequencerCsvParser(source, options.UploadedAt, CsvMapping(head, source, options)),
        InputFormat.SendGrid => new SendGridEventParser(source, options.UploadedAt),
        InputFormat.Mailgun => new MailgunEventParser(source, options.UploadedAt),
        InputFormat.AmazonSes => new AmazonSesEventParser(source, options.UploadedAt),
        InputFormat.Postmark => new PostmarkBounceParser(source, options.UploadedAt),
        InputFormat.Replies => new ReplyLinesParser(source, options.UploadedAt),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a text format"),
    };

    /// <summary>Returns the given mapping, or else the one from the header row, in the date order the options set.</summary>
    private static CsvColumnMapping CsvMapping(ReadOnlySpan<byte> head, string source, BounceSourceOptions options)
    {
        var mapping = options.CsvMapping ?? MappingFromHeader(head, source, options);
        return options.CsvDateOrder is { } order ? mapping with { DateOrder = order } : mapping;
    }

    /// <summary>Returns the mapping of the preset that matches the header row, else the suggestion from header synonyms.</summary>
    private static CsvColumnMapping MappingFromHeader(ReadOnlySpan<byte> head, string source, BounceSourceOptions options)
    {
        var headText = System.Text.Encoding.UTF8.GetString(head);
        using var text = new StringReader(headText);
        var headers = CsvPreview.Read(text, rows: 0, source).Headers;
        var mapping = SequencerPresets.Match(headers)?.Mapping ?? CsvHeaderSynonyms.Suggest(headers);
        if (mapping is not null)
        {
            return mapping;
        }

        var columns = string.Join(", ", headers.Take(20).Select(h => $"'{FormatDetector.Preview(h)}'"));
        var addressColumn = FormatDetector.FindAddressColumn(headText, source);
        var found = addressColumn is null
            ? string.Empty
            : $", but the column '{FormatDetector.Preview(addressColumn)}' contains email addresses";
        throw new LogFormatException(
            source,
            1,
            $"no column of the header row ({columns}) is a known recipient address column{found}; {options.CsvMappingAdvice(addressColumn)}");
    }

    /// <summary>
    /// Computes the SHA-256 of a gzip file's decompressed content, so that a log and its gzip copy hash
    /// alike. Returns null when the file is not gzip, or when its data is corrupt or passes the expansion
    /// limits of <paramref name="options"/>, because reading the file reports those.
    /// </summary>
    /// <param name="stream">The file, read from its current position to the end.</param>
    /// <param name="source">The file name that errors would name.</param>
    /// <param name="options">The expansion limits.</param>
    public static string? GzipContentSha256(Stream stream, string source, BounceSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);

        try
        {
            using var content = Decompress(stream, source, options);
            if (content is ReplayStream)
            {
                return null;
            }

            using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 20];
            int read;
            while ((read = content.Read(buffer)) > 0)
            {
                sha256.AppendData(buffer, 0, read);
            }

            return Convert.ToHexStringLower(sha256.GetHashAndReset());
        }
        catch (Exception unreadable) when (unreadable is LogFormatException or InvalidDataException)
        {
            return null;
        }
    }

    private static Stream Decompress(Stream stream, string source, BounceSourceOptions options)
    {
        var magic = new byte[2];
        var magicLength = stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        if (magicLength == 0)
        {
            throw new LogFormatException(source, null, "the file is empty; use a file with content");
        }

        var raw = new ReplayStream(magic.AsSpan(0, magicLength).ToArray(), stream);
        if (magicLength < 2 || magic[0] != 0x1f || magic[1] != 0x8b)
        {
            return raw;
        }

        long? compressedTotal = stream.CanSeek ? stream.Length - stream.Position + magicLength : null;
        var counted = new CountingStream(raw);
        return new ExpansionCheckingStream(
            new GzipCheckingStream(counted, source),
            counted,
            compressedTotal,
            options.MaxExpandedBytes,
            options.MaxExpansionRatio,
            source);
    }

    /// <summary>Starts <paramref name="parse"/> on the first enumeration, so Open itself reads only the head.</summary>
    private static IEnumerable<DeliveryAttempt> Defer(Func<IEnumerable<DeliveryAttempt>> parse)
    {
        foreach (var attempt in parse())
        {
            yield return attempt;
        }
    }

    private static string Describe(InputFormat format) => format switch
    {
        InputFormat.SequencerCsv => "a CSV export",
        InputFormat.Replies => "a list of SMTP replies",
        _ => $"a {format} file",
    };
}
