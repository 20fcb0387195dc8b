using BouncePortal.Domain.Classification;

namespace BouncePortal.Domain.Parsing.Mta;

/// <summary>Reading of Sendmail delivery lines (<c>to=</c>).</summary>
public sealed partial class SendmailLogParser
{
    private const string StatField = "stat=";

    /// <summary>
    /// Reads "to=&lt;R1&gt;[,&lt;R2&gt;...], [ctladdr=.., ]delay=.., mailer=.., relay=HOST. [IP], dsn=X.Y.Z, stat=TEXT".
    /// One line lists every recipient that shared the SMTP transaction, so it yields one attempt each.
    /// </summary>
    private void ReadDelivery(long number, DateTimeOffset timestamp, ReadOnlySpan<char> queueId, ReadOnlySpan<char> body, List<DeliveryAttempt> found)
    {
        var rest = body["to=".Length..];
        var recipientsEnd = rest.IndexOf(", ");
        if (recipientsEnd < 0)
        {
            Report.Skip(MtaSkipReasons.SendmailNoStatus);
            return;
        }

        var recipients = rest[..recipientsEnd];
        rest = rest[(recipientsEnd + 2)..];
        ReadOnlySpan<char> relay = default;
        ReadOnlySpan<char> dsn = default;
        ReadOnlySpan<char> stat = default;
        var sawStat = false;
        while (!rest.IsEmpty)
        {
            // stat= is the last field and its text may contain ", ".
            if (rest.StartsWith(StatField, StringComparison.Ordinal))
            {
                stat = rest[StatField.Length..];
                sawStat = true;
                break;
            }

            var fieldEnd = rest.IndexOf(", ");
            var field = fieldEnd < 0 ? rest : rest[..fieldEnd];
            if (field.StartsWith("relay=", StringComparison.Ordinal))
            {
                relay = field["relay=".Length..];
            }
            else if (field.StartsWith("dsn=", StringComparison.Ordinal))
            {
                dsn = field["dsn=".Length..];
            }

            rest = fieldEnd < 0 ? default : rest[(fieldEnd + 2)..];
        }

        if (!sawStat)
        {
            Report.Skip(MtaSkipReasons.SendmailNoStatus);
            return;
        }

        if (!TryReadStat(stat, out var outcome, out var reply))
        {
            Report.Skip(MtaSkipReasons.SendmailQueued);
            return;
        }

        ReadRelay(relay, out var host, out var ip);
        var stage = outcome == DeliveryOutcome.Delivered ? SmtpStage.Data : StageOf(reply);
        var parts = new AttemptParts(
            number,
            timestamp,
            queueId.ToString(),
            sendersBySpan.TryGetValue(queueId, out var sender) ? sender : null,
            outcome,
            reply.IsEmpty ? null : reply.ToString(),
            dsn.IsEmpty ? null : dsn.ToString(),
            host.IsEmpty ? null : host.ToString(),
            PostfixStatusText.IpOrNull(ip),
            stage);
        AddPerRecipient(queueId, recipients, parts, found);
    }

    private void AddPerRecipient(ReadOnlySpan<char> queueId, ReadOnlySpan<char> recipients, AttemptParts parts, List<DeliveryAttempt> found)
    {
        // A stat= text without a reply code of its own is Sendmail's short form of the reply that
        // the recipient's reply line logged in full.
        var statHasCode = parts.Reply is not null && StartsWithFailureCode(parts.Reply);
        foreach (var range in recipients.Split(','))
        {
            var recipient = recipients[range].Trim().Trim("<>");
            if (recipient.IsEmpty)
            {
                continue;
            }

            var fullReply = TakeReply(queueId, recipient);
            var reply = fullReply is not null && !statHasCode && parts.Outcome != DeliveryOutcome.Delivered
                ? fullReply
                : parts.Reply;
            found.Add(new DeliveryAttempt(
                Source,
                parts.Line,
                parts.Timestamp,
                parts.QueueId,
                parts.Sender,
                recipient.ToString(),
                parts.Outcome,
                reply,
                parts.EnhancedCode,
                parts.Host,
                parts.Ip,
                parts.Stage));
        }

        if (found.Count == 0)
        {
            Report.Skip(MtaSkipReasons.NoRecipient);
        }
    }

    /// <summary>
    /// Reads the verdict: "Sent (REPLY)" delivered, "Deferred[: TEXT]" deferred, "queued" not
    /// tried (returns false), and any other text, such as "User unknown", a bounce.
    /// </summary>
    private static bool TryReadStat(ReadOnlySpan<char> stat, out DeliveryOutcome outcome, out ReadOnlySpan<char> reply)
    {
        if (stat.StartsWith("Sent", StringComparison.Ordinal))
        {
            outcome = DeliveryOutcome.Delivered;
            var open = stat.IndexOf('(');
            var close = stat.LastIndexOf(')');
            reply = open >= 0 && close > open ? stat[(open + 1)..close] : default;
            return true;
        }

        if (stat.StartsWith("Deferred", StringComparison.Ordinal))
        {
            outcome = DeliveryOutcome.Deferred;
            var colon = stat.IndexOf(':');
            reply = colon < 0 ? default : stat[(colon + 1)..].Trim();
            return true;
        }

        outcome = DeliveryOutcome.Bounced;
        reply = stat.Trim();
        return !stat.StartsWith("queued", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Reads "HOST. [IP]", "[IP]" or "HOST." with an optional " (may be forged)" note.</summary>
    private static void ReadRelay(ReadOnlySpan<char> relay, out ReadOnlySpan<char> host, out ReadOnlySpan<char> ip)
    {
        host = default;
        ip = default;
        var open = relay.IndexOf('[');
        var close = relay.IndexOf(']');
        if (open >= 0 && close > open)
        {
            ip = relay[(open + 1)..close];
            host = relay[..open].Trim();
        }
        else
        {
            var space = relay.IndexOf(' ');
            host = space < 0 ? relay : relay[..space];
        }

        // Sendmail writes host names fully qualified, with the root's trailing dot.
        host = host.TrimEnd('.');
    }

    /// <summary>Reads the stage of a failure without an SMTP reply, which Sendmail words as "Connection refused by HOST".</summary>
    private static SmtpStage StageOf(ReadOnlySpan<char> reply) =>
        reply.StartsWith("Connection ", StringComparison.Ordinal) || reply.StartsWith("No route to host", StringComparison.Ordinal)
            ? SmtpStage.Connect
            : SmtpStage.Unknown;

    /// <summary>The parts shared by the attempts of one delivery line.</summary>
    private readonly record struct AttemptParts(
        long Line,
        DateTimeOffset Timestamp,
        string QueueId,
        string? Sender,
        DeliveryOutcome Outcome,
        string? Reply,
        string? EnhancedCode,
        string? Host,
        string? Ip,
        SmtpStage Stage);
}
