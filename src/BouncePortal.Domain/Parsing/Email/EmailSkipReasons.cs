namespace BouncePortal.Domain.Parsing.Email;

/// <summary>
/// Reasons under which <see cref="BounceEmailReader"/> counts messages and zip entries that produced no attempt.
/// </summary>
public static class EmailSkipReasons
{
    /// <summary>A message that names no failed, delayed or delivered recipient.</summary>
    public const string NoRecipient = "email without a failed or delayed recipient";

    /// <summary>A zip entry that is empty, binary or has no message headers, such as a notes file beside the emails.</summary>
    public const string NotAnEmail = "zip entry that is not an email (empty, binary or without message headers)";

    /// <summary>A zip entry that is itself a zip archive; nested archives are not opened.</summary>
    public const string NestedArchive = "zip inside the zip (nested archives are not opened)";

    /// <summary>
    /// A bounce email whose Message-ID an earlier completed upload of the agency, or an earlier email of
    /// the same upload, already brought in. The portal skips it so that its recipients count once.
    /// </summary>
    public const string AlreadyImported = "bounce email imported before (same Message-ID)";

    /// <summary>A folder entry of a zip archive.</summary>
    public const string Folder = "folder entry in the zip";

    /// <summary>Metadata that archivers add (<c>__MACOSX/</c>, hidden dot files).</summary>
    public const string ArchiverMetadata = "archiver metadata (__MACOSX or a hidden file)";
}
