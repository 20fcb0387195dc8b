using System.Text.RegularExpressions;
using BouncePortal.Domain.Classification;
using MimeKit;
using MimeKit.Utils;

namespace BouncePortal.Domain.Parsing.Email;

/// <summary>One recipient of a bounce email with the verdict and reply the email gives for it.</summary>
internal sealed record BounceRecipient(
    string Address,
    DeliveryOutcome Outcome,
    string? Reply,
    string? Status,
    string? RemoteHost,
    SmtpStage Stage,
    DateTimeOffset? Timestamp)
{
    /// <summary>The source's own verdict, such as SES <c>bounceType</c>, as extra evidence.</summary>
    public string? SourceVerdict { get; init; }

    /// <summary>
    /// The message's arrival at the reporting MTA when the MTA gave up on this recipient after
    /// temporary failures, so the retries ran from here to <see cref="Timestamp"/>. Null otherwise.
    /// </summary>
    public DateTimeOffset? FirstAttemptAt { get; init; }
}

/// <summary>
/// The times a bounce email states for the whole message: the report's <c>Arrival-Date</c>, when the
/// reporting MTA took the message in, and the email's own <c>Date</c> header, when it wrote the report.
/// </summary>
internal sealed record ReportTimes(DateTimeOffset? Arrival, DateTimeOffset? ReportDate)
{
    /// <summary>
    /// Returns the span over which the MTA retried a recipient before it gave up: from the arrival to
    /// the recipient's <c>Last-Attempt-Date</c>, else to the email's date. Null when either end is
    /// missing or the end is not after the arrival.
    /// </summary>
    public (DateTimeOffset First, DateTimeOffset Last)? RetriesUntil(DateTimeOffset? lastAttempt)
    {
        var last = lastAttempt ?? ReportDate;
        return Arrival is { } first && last is { } end && end > first ? (first, end) : null;
    }
}

/// <summary>What one bounce email reports: its recipients in order and the facts about the original message.</summary>
internal sealed record BounceMessage(
    IReadOnlyList<BounceRecipient> Recipients, string? QueueId, string? Sender, DateTimeOffset? Timestamp)
{
    /// <summary>
    /// How many recipients the original message was addressed to: its To and Cc, or the number of
    /// recipients the email reports when that is higher. Null when the email has no original headers.
    /// </summary>
    public int? MessageRecipients { get; init; }
}

/// <summary>
/// Reads one bounce email: the RFC 3464 delivery status report where there is one, else the
/// human-readable text (<see cref="PlainBounceBody"/>).
/// </summary>
internal static partial class BounceMessageParser
{
    [GeneratedRegex(@"\b[245]\.\d{1,3}\.\d{1,3}\b")]
    private static partial Regex StatusCode();

    // A relay forwards a bounce inside its own at most this deep.
    private const int MaxForwardDepth = 3;

    public static BounceMessage Parse(MimeMessage message) => Parse(message, 0);

    private static BounceMessage Parse(MimeMessage message, int depth)
    {
        var parts = new MessageParts();
        parts.Walk(message.Body);

        // A relay that forwards a bounce it received attaches that bounce as message/rfc822 and adds
        // no report of its own, so the attached report is the one that names the recipients.
        if (parts.Reports.Count == 0 && depth < MaxForwardDepth && parts.Original is { } attached && IsReport(attached))
        {
            return Parse(attached, depth + 1);
        }

        var bodyText = parts.Text ?? parts.HtmlAsText ?? string.Empty;
        if (parts.Reports.Count == 0 && DeliveryStatusFields.ContainsReport(bodyText))
        {
            // Some relays print the report fields inside the human-readable text.
            parts.Reports.Add(DeliveryStatusFields.Parse(bodyText));
        }

        var messageFields = parts.Reports.Select(report => report.MessageFields).FirstOrDefault(fields => fields.Count > 0);
        var sender = Mailbox(Field(messageFields, "X-Postfix-Sender"))
            ?? FirstAddress(parts.Original?.From)
            ?? InlineOriginalHeader(bodyText, "From")
            ?? FirstAddress(message.To);
        var queueId = Field(messageFields, "X-Postfix-Queue-ID")
            ?? parts.Original?.MessageId
            ?? InlineOriginalHeader(bodyText, "Message-ID");
        var arrival = ParseDate(Field(messageFields, "Arrival-Date"));
        DateTimeOffset? reportDate = message.Headers.Contains(HeaderId.Date) ? message.Date : null;
        var timestamp = arrival ?? reportDate;

        if (SesNotificationBody.TryRead(bodyText) is { Count: > 0 } notified)
        {
            return new BounceMessage(notified, queueId, sender, timestamp) { MessageRecipients = CountAddressed(parts.Original, notified.Count) };
        }

        var lines = PlainBounceBody.BounceLines(bodyText);
        if (MailingListNotice.TryRead(message, lines) is { } refused)
        {
            return new BounceMessage(refused, queueId, sender, timestamp) { MessageRecipients = CountAddressed(parts.Original, refused.Count) };
        }

        var recipients = FromReports(parts.Reports, lines, message, sender, new ReportTimes(arrival, reportDate));
        if (recipients.Count == 0)
        {
            recipients = FromText(lines, message, parts.Original ?? InlineOriginal(bodyText), sender);
        }

        return new BounceMessage(recipients, queueId, sender, timestamp) { MessageRecipients = CountAddressed(parts.Original, recipients.Count) };
    }

    private static int? CountAddressed(MimeMessage? original, int reported)
    {
        var addressed = original is null ? 0 : original.To.Mailboxes.Count() + original.Cc.Mailboxes.Count();
        return addressed == 0 ? null : Math.Max(addressed, reported);
    }

    private static List<BounceRecipient> FromReports(
        List<DeliveryStatusFields> reports, string[] lines, MimeMessage message, string? sender, ReportTimes times)
    {
        var recipients = new List<BounceRecipient>();
        IReadOnlyList<PlainRecipient>? plain = null;

        foreach (var group in reports.SelectMany(report => report.RecipientGroups))
        {
            var address = Mailbox(Field(group, "Final-Recipient")) ?? Mailbox(Field(group, "Original-Recipient"));
            if (address is null)
            {
                continue;
            }

            var status = StatusCode().Match(Field(group, "Status") ?? string.Empty) is { Success: true } match ? match.Value : null;
            // The human-readable text may name the reply or the SMTP stage that the report leaves out.
            plain ??= PlainBounceBody.Read(lines, [], Excluded(message, sender));
            // A delivery to a program names the command line ("|/usr/bin/filter user@example.com"), so the
            // text's recipient is the address inside it.
            var fromText = plain.FirstOrDefault(candidate => Same(candidate.Address, address))
                ?? plain.FirstOrDefault(candidate => address.Contains(candidate.Address, StringComparison.OrdinalIgnoreCase))
                ?? (plain.Count == 1 ? plain[0] : null);

            var reply = Field(group, "Diagnostic-Code");
            if (reply is null || IsEmptyDiagnostic(reply) || IsExitStatus(reply))
            {
                // A text that names no recipient may still print the one reply of the session.
                reply = fromText?.Reply ?? (plain.Count == 0 ? PlainBounceBody.FirstReply(lines) : null) ?? reply;
            }

            reply = reply is null ? null : DiagnosticText.WithoutSmtpType(EmbeddedReply.PreferQuotedReply(reply));
            status = EmbeddedReply.SpecificStatus(status, reply);

            var action = Field(group, "Action");
            var lastAttempt = ParseDate(Field(group, "Last-Attempt-Date"));
            var retries = IsFailed(action) && IsTemporary(reply, status) ? times.RetriesUntil(lastAttempt) : null;

            recipients.Add(new BounceRecipient(
                address,
                OutcomeOf(action, status, lines, message.Subject),
                reply,
                status,
                Mailbox(Field(group, "Remote-MTA")),
                fromText?.Stage is { } stage and not SmtpStage.Unknown ? stage : PlainBounceBody.StageIn(reply),
                retries?.Last ?? lastAttempt)
            {
                FirstAttemptAt = retries?.First,
            });
        }

        return recipients;
    }

    private static bool IsFailed(string? action) =>
        action is not null && action.TrimStart().StartsWith("failed", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True when the recipient's result is a temporary failure. As in the classifier, the reply's
    /// basic code decides, else the reply's enhanced code, else the report's Status.
    /// </summary>
    private static bool IsTemporary(string? reply, string? status)
    {
        var parsed = reply is null ? null : SmtpReplyParser.Parse(reply);
        var basicClass = parsed?.BasicCode / 100;
        if (basicClass is 4 or 5)
        {
            return basicClass == 4;
        }

        var enhanced = parsed?.EnhancedCode ?? status;
        return enhanced is not null && enhanced[0] == '4';
    }

    private static List<BounceRecipient> FromText(string[] lines, MimeMessage message, MimeMessage? original, string? sender)
    {
        var known = FailedRecipientsHeader(message);
        var plain = PlainBounceBody.Read(lines, known, Excluded(message, sender));
        if (plain.Count == 0 && FirstAddress(original?.To) is { } originalRecipient)
        {
            plain = PlainBounceBody.Read(lines, [originalRecipient], new HashSet<string>());
        }

        var outcome = PlainBounceBody.IsDelayNotice(string.Join('\n', lines), message.Subject)
            ? DeliveryOutcome.Deferred
            : DeliveryOutcome.Bounced;

        return plain
            .Select(recipient => new BounceRecipient(
                recipient.Address,
                outcome,
                recipient.Reply,
                null,
                recipient.RemoteHost,
                recipient.Stage,
                null))
            .ToList();
    }

    /// <summary>
    /// Maps the report's Action to an outcome. Without an Action, the status class decides, and a
    /// report without either counts as a failure unless its text reads as a delay notice.
    /// </summary>
    private static DeliveryOutcome OutcomeOf(string? action, string? status, string[] lines, string? subject)
    {
        var verb = action?.Trim().ToLowerInvariant() ?? string.Empty;
        if (verb.StartsWith("failed", StringComparison.Ordinal))
        {
            return DeliveryOutcome.Bounced;
        }

        if (verb.StartsWith("delayed", StringComparison.Ordinal))
        {
            return DeliveryOutcome.Deferred;
        }

        if (verb.StartsWith("delivered", StringComparison.Ordinal)
            || verb.StartsWith("relayed", StringComparison.Ordinal)
            || verb.StartsWith("expanded", StringComparison.Ordinal))
        {
            return DeliveryOutcome.Delivered;
        }

        if (status is not null && status[0] == '2')
        {
            return DeliveryOutcome.Delivered;
        }

        return PlainBounceBody.IsDelayNotice(string.Join('\n', lines), subject) ? DeliveryOutcome.Deferred : DeliveryOutcome.Bounced;
    }

    /// <summary>True when <paramref name="message"/> carries a delivery status report part.</summary>
    private static bool IsReport(MimeMessage message)
    {
        var parts = new MessageParts();
        parts.Walk(message.Body);
        return parts.Reports.Count > 0;
    }

    private static IReadOnlyList<string> FailedRecipientsHeader(MimeMessage message)
    {
        var value = message.Headers["X-Failed-Recipients"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        return value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(address => address.Trim('<', '>'))
            .Where(address => address.Contains('@'))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>The bounce's own addresses and the sender's, which the text names but which are no recipients.</summary>
    private static HashSet<string> Excluded(MimeMessage message, string? sender)
    {
        var excluded = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var mailbox in message.From.Mailboxes.Concat(message.To.Mailboxes).Concat(message.Sender is null ? [] : [message.Sender]))
        {
            excluded.Add(mailbox.Address);
        }

        if (sender is not null)
        {
            excluded.Add(sender);
        }

        return excluded;
    }

    /// <summary>The original message's headers that the bounce copied into its text, or null.</summary>
    private static MimeMessage? InlineOriginal(string text)
    {
        var to = InlineOriginalHeader(text, "To");
        if (to is null || !MailboxAddress.TryParse(to, out var recipient))
        {
            return null;
        }

        var original = new MimeMessage();
        original.To.Add(recipient);
        return original;
    }

    /// <summary>A header of the original message that the bounce copied into its text.</summary>
    private static string? InlineOriginalHeader(string text, string name)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var copyStart = PlainBounceBody.BounceLines(text).Length;
        foreach (var line in lines.Skip(copyStart))
        {
            if (line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            {
                var value = line[(name.Length + 1)..].Trim();
                return name == "From" ? Mailbox(value) : value.Trim('<', '>');
            }
        }

        return null;
    }

    /// <summary>Strips an address type (<c>rfc822;</c>, <c>dns;</c>) and angle brackets.</summary>
    private static string? Mailbox(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var semicolon = value.IndexOf(';');
        var address = (semicolon >= 0 ? value[(semicolon + 1)..] : value).Trim();
        var open = address.LastIndexOf('<');
        var close = address.LastIndexOf('>');
        if (open >= 0 && close > open)
        {
            address = address[(open + 1)..close];
        }

        address = address.Trim().Trim('"', '\'').Trim();
        return address.Length == 0 ? null : address;
    }

    private static string? FirstAddress(InternetAddressList? list) =>
        list?.Mailboxes.Select(mailbox => mailbox.Address).FirstOrDefault(address => !string.IsNullOrEmpty(address));

    private static string? Field(IReadOnlyDictionary<string, string>? fields, string name) =>
        fields is not null && fields.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    private static bool IsEmptyDiagnostic(string reply)
    {
        var semicolon = reply.IndexOf(';');
        return reply[(semicolon + 1)..].Trim().Length == 0;
    }

    /// <summary>
    /// True for a local delivery agent's exit status such as "X-Unix; 77", which names no reply,
    /// so the reply in the human-readable transcript is the better one.
    /// </summary>
    private static bool IsExitStatus(string reply)
    {
        var semicolon = reply.IndexOf(';');
        var value = reply[(semicolon + 1)..].Trim();
        return semicolon > 0 && value.Length is > 0 and <= 3 && value.All(char.IsAsciiDigit);
    }

    private static DateTimeOffset? ParseDate(string? value) =>
        value is not null && DateUtils.TryParse(value, out var date) ? date : null;

    private static bool Same(string left, string right) => string.Equals(left, right, StringComparison.OrdinalIgnoreCase);
}
