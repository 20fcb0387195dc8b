using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BouncePortal.Domain.Diagnostics;
using BouncePortal.Domain.Presentation;

namespace BouncePortal.Infrastructure.Checklists;

/// <summary>
/// Builds and reads the subject id of a diagnosis checklist. The id names the cause (the diagnosis
/// kind and subject) rather than one diagnosis row, so the checklist outlives deleting or reading
/// again any single upload, and every upload that finds the cause leads to the same checklist.
/// </summary>
/// <remarks>
/// <para>
/// Short form: the kind's number as <c>Diagnoses.Kind</c> stores it, a colon and the subject
/// exactly as stored, such as <c>2:Google</c>. It is used while it takes at most
/// <see cref="StoredChecklist.MaxSubjectIdLength"/> bytes in UTF-8. That byte count is at least
/// both the UTF-16 length that <see cref="ChecklistService"/> validates and the character count
/// of the column, and the migration that carried older checklists over computes it in SQL.
/// </para>
/// <para>
/// Long form, for longer subjects: the kind's number, <c>#</c>, the SHA-256 of the subject's UTF-8
/// bytes in lower-case hex, a colon and the start of the subject. Only the hash identifies the
/// cause. The start of the subject is kept so that the checklist can still be named when no
/// upload finds the cause any more.
/// </para>
/// <para>
/// A subject id of digits only is the id of a diagnosis row, as checklists were keyed before.
/// Such checklists remain where the migration could not carry them over. Either their row was
/// already deleted, or another checklist of the same cause took the key, or the key needed the
/// long form, which the migration leaves out on both engines because SQLite has no SHA-256
/// function. <see cref="ChecklistCauses"/> still resolves such an id while its row is stored.
/// </para>
/// </remarks>
public static class CauseChecklistKey
{
    private const int HashHexLength = 64;

    /// <summary>Returns the subject id of the checklist for the cause of <paramref name="kind"/> on <paramref name="subject"/>.</summary>
    public static string For(DiagnosisKind kind, string subject)
    {
        var number = ((int)kind).ToString(CultureInfo.InvariantCulture);
        var shortForm = $"{number}:{subject}";
        if (Encoding.UTF8.GetByteCount(shortForm) <= StoredChecklist.MaxSubjectIdLength)
        {
            return shortForm;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(subject)));
        var head = $"{number}#{hash}:";
        return head + StartOf(subject, StoredChecklist.MaxSubjectIdLength - head.Length);
    }

    /// <summary>
    /// Reads a subject id built by <see cref="For"/>. Returns null for any other text, such as the
    /// diagnosis row id of an older checklist.
    /// </summary>
    public static ChecklistCause? Parse(string subjectId)
    {
        var separator = subjectId.IndexOfAny([':', '#']);
        if (separator <= 0
            || !int.TryParse(subjectId.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || !Enum.IsDefined((DiagnosisKind)number))
        {
            return null;
        }

        var kind = (DiagnosisKind)number;
        if (subjectId[separator] == ':')
        {
            return new ChecklistCause(subjectId, kind, subjectId[(separator + 1)..], IsSubjectComplete: true);
        }

        var subjectStart = separator + 1 + HashHexLength + 1;
        if (subjectId.Length < subjectStart || subjectId[subjectStart - 1] != ':')
        {
            return null;
        }

        return new ChecklistCause(subjectId, kind, subjectId[subjectStart..], IsSubjectComplete: false);
    }

    // Cuts at a UTF-16 length without splitting a surrogate pair.
    private static string StartOf(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        var length = char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
        return text[..length];
    }
}

/// <summary>
/// The cause a diagnosis checklist was opened for.
/// </summary>
/// <param name="Key">The checklist's subject id for the cause, as <see cref="CauseChecklistKey.For"/> builds it.</param>
/// <param name="Kind">The diagnosis kind.</param>
/// <param name="Subject">The subject, or only its start when <paramref name="IsSubjectComplete"/> is false.</param>
/// <param name="IsSubjectComplete">False when the key keeps only the start of a long subject and no stored diagnosis gave the rest.</param>
public sealed record ChecklistCause(string Key, DiagnosisKind Kind, string Subject, bool IsSubjectComplete)
{
    /// <summary>The cause in words, as the dashboard names it, such as "Provider throttling on Google".</summary>
    public string Name => $"{EnumWords.Of(Kind)} on {EnumWords.OfProvider(Subject)}{(IsSubjectComplete ? string.Empty : "…")}";
}
