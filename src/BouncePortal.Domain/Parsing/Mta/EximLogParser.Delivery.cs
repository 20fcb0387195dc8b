using BouncePortal.Domain.Classification;

namespace BouncePortal.Domain.Parsing.Mta;

/// <summary>Reading of Exim delivery, failure and deferral lines.</summary>
public sealed partial class EximLogParser
{
    /// <summary>
    /// Reads "ADDRESS [&lt;ORIGINAL&gt;] FIELD=VALUE ... [defer (ERRNO)] [: MESSAGE]" after a
    /// delivery flag, or returns null when the line is no attempt.
    /// </summary>
    private DeliveryAttempt? ReadDelivery(LineContext context, ReadOnlySpan<char> messageId, ReadOnlySpan<char> rest, EximFlag flag)
    {
        var fields = EximFields.Read(rest);
        if (fields.Recipient.IsEmpty)
        {
            Report.Skip(MtaSkipReasons.EximOtherFlag);
            return null;
        }

        var text = EximMessageText.Read(fields.Message, fields.ErrorNumber);
        if (flag == EximFlag.Deferred && text.RetryTimeNotReached)
        {
            // Exim logs this when a queue run skips the address without connecting.
            Report.Skip(MtaSkipReasons.EximRetryTimeNotReached);
            return null;
        }

        var state = StateOf(messageId);
        var sender = fields.Sender.IsEmpty ? state.Sender
            : fields.Sender.SequenceEqual("<>") ? null
            : fields.Sender.Trim("<>").ToString();

        var outcome = flag switch
        {
            EximFlag.Delivered => DeliveryOutcome.Delivered,
            EximFlag.Deferred => DeliveryOutcome.Deferred,
            _ => text.Expired ? DeliveryOutcome.Expired : DeliveryOutcome.Bounced,
        };

        var recipient = fields.Recipient.ToString();
        if (outcome == DeliveryOutcome.Expired && TakeLastDeferral(state, recipient) is { } lastDeferral)
        {
            return lastDeferral with
            {
                Line = context.Number,
                Timestamp = context.Timestamp,
                Sender = sender ?? lastDeferral.Sender,
                LogOutcome = DeliveryOutcome.Expired,
                RemoteHost = fields.Host.IsEmpty ? lastDeferral.RemoteHost : fields.Host.ToString(),
                RemoteIp = PostfixStatusText.IpOrNull(fields.Ip) ?? lastDeferral.RemoteIp,
            };
        }

        string? reply = null;
        if (flag == EximFlag.Delivered && !fields.Confirmation.IsEmpty)
        {
            reply = UnescapeQuotes(fields.Confirmation);
        }
        else if (flag != EximFlag.Delivered && !text.Reply.IsEmpty)
        {
            reply = text.Reply.ToString();
        }

        var stage = flag == EximFlag.Delivered ? SmtpStage.Data : text.Stage;
        var host = !fields.Host.IsEmpty ? fields.Host : text.Host;
        var attempt = new DeliveryAttempt(
            Source,
            context.Number,
            context.Timestamp,
            state.MessageId,
            sender,
            recipient,
            outcome,
            reply,
            LogEnhancedCode: null,
            host.IsEmpty ? null : host.ToString(),
            PostfixStatusText.IpOrNull(fields.Ip) ?? PostfixStatusText.IpOrNull(text.Ip),
            stage,
            SendingIp: PostfixStatusText.IpOrNull(fields.Interface));
        RememberDeferral(state, attempt);
        return attempt;
    }

    private static DeliveryAttempt? TakeLastDeferral(MessageState state, string recipient)
    {
        if (state.LastDeferrals is null || !state.LastDeferrals.Remove(recipient, out var lastDeferral))
        {
            return null;
        }

        return lastDeferral;
    }

    /// <summary>Keeps each recipient's latest deferral so that a later expiry can repeat its reply.</summary>
    private static void RememberDeferral(MessageState state, DeliveryAttempt attempt)
    {
        if (attempt.LogOutcome == DeliveryOutcome.Deferred)
        {
            state.LastDeferrals ??= new Dictionary<string, DeliveryAttempt>(StringComparer.OrdinalIgnoreCase);
            state.LastDeferrals[attempt.Recipient] = attempt;
        }
        else
        {
            state.LastDeferrals?.Remove(attempt.Recipient);
        }
    }

    /// <summary>Turns Exim's <c>\"</c> inside a quoted <c>C=</c> value back into a quote.</summary>
    private static string UnescapeQuotes(ReadOnlySpan<char> value) =>
        value.Contains("\\\"", StringComparison.Ordinal) ? value.ToString().Replace("\\\"", "\"", StringComparison.Ordinal) : value.ToString();
}
