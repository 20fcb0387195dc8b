using System.Text.Json;
using BouncePortal.Domain.Classification;

namespace BouncePortal.Domain.Parsing.Email;

/// <summary>
/// Reads an Amazon SES bounce or delivery notification that arrives as JSON in an email body
/// (the SNS email subscription), one recipient per entry of <c>bouncedRecipients</c> or <c>recipients</c>.
/// </summary>
internal static class SesNotificationBody
{
    /// <summary>Returns the recipients, or null when <paramref name="text"/> contains no SES notification.</summary>
    public static IReadOnlyList<BounceRecipient>? TryRead(string text)
    {
        var start = text.IndexOf('{');
        var end = text.LastIndexOf('}');
        if (start < 0 || end < start || !text.Contains("\"notificationType\"", StringComparison.Ordinal))
        {
            return null;
        }

        // The mail body may wrap the long JSON line, which JSON does not allow inside strings.
        var json = text[start..(end + 1)].Replace("\r", string.Empty).Replace("\n", string.Empty);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return String(root, "notificationType") switch
            {
                "Bounce" => Bounces(root.GetProperty("bounce")),
                "Delivery" => Deliveries(root.GetProperty("delivery")),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
        catch (KeyNotFoundException)
        {
            return null;
        }
    }

    private static List<BounceRecipient> Bounces(JsonElement bounce)
    {
        var verdict = $"bounceType={String(bounce, "bounceType")}; bounceSubType={String(bounce, "bounceSubType")}";
        var timestamp = Date(bounce);
        var outcome = String(bounce, "bounceType") == "Transient" ? DeliveryOutcome.Deferred : DeliveryOutcome.Bounced;

        return Array(bounce, "bouncedRecipients")
            .Select(recipient => new BounceRecipient(
                String(recipient, "emailAddress") ?? string.Empty,
                outcome,
                String(recipient, "diagnosticCode"),
                String(recipient, "status"),
                String(bounce, "reportingMTA"),
                SmtpStage.Unknown,
                timestamp)
            {
                SourceVerdict = verdict,
            })
            .Where(recipient => recipient.Address.Length > 0)
            .ToList();
    }

    private static List<BounceRecipient> Deliveries(JsonElement delivery)
    {
        var reply = String(delivery, "smtpResponse");
        var timestamp = Date(delivery);

        return Array(delivery, "recipients")
            .Where(recipient => recipient.ValueKind == JsonValueKind.String)
            .Select(recipient => new BounceRecipient(
                recipient.GetString()!,
                DeliveryOutcome.Delivered,
                reply,
                null,
                String(delivery, "reportingMTA"),
                SmtpStage.Unknown,
                timestamp))
            .ToList();
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().ToList()
            : [];

    private static DateTimeOffset? Date(JsonElement element) =>
        DateTimeOffset.TryParse(String(element, "timestamp"), out var date) ? date : null;
}
