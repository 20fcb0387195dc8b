using System.Text.Json;
using BouncePortal.Domain.Classification;

namespace BouncePortal.Domain.Parsing.Esp;

/// <summary>
/// Streams Mailgun events into delivery attempts: a JSON array of events, one event per line,
/// webhook bodies (the event inside <c>event-data</c>) or Events API pages (events in <c>items</c>).
/// <c>failed</c> events with severity <c>permanent</c> are final failures and with severity
/// <c>temporary</c> retries; <c>delivered</c> events are deliveries.
/// </summary>
public sealed class MailgunEventParser(string source, DateTimeOffset uploadedAt) : EspEventParser(source, uploadedAt)
{
    /// <inheritdoc />
    protected override string FormatName => "Mailgun";

    /// <inheritdoc />
    protected override string EventTypeField => "an \"event\" field";

    private protected override void ReadRecord(JsonElement record, long line, List<DeliveryAttempt> found)
    {
        if (EspJson.Object(record, "event-data") is { } eventData)
        {
            ReadEvent(eventData, line, found);
            return;
        }

        if (record.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in items.EnumerateArray())
            {
                ReadEvent(item, line, found);
            }

            return;
        }

        ReadEvent(record, line, found);
    }

    private void ReadEvent(JsonElement item, long line, List<DeliveryAttempt> found)
    {
        var eventName = EspJson.Text(item, "event");
        if (eventName is null)
        {
            Report.Skip(EspSkipReasons.NoEventType);
            return;
        }

        var severity = EspJson.Text(item, "severity");
        DeliveryOutcome outcome;
        switch (eventName)
        {
            case "delivered":
                outcome = DeliveryOutcome.Delivered;
                break;
            case "failed":
                if (EspJson.Text(item, "reason") is "suppress-unsubscribe" or "suppress-complaint")
                {
                    Report.Skip(EspSkipReasons.DroppedNotSent);
                    return;
                }

                outcome = severity == "temporary" ? DeliveryOutcome.Deferred : DeliveryOutcome.Bounced;
                break;

            // Events of the older Mailgun API.
            case "bounced" or "dropped":
                outcome = DeliveryOutcome.Bounced;
                break;
            default:
                Report.Skip(EspSkipReasons.NotADeliveryEvent);
                return;
        }

        var recipient = EspJson.Text(item, "recipient");
        if (recipient is null)
        {
            Report.Skip(EspSkipReasons.NoRecipient);
            return;
        }

        if (EspJson.UnixSeconds(item, "timestamp") is not { } timestamp)
        {
            Report.Skip(EspSkipReasons.NoTimestamp);
            return;
        }

        var status = EspJson.Object(item, "delivery-status") ?? default;
        var envelope = EspJson.Object(item, "envelope") ?? default;
        var headers = EspJson.Object(EspJson.Object(item, "message") ?? default, "headers") ?? default;
        found.Add(new DeliveryAttempt(
            Source,
            line,
            timestamp,
            EspJson.WithoutAngleBrackets(EspJson.Text(headers, "message-id")),
            EspJson.Text(envelope, "sender"),
            recipient,
            outcome,
            ReplyOf(status),
            LogEnhancedCode: EspJson.Text(status, "enhanced-code"),
            RemoteHost: EspJson.Text(status, "mx-host"),
            RemoteIp: null,
            SmtpStage.Unknown,
            Campaign: CampaignOf(item),
            SendingIp: EspJson.Text(envelope, "sending-ip"),
            SourceVerdict: EspJson.Verdict(("severity", severity), ("reason", EspJson.Text(item, "reason")))));
    }

    /// <summary>
    /// Builds the reply from <c>delivery-status</c>: the remote message, else Mailgun's own
    /// description, preceded by the basic code when the text does not start with one.
    /// </summary>
    private static string? ReplyOf(JsonElement status)
    {
        var text = EspJson.Text(status, "message") ?? EspJson.Text(status, "description");
        var code = EspJson.Text(status, "code");
        if (text is null)
        {
            return null;
        }

        var startsWithCode = text.Length >= 3 && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[1]) && char.IsAsciiDigit(text[2]);
        // Mailgun uses codes such as 605 for its own suppressions; only SMTP reply codes are prefixed.
        return code is ['2' or '4' or '5', _, _] && !startsWithCode ? $"{code} {text}" : text;
    }

    private static string? CampaignOf(JsonElement item)
    {
        var campaigns = EspJson.Array(item, "campaigns")
            .Select(c => EspJson.Text(c, "name"))
            .OfType<string>()
            .ToList();
        return campaigns.Count > 0 ? string.Join(", ", campaigns) : EspJson.TextOrList(item, "tags");
    }
}
