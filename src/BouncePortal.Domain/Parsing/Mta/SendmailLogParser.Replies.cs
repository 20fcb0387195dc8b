namespace BouncePortal.Domain.Parsing.Mta;

/// <summary>
/// Reading of the Sendmail lines that log a remote server's full reply to one recipient, such as
/// <c>4BBA2f0x008812: &lt;sales@example.com&gt;... 554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using zen.spamhaus.org</c>.
/// The <c>to=</c> line that follows keeps only the reply's text in <c>stat=</c> ("Service unavailable"),
/// which names no cause, so the full reply replaces it.
/// </summary>
public sealed partial class SendmailLogParser
{
    private const string RecipientEnd = ">... ";

    private readonly Dictionary<string, List<RecipientReply>> pendingReplies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<RecipientReply>>.AlternateLookup<ReadOnlySpan<char>> pendingRepliesBySpan;

    /// <summary>
    /// Reads "&lt;RCPT&gt;... CODE TEXT" where CODE is a 4xx or 5xx basic code followed by a space or a
    /// hyphen. Other recipient notes, such as "&lt;RCPT&gt;... User unknown" or "... Deferred: ...", return false.
    /// </summary>
    private static bool TryReadRecipientReply(ReadOnlySpan<char> body, out ReadOnlySpan<char> recipient, out ReadOnlySpan<char> reply)
    {
        recipient = default;
        reply = default;
        if (!body.StartsWith('<'))
        {
            return false;
        }

        var end = body.IndexOf(RecipientEnd, StringComparison.Ordinal);
        if (end < 2)
        {
            return false;
        }

        var text = body[(end + RecipientEnd.Length)..].Trim();
        if (!StartsWithFailureCode(text))
        {
            return false;
        }

        recipient = body[1..end];
        reply = text;
        return true;
    }

    /// <summary>True when <paramref name="text"/> starts with a 4xx or 5xx basic code and a space or hyphen.</summary>
    private static bool StartsWithFailureCode(ReadOnlySpan<char> text) =>
        text.Length > 3
        && text[0] is '4' or '5'
        && char.IsAsciiDigit(text[1])
        && char.IsAsciiDigit(text[2])
        && text[3] is ' ' or '-';

    /// <summary>Stores <paramref name="reply"/> for the recipient's next <c>to=</c> line, replacing an earlier one.</summary>
    private void StoreReply(ReadOnlySpan<char> queueId, ReadOnlySpan<char> recipient, ReadOnlySpan<char> reply)
    {
        if (!pendingRepliesBySpan.TryGetValue(queueId, out var replies))
        {
            replies = [];
            pendingRepliesBySpan[queueId] = replies;
        }

        var index = IndexOf(replies, recipient);
        var entry = new RecipientReply(recipient.ToString(), reply.ToString());
        if (index < 0)
        {
            replies.Add(entry);
        }
        else
        {
            replies[index] = entry;
        }
    }

    /// <summary>
    /// Removes and returns the reply stored for <paramref name="recipient"/> of the queue id, or null.
    /// Every <c>to=</c> line takes its recipients' replies, so a reply never reaches a later attempt.
    /// </summary>
    private string? TakeReply(ReadOnlySpan<char> queueId, ReadOnlySpan<char> recipient)
    {
        if (!pendingRepliesBySpan.TryGetValue(queueId, out var replies))
        {
            return null;
        }

        var index = IndexOf(replies, recipient);
        if (index < 0)
        {
            return null;
        }

        var reply = replies[index].Reply;
        replies.RemoveAt(index);
        if (replies.Count == 0)
        {
            pendingRepliesBySpan.Remove(queueId);
        }

        return reply;
    }

    private static int IndexOf(List<RecipientReply> replies, ReadOnlySpan<char> recipient)
    {
        for (var index = 0; index < replies.Count; index++)
        {
            if (recipient.Equals(replies[index].Recipient, StringComparison.OrdinalIgnoreCase))
            {
                return index;
            }
        }

        return -1;
    }

    /// <summary>A remote server's reply to one recipient, stored until the recipient's <c>to=</c> line.</summary>
    private readonly record struct RecipientReply(string Recipient, string Reply);
}
