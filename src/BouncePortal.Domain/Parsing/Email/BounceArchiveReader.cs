using System.IO.Compression;

namespace BouncePortal.Domain.Parsing.Email;

/// <summary>
/// Reads the .eml and mbox entries of a zip archive in archive order, entirely in memory and
/// streams: nothing is extracted to disk.
/// </summary>
/// <remarks>
/// Before any entry is read, every entry name is checked (no <c>..</c> segment, not rooted) and the
/// declared sizes are checked against <see cref="Formats.BounceSourceOptions.MaxExpandedBytes"/> and
/// <see cref="Formats.BounceSourceOptions.MaxExpansionRatio"/>. Because a zip header can lie, the bytes
/// actually decompressed are counted against the same limits while the entries are read. An entry
/// that is empty, binary or has no message headers is skipped and counted under
/// <see cref="EmailSkipReasons.NotAnEmail"/>. An archive without any email entry is rejected.
/// </remarks>
internal sealed class BounceArchiveReader(BounceEmailReader reader)
{
    private const string MacMetadataFolder = "__MACOSX/";

    private readonly ExpansionBudget budget = new(reader.Source, reader.Options.MaxExpandedBytes, reader.Options.MaxExpansionRatio);

    public IEnumerable<DeliveryAttempt> Read(Stream stream)
    {
        var seekable = stream.CanSeek ? stream : CopyToMemory(stream);
        using var archive = Open(seekable);
        var compressedLength = seekable.Length;

        CheckEntryNames(archive);
        budget.CheckDeclared(archive.Entries.Sum(entry => entry.Length), compressedLength);

        var emailEntries = 0;
        foreach (var entry in archive.Entries)
        {
            if (SkipReason(entry) is { } reason)
            {
                reader.Report.SetPosition($"{reader.Source}/{entry.FullName}", null);
                reader.Report.Skip(reason);
                continue;
            }

            // ReadEntry counts an entry that turns out not to be an email instead of rejecting the archive.
            var notEmailBefore = NotEmailEntries;
            foreach (var attempt in ReadEntry(entry, compressedLength))
            {
                yield return attempt;
            }

            if (NotEmailEntries == notEmailBefore)
            {
                emailEntries++;
            }
        }

        if (emailEntries == 0)
        {
            throw new LogFormatException(reader.Source, null, $"the zip archive contains no email files{DescribeNotEmailEntries()}; put the .eml or mbox files at the archive's top level or in folders");
        }
    }

    private long NotEmailEntries => reader.Report.SkippedByReason.GetValueOrDefault(EmailSkipReasons.NotAnEmail);

    /// <summary>Returns " (notes.txt is not an email)" or " (3 entries are not emails, such as a.txt, b.pdf)", or empty when none was skipped.</summary>
    private string DescribeNotEmailEntries()
    {
        var prefix = reader.Source + "/";
        var names = reader.Report.FirstSkippedAt(EmailSkipReasons.NotAnEmail)
            .Select(location => location.Source.StartsWith(prefix, StringComparison.Ordinal) ? location.Source[prefix.Length..] : location.Source)
            .ToList();
        if (names.Count == 0)
        {
            return string.Empty;
        }

        return NotEmailEntries == 1
            ? $" ({names[0]} is not an email)"
            : $" ({NotEmailEntries} entries are not emails, such as {string.Join(", ", names)})";
    }

    private IEnumerable<DeliveryAttempt> ReadEntry(ZipArchiveEntry entry, long archiveCompressedLength)
    {
        var name = $"{reader.Source}/{entry.FullName}";
        using var entryStream = new CountingEntryStream(OpenEntry(entry, name), budget, entry, name, archiveCompressedLength);

        var head = new byte[5];
        var headLength = ReadEntryBytes(entryStream, head, name);
        if (headLength == 0)
        {
            reader.Report.SetPosition(name, null);
            reader.Report.Skip(EmailSkipReasons.NotAnEmail);
            yield break;
        }

        var kind = EmailContainer.Detect(head.AsSpan(0, headLength));
        if (kind == EmailContainerKind.Zip)
        {
            reader.Report.SetPosition(name, null);
            reader.Report.Skip(EmailSkipReasons.NestedArchive);
            yield break;
        }

        var content = new ReplayStream(head[..headLength], entryStream);
        IEnumerator<DeliveryAttempt> attempts;
        try
        {
            attempts = reader.ReadMessages(content, name, kind, skipIfNotEmail: true).GetEnumerator();
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(name, e);
        }

        using (attempts)
        {
            while (MoveNext(attempts, name))
            {
                yield return attempts.Current;
            }
        }
    }

    private static bool MoveNext(IEnumerator<DeliveryAttempt> attempts, string name)
    {
        try
        {
            return attempts.MoveNext();
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(name, e);
        }
    }

    private static int ReadEntryBytes(Stream stream, byte[] buffer, string name)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(name, e);
        }
    }

    private static Stream OpenEntry(ZipArchiveEntry entry, string name)
    {
        try
        {
            return entry.Open();
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(name, e);
        }
    }

    private static LogFormatException Corrupt(string name, InvalidDataException e) =>
        new(name, null, $"the zip entry is corrupt ({e.Message}); create the archive again");

    private ZipArchive Open(Stream stream)
    {
        try
        {
            return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new LogFormatException(reader.Source, null, $"the zip archive is corrupt or truncated ({e.Message}); create the archive again from the whole set of files");
        }
    }

    /// <summary>
    /// Copies a stream that cannot seek into memory, because a zip's directory is at its end.
    /// The copy stops at the expanded-size limit, since an archive's compressed size cannot honestly exceed it.
    /// </summary>
    // NOTE: an archive that arrives through a stream without seeking is held in memory whole, up to MaxExpandedBytes.
    private MemoryStream CopyToMemory(Stream stream)
    {
        var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            if (copy.Length + read > reader.Options.MaxExpandedBytes)
            {
                throw new LogFormatException(
                    reader.Source,
                    null,
                    $"the zip archive is larger than the limit of {reader.Options.MaxExpandedBytes:N0} bytes; split it into smaller archives");
            }

            copy.Write(buffer, 0, read);
        }

        copy.Position = 0;
        return copy;
    }

    /// <summary>Rejects the whole archive when any entry could escape a folder if it were ever extracted.</summary>
    private void CheckEntryNames(ZipArchive archive)
    {
        foreach (var entry in archive.Entries)
        {
            if (IsUnsafeName(entry.FullName))
            {
                throw new LogFormatException(
                    reader.Source,
                    null,
                    $"the zip entry '{entry.FullName}' has an unsafe path (a '..' segment or an absolute path); create the archive again with relative paths only");
            }
        }
    }

    internal static bool IsUnsafeName(string name)
    {
        if (name.Length == 0 || name[0] is '/' or '\\' || Path.IsPathRooted(name))
        {
            return true;
        }

        // A drive letter ("C:evil.eml") is rooted on Windows even where Path.IsPathRooted returns false.
        if (name.Length >= 2 && char.IsAsciiLetter(name[0]) && name[1] == ':')
        {
            return true;
        }

        return name.Split('/', '\\').Any(segment => segment == "..");
    }

    private static string? SkipReason(ZipArchiveEntry entry)
    {
        var name = entry.FullName;
        if (name.EndsWith('/') || name.EndsWith('\\'))
        {
            return EmailSkipReasons.Folder;
        }

        if (name.StartsWith(MacMetadataFolder, StringComparison.Ordinal) || entry.Name.StartsWith('.'))
        {
            return EmailSkipReasons.ArchiverMetadata;
        }

        return name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? EmailSkipReasons.NestedArchive : null;
    }
}
