using System.Text.Json;
using BouncePortal.Domain.Classification;

namespace BouncePortal.Domain.Parsing.Esp;

/// <summary>
/// Streams Amazon SES notifications into delivery attempts, one per recipient: bounce
/// notifications (all final failures), DeliveryDelay events (retries) and Delivery events. Reads both the notification shape
/// (<c>notificationType</c>) and the event-publishing shape (<c>eventType</c>), bare or inside
/// an SNS envelope whose <c>Message</c> contains the notification as a JSON string.
/// </summary>
public sealed class AmazonSesEventParser(string source, DateTimeOffset uploadedAt) : EspEventParser(source, uploadedAt)
{
    /// <inheritdoc />
    protected override string FormatName => "Amazon SES";

    /// <inheritdoc />
    protected override string EventTypeField => "a \"notificationType\" or \"eventType\" field";

    private protected override void ReadRecord(JsonElement record, long line, List<DeliveryAttempt> found)
    {
        if (EspJson.Text(record, "Type") is not null && EspJson.Text(record, "Message") is { } message)
        {
            using var inner = ParseEnvelopeMessage(message, line);
            ReadNotification(inner.RootElement, line, found);
            return;
        }

        ReadNotification(record, line, found);
    }

    private JsonDocument ParseEnvelopeMessage(string message, long line)
    {
        try
        {
            return JsonDocument.Parse(message);
        }
        catch (JsonException e)
        {
            throw new LogFormatException(
                Source,
                line,
                $"the SNS envelope's Message is not a JSON notification ({e.Message}); export the SES notifications again");
        }
    }

    private void ReadNotification(JsonElement notification, long line, List<DeliveryAttempt> found)
    {
        var type = EspJson.Text(notification, "notificationType") ?? EspJson.Text(notification, "eventType");
        if (type is null)
        {
            Report.Skip(EspSkipReasons.NoEventType);
            return;
        }

        var mail = EspJson.Object(notification, "mail") ?? default;
        var countBefore = found.Count;
        switch (type)
        {
            case "Bounce":
                ReadBounce(EspJson.Object(notification, "bounce") ?? default, mail, line, found);
                break;
            case "DeliveryDelay":
                ReadDelay(EspJson.Object(notification, "deliveryDelay") ?? default, mail, line, found);
                break;
            case "Delivery":
                ReadDelivery(EspJson.Object(notification, "delivery") ?? default, mail, line, found);
                break;
            default:
                Report.Skip(EspSkipReasons.NotADeliveryEvent);
                return;
        }

        if (found.Count == countBefore)
        {
            Report.Skip(EspSkipReasons.NoRecipient);
        }
    }

    private void ReadBounce(JsonElement bounce, JsonElement mail, long line, List<DeliveryAttempt> found)
    {
        var bounceType = EspJson.Text(bounce, "bounceType");
        var timestamp = EspJson.IsoTime(bounce, "timestamp") ?? EspJson.IsoTime(mail, "timestamp") ?? UploadedAt;
        var verdict = EspJson.Verdict(("bounceType", bounceType), ("bounceSubType", EspJson.Text(bounce, "bounceSubType")));

        // SES reports soft failures it still retries as DeliveryDelay events. A Transient bounce is
        // SES giving up after those retries, so it is final, of soft class, and retried since the
        // message was sent. Permanent and Undetermined bounces are final and take their class from the codes.
        var transient = bounceType == "Transient";
        var sentAt = transient ? EspJson.IsoTime(mail, "timestamp") : null;
        var retry = new RetryReport(
            transient ? BounceClass.Soft : null,
            sentAt < timestamp ? sentAt : null);
        foreach (var recipient in EspJson.Array(bounce, "bouncedRecipients"))
        {
            Add(found, line, timestamp, mail, recipient, DeliveryOutcome.Bounced, EspJson.Text(bounce, "remoteMtaIp"), verdict, retry);
        }
    }

    private void ReadDelay(JsonElement delay, JsonElement mail, long line, List<DeliveryAttempt> found)
    {
        var timestamp = EspJson.IsoTime(delay, "timestamp") ?? EspJson.IsoTime(mail, "timestamp") ?? UploadedAt;
        var verdict = EspJson.Verdict(("delayType", EspJson.Text(delay, "delayType")));
        foreach (var recipient in EspJson.Array(delay, "delayedRecipients"))
        {
            Add(found, line, timestamp, mail, recipient, DeliveryOutcome.Deferred, EspJson.Text(delay, "remoteMtaIp"), verdict);
        }
    }

    private void ReadDelivery(JsonElement delivery, JsonElement mail, long line, List<DeliveryAttempt> found)
    {
        var timestamp = EspJson.IsoTime(delivery, "timestamp") ?? EspJson.IsoTime(mail, "timestamp") ?? UploadedAt;
        foreach (var recipient in EspJson.Array(delivery, "recipients"))
        {
            if (recipient.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(recipient.GetString()))
            {
                continue;
            }

            found.Add(new DeliveryAttempt(
                Source,
                line,
                timestamp,
                EspJson.Text(mail, "messageId"),
                EspJson.Text(mail, "source"),
                recipient.GetString()!.Trim(),
                DeliveryOutcome.Delivered,
                EspJson.Text(delivery, "smtpResponse"),
                LogEnhancedCode: null,
                RemoteHost: null,
                RemoteIp: EspJson.Text(delivery, "remoteMtaIp"),
                SmtpStage.Unknown));
        }
    }

    private void Add(
        List<DeliveryAttempt> found,
        long line,
        DateTimeOffset timestamp,
        JsonElement mail,
        JsonElement recipient,
        DeliveryOutcome outcome,
        string? remoteIp,
        string? verdict,
        RetryReport retry = default)
    {
        var address = EspJson.Text(recipient, "emailAddress");
        if (address is null)
        {
            return;
        }

        found.Add(new DeliveryAttempt(
            Source,
            line,
            timestamp,
            EspJson.Text(mail, "messageId"),
            EspJson.Text(mail, "source"),
            address,
            outcome,
            DiagnosticText.WithoutSmtpType(EspJson.Text(recipient, "diagnosticCode")),
            LogEnhancedCode: EspJson.Text(recipient, "status"),
            RemoteHost: null,
            remoteIp,
            SmtpStage.Unknown,
            SourceVerdict: verdict,
            FirstAttemptAt: retry.FirstAttemptAt,
            SourceClass: retry.SourceClass));
    }

    /// <summary>The class a bounce notification states and the time its retries began, where it reports them.</summary>
    private readonly record struct RetryReport(BounceClass? SourceClass, DateTimeOffset? FirstAttemptAt);
}
