using System.Text.Json;
using BouncePortal.Domain.Classification;

namespace BouncePortal.Domain.Parsing.Esp;

/// <summary>
/// Streams a SendGrid Event Webhook export (a JSON array of events, or one event per line)
/// into delivery attempts. <c>bounce</c> and <c>dropped</c> events are final failures,
/// <c>deferred</c> events are retries and <c>delivered</c> events deliveries; engagement and
/// processing events are skipped.
/// </summary>
public sealed class SendGridEventParser(string source, DateTimeOffset uploadedAt) : EspEventParser(source, uploadedAt)
{
    /// <inheritdoc />
    protected override string FormatName => "SendGrid";

    /// <inheritdoc />
    protected override string EventTypeField => "an \"event\" field";

    private protected override void ReadRecord(JsonElement record, long line, List<DeliveryAttempt> found)
    {
        var eventName = EspJson.Text(record, "event");
        if (eventName is null)
        {
            Report.Skip(EspSkipReasons.NoEventType);
            return;
        }

        DeliveryOutcome outcome;
        string? reply;
        string? verdict;
        switch (eventName)
        {
            case "bounce":
                // A "blocked" bounce is a rejection of the sender (reputation, content), not a dead address.
                var type = EspJson.Text(record, "type");
                outcome = DeliveryOutcome.Bounced;
                reply = EspJson.Text(record, "reason");
                verdict = EspJson.Verdict(
                    ("type", type == "blocked" ? type : null),
                    ("bounce_classification", EspJson.Text(record, "bounce_classification")));
                break;
            case "dropped":
                reply = EspJson.Text(record, "reason");
                if (reply is "Unsubscribed Address" or "Spam Reporting Address")
                {
                    Report.Skip(EspSkipReasons.DroppedNotSent);
                    return;
                }

                outcome = DeliveryOutcome.Bounced;
                verdict = EspJson.Verdict(("event", "dropped"), ("reason", reply));
                break;
            case "deferred":
                outcome = DeliveryOutcome.Deferred;
                reply = EspJson.Text(record, "response");
                verdict = null;
                break;
            case "delivered":
                outcome = DeliveryOutcome.Delivered;
                reply = EspJson.Text(record, "response");
                verdict = null;
                break;
            default:
                Report.Skip(EspSkipReasons.NotADeliveryEvent);
                return;
        }

        var recipient = EspJson.Text(record, "email");
        if (recipient is null)
        {
            Report.Skip(EspSkipReasons.NoRecipient);
            return;
        }

        if (EspJson.UnixSeconds(record, "timestamp") is not { } timestamp)
        {
            Report.Skip(EspSkipReasons.NoTimestamp);
            return;
        }

        found.Add(new DeliveryAttempt(
            Source,
            line,
            timestamp,
            EspJson.WithoutAngleBrackets(EspJson.Text(record, "smtp-id")) ?? EspJson.Text(record, "sg_message_id"),
            Sender: null,
            recipient,
            outcome,
            reply,
            LogEnhancedCode: EspJson.Text(record, "status"),
            RemoteHost: null,
            RemoteIp: null,
            SmtpStage.Unknown,
            Campaign: EspJson.TextOrList(record, "category"),
            SendingIp: EspJson.Text(record, "ip"),
            SourceVerdict: verdict));
    }
}
