using System.Text.Json;
using BouncePortal.Domain.Classification;

namespace BouncePortal.Domain.Parsing.Esp;

/// <summary>
/// Streams Postmark bounce webhooks (a JSON array, or one per line) into delivery attempts.
/// HardBounce, DnsError, BadEmailAddress, Blocked and the other failure types are final, and so is
/// SoftBounce, which Postmark records once it stopped retrying. Transient ("Message delayed") is a
/// retry. Notifications that report no failure (SpamNotification, AutoResponder, ...) are skipped.
/// Delivery webhooks count as deliveries.
/// </summary>
/// <remarks>
/// <para>
/// A Postmark delivery record names no sender, so bounces are read without their <c>From</c> as
/// well: with it, a mailbox would count its bounces but none of its deliveries, and its rates would
/// be near 100%. Every Postmark message therefore counts under an unknown sending mailbox.
/// </para>
/// <para>
/// Postmark describes a SoftBounce as a temporary failure (a full mailbox, a disabled account) and a
/// DnsError as a temporary DNS error, so both are of soft class when their reply carries no SMTP code.
/// </para>
/// </remarks>
public sealed class PostmarkBounceParser(string source, DateTimeOffset uploadedAt) : EspEventParser(source, uploadedAt)
{
    private static readonly HashSet<string> FinalFailureTypes = new(StringComparer.Ordinal)
    {
        "HardBounce", "DnsError", "BadEmailAddress", "Blocked", "DMARCPolicy", "ManuallyDeactivated", "SMTPApiError",
        "InboundError", "Unknown", "SoftBounce",
    };

    private static readonly HashSet<string> RetryTypes = new(StringComparer.Ordinal) { "Transient" };

    /// <summary>Final failure types that Postmark describes as temporary.</summary>
    private static readonly HashSet<string> SoftFinalTypes = new(StringComparer.Ordinal) { "SoftBounce", "DnsError" };

    /// <inheritdoc />
    protected override string FormatName => "Postmark";

    /// <inheritdoc />
    protected override string EventTypeField => "a \"Type\" field";

    private protected override void ReadRecord(JsonElement record, long line, List<DeliveryAttempt> found)
    {
        var recordType = EspJson.Text(record, "RecordType");
        if (recordType == "Delivery")
        {
            ReadDelivery(record, line, found);
            return;
        }

        // Exports of the bounces API carry no RecordType, but have Type and BouncedAt.
        if (recordType is not (null or "Bounce"))
        {
            Report.Skip(EspSkipReasons.NotADeliveryEvent);
            return;
        }

        var type = EspJson.Text(record, "Type");
        if (type is null)
        {
            Report.Skip(EspSkipReasons.NoEventType);
            return;
        }

        DeliveryOutcome outcome;
        if (FinalFailureTypes.Contains(type))
        {
            outcome = DeliveryOutcome.Bounced;
        }
        else if (RetryTypes.Contains(type))
        {
            outcome = DeliveryOutcome.Deferred;
        }
        else
        {
            Report.Skip(EspSkipReasons.NotAFailure);
            return;
        }

        var recipient = EspJson.Text(record, "Email");
        if (recipient is null)
        {
            Report.Skip(EspSkipReasons.NoRecipient);
            return;
        }

        if (EspJson.IsoTime(record, "BouncedAt") is not { } timestamp)
        {
            Report.Skip(EspSkipReasons.NoTimestamp);
            return;
        }

        found.Add(new DeliveryAttempt(
            Source,
            line,
            timestamp,
            EspJson.Text(record, "MessageID"),
            Sender: null,
            recipient,
            outcome,
            DiagnosticText.WithoutSmtpType(EspJson.Text(record, "Details") ?? EspJson.Text(record, "Description")),
            LogEnhancedCode: null,
            RemoteHost: null,
            RemoteIp: null,
            SmtpStage.Unknown,
            Campaign: EspJson.Text(record, "Tag"),
            SourceVerdict: $"Type={type}",
            SourceClass: SoftFinalTypes.Contains(type) ? BounceClass.Soft : null));
    }

    private void ReadDelivery(JsonElement record, long line, List<DeliveryAttempt> found)
    {
        var recipient = EspJson.Text(record, "Recipient");
        if (recipient is null)
        {
            Report.Skip(EspSkipReasons.NoRecipient);
            return;
        }

        if (EspJson.IsoTime(record, "DeliveredAt") is not { } timestamp)
        {
            Report.Skip(EspSkipReasons.NoTimestamp);
            return;
        }

        found.Add(new DeliveryAttempt(
            Source,
            line,
            timestamp,
            EspJson.Text(record, "MessageID"),
            Sender: null,
            recipient,
            DeliveryOutcome.Delivered,
            EspJson.Text(record, "Details"),
            LogEnhancedCode: null,
            RemoteHost: null,
            RemoteIp: null,
            SmtpStage.Unknown,
            Campaign: EspJson.Text(record, "Tag")));
    }
}
