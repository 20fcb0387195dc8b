using System.Buffers;
using System.Globalization;
using BouncePortal.Domain.Classification;

namespace BouncePortal.Domain.Parsing;

/// <summary>Reading of delivery lines (<c>to=</c>) and qmgr sender and expiry lines (<c>from=</c>).</summary>
public sealed partial class PostfixLogParser
{
    private static readonly SearchValues<char> UpperHexDigits = SearchValues.Create("0123456789ABCDEF");
    private static readonly SearchValues<char> AsciiLettersAndDigits =
        SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>Reads "to=&lt;R&gt;, [orig_to=&lt;..&gt;,] relay=.., ..., dsn=X.Y.Z, status=S (TEXT)".</summary>
    private void ReadDelivery(LineContext context, ReadOnlySpan<char> queueId, ReadOnlySpan<char> body, List<DeliveryAttempt> found)
    {
        var recipientEnd = body.IndexOf('>');
        if (recipientEnd < 0)
        {
            SkipIncompleteDelivery(context);
            return;
        }

        var recipient = body[4..recipientEnd];
        var rest = body[(recipientEnd + 1)..];
        ReadOnlySpan<char> relay = default;
        ReadOnlySpan<char> dsn = default;
        while (true)
        {
            if (!rest.StartsWith(", ", StringComparison.Ordinal))
            {
                SkipIncompleteDelivery(context);
                return;
            }

            rest = rest[2..];
            if (rest.StartsWith("status=", StringComparison.Ordinal))
            {
                rest = rest["status=".Length..];
                break;
            }

            var fieldLength = MeasureField(rest, out var valueStart, out var valueEnd);
            var field = rest[..fieldLength];
            if (field.SequenceEqual("relay"))
            {
                relay = rest[valueStart..valueEnd];
            }
            else if (field.SequenceEqual("dsn"))
            {
                dsn = rest[valueStart..valueEnd];
            }

            rest = rest[valueEnd..];
        }

        var statusEnd = rest.IndexOf(' ');
        var status = statusEnd < 0 ? rest : rest[..statusEnd];
        if (!TryReadOutcome(status, out var outcome))
        {
            Report.Skip(status is "deliverable" or "undeliverable" ? SkipReasons.AddressVerification : SkipReasons.UnknownStatus);
            return;
        }

        if (!TryReadStatusText(context, statusEnd < 0 ? default : rest[(statusEnd + 1)..], out var text))
        {
            return;
        }

        found.Add(CreateAttempt(context, queueId, recipient, outcome, relay, dsn, text));
    }

    private DeliveryAttempt CreateAttempt(
        LineContext context,
        ReadOnlySpan<char> queueId,
        ReadOnlySpan<char> recipient,
        DeliveryOutcome outcome,
        ReadOnlySpan<char> relay,
        ReadOnlySpan<char> dsn,
        ReadOnlySpan<char> text)
    {
        string? remoteHost = null;
        string? remoteIp = null;
        if (PostfixStatusText.TryReadHostAndIp(relay, out var relayHost, out var relayIp, out _))
        {
            remoteHost = relayHost.ToString();
            remoteIp = PostfixStatusText.IpOrNull(relayIp);
        }

        string? reply = null;
        var stage = SmtpStage.Unknown;
        if (!text.IsEmpty)
        {
            var parts = PostfixStatusText.Read(text, outcome);
            reply = parts.Reply;
            stage = parts.Stage;
            remoteHost ??= parts.Host;
            remoteIp ??= parts.Ip;
        }

        var state = StateOf(queueId);
        var attempt = new DeliveryAttempt(
            Source,
            context.Number,
            context.Timestamp,
            state.QueueId,
            state.Sender,
            recipient.ToString(),
            outcome,
            reply,
            dsn.IsEmpty ? null : dsn.ToString(),
            remoteHost,
            remoteIp,
            stage,
            MessageRecipients: state.Recipients);
        RememberDeferral(state, attempt);
        return attempt;
    }

    /// <summary>Keeps each recipient's latest deferral so that a later expiry can repeat it.</summary>
    private static void RememberDeferral(MessageState state, DeliveryAttempt attempt)
    {
        if (attempt.LogOutcome == DeliveryOutcome.Deferred)
        {
            state.LastDeferrals ??= new Dictionary<string, DeliveryAttempt?>(StringComparer.OrdinalIgnoreCase);
            state.LastDeferrals[attempt.Recipient] = attempt;
        }
        else if (state.LastDeferrals is not null && state.LastDeferrals.ContainsKey(attempt.Recipient))
        {
            state.LastDeferrals[attempt.Recipient] = null;
        }
    }

    /// <summary>
    /// Reads " (TEXT)" after the status word. The text may contain parentheses itself, so it
    /// runs to the last ')' of the line.
    /// </summary>
    private bool TryReadStatusText(LineContext context, ReadOnlySpan<char> afterStatus, out ReadOnlySpan<char> text)
    {
        text = default;
        if (afterStatus.IsEmpty || afterStatus[0] != '(')
        {
            return true;
        }

        var close = afterStatus.LastIndexOf(')');
        if (close > 0)
        {
            text = afterStatus[1..close];
            return true;
        }

        if (context.Unterminated)
        {
            throw CutOff(context);
        }

        // A mid-file line without its ')' was cut by the logger, for example at rsyslog's message
        // size limit. Its verdict is still valid, so the text is kept up to the line's end.
        text = afterStatus[1..];
        return true;
    }

    private void SkipIncompleteDelivery(LineContext context)
    {
        if (context.Unterminated)
        {
            throw CutOff(context);
        }

        Report.Skip(SkipReasons.NoDeliveryStatus);
    }

    private LogFormatException CutOff(LineContext context) => new(
        Source,
        context.Number,
        "the last line is cut off in the middle of a delivery entry, so the file looks truncated; copy the whole log again");

    /// <summary>
    /// Measures the "name=value" field at the start of <paramref name="rest"/>: returns the name's
    /// length and the value's bounds, the end being where the next ", " starts.
    /// </summary>
    private static int MeasureField(ReadOnlySpan<char> rest, out int valueStart, out int valueEnd)
    {
        var equals = rest.IndexOf('=');
        if (equals < 0)
        {
            valueStart = rest.Length;
            valueEnd = rest.Length;
            return rest.Length;
        }

        valueStart = equals + 1;
        var value = rest[valueStart..];

        // Addresses (orig_to=<..>) may contain ", ", so they run to their closing '>'.
        var length = value.StartsWith('<') ? value.IndexOf('>') + 1 : value.IndexOf(", ");
        valueEnd = valueStart + (length <= 0 ? value.Length : length);
        return equals;
    }

    private static bool TryReadOutcome(ReadOnlySpan<char> status, out DeliveryOutcome outcome)
    {
        switch (status)
        {
            case "sent":
                outcome = DeliveryOutcome.Delivered;
                return true;
            case "deferred":
                outcome = DeliveryOutcome.Deferred;
                return true;
            case "bounced":
                outcome = DeliveryOutcome.Bounced;
                return true;
            case "expired":
                outcome = DeliveryOutcome.Expired;
                return true;
            default:
                outcome = default;
                return false;
        }
    }

    /// <summary>
    /// Reads qmgr's "from=&lt;S&gt;, size=N, nrcpt=N (queue active)", which names the sender, and
    /// "from=&lt;S&gt;, status=expired, returned to sender", which expires the recipients still deferred.
    /// </summary>
    private void ReadSender(LineContext context, ReadOnlySpan<char> queueId, ReadOnlySpan<char> body, List<DeliveryAttempt> found)
    {
        var senderEnd = body.IndexOf('>');
        if (senderEnd < 0)
        {
            Report.Skip(SkipReasons.NoDeliveryStatus);
            return;
        }

        var sender = body["from=<".Length..senderEnd];
        var rest = body[(senderEnd + 1)..];
        var expired = rest.StartsWith(", status=expired", StringComparison.Ordinal)
            || rest.StartsWith(", status=force-expired", StringComparison.Ordinal);
        if (!expired && !rest.StartsWith(", size=", StringComparison.Ordinal))
        {
            Report.Skip(SkipReasons.NoDeliveryStatus);
            return;
        }

        var state = StateOf(queueId);

        // qmgr logs from= again each time a deferred message re-enters the active queue.
        if (!sender.IsEmpty && !sender.SequenceEqual(state.Sender))
        {
            state.Sender = sender.ToString();
        }

        if (!expired)
        {
            var count = rest.IndexOf(", nrcpt=", StringComparison.Ordinal);
            if (count >= 0)
            {
                var digits = rest[(count + ", nrcpt=".Length)..];
                var end = digits.IndexOfAnyExceptInRange('0', '9');
                if (int.TryParse(end < 0 ? digits : digits[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var recipients))
                {
                    state.Recipients = recipients;
                }
            }

            Report.Skip(SkipReasons.SenderLine);
            return;
        }

        ExpireDeferredRecipients(context, state, found);
    }

    private void ExpireDeferredRecipients(LineContext context, MessageState state, List<DeliveryAttempt> found)
    {
        if (state.LastDeferrals is not null)
        {
            foreach (var lastDeferral in state.LastDeferrals.Values)
            {
                if (lastDeferral is null)
                {
                    continue;
                }

                found.Add(lastDeferral with
                {
                    Line = context.Number,
                    Timestamp = context.Timestamp,
                    Sender = state.Sender ?? lastDeferral.Sender,
                    LogOutcome = DeliveryOutcome.Expired,
                });
            }

            // Every recipient has now reached a verdict, so a repeated expiry line adds nothing.
            state.LastDeferrals.Clear();
        }

        if (found.Count == 0)
        {
            Report.Skip(SkipReasons.ExpiredWithoutDeferral);
        }
    }
}
