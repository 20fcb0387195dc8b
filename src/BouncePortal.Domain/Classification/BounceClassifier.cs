using System.Buffers;
using BouncePortal.Domain.Analytics;

namespace BouncePortal.Domain.Classification;

/// <summary>
/// Classifies one delivery attempt into outcome, class, category, blame and suppression.
/// </summary>
/// <remarks>
/// Runs once per log line, so it works on stack buffers and cached strings: for replies up to
/// 1024 characters the only allocation is the result.
/// </remarks>
public static class BounceClassifier
{
    private const int StackBufferLength = 1024;
    private const string DeliveredEvidence = "the log reports delivery";

    /// <summary>Classifies one attempt.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public static BounceClassification Classify(ClassificationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        var raw = request.Reply.AsSpan();
        char[]? rented = null;
        var buffer = raw.Length <= StackBufferLength
            ? stackalloc char[StackBufferLength]
            : (rented = ArrayPool<char>.Shared.Rent(raw.Length));
        try
        {
            return Classify(request, raw, buffer);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static BounceClassification Classify(ClassificationRequest request, ReadOnlySpan<char> raw, Span<char> buffer)
    {
        var reply = ReplyNormalizer.Normalize(raw, buffer);
        var text = buffer.Slice(reply.TextStart, reply.TextLength);

        var logCode = EnhancedStatusCode.ParseOrNone(request.LogEnhancedCode);
        // The log's code wins when the reply has none, or only the generic x.0.0 of the same class
        // where the log names the subject ("550 5.0.0 ... Insufficient permission" logged as 5.3.0).
        var codeFromLog = logCode.IsPresent
            && (!reply.Enhanced.IsPresent
                || (reply.Enhanced.Class == logCode.Class && reply.Enhanced.Is(0, 0) && !logCode.Is(0, 0)));
        var code = codeFromLog ? logCode : reply.Enhanced;
        int? basicCode = reply.BasicCode == 0 ? null : reply.BasicCode;
        var enhancedCode = code.IsPresent ? code.ToString() : null;
        var provider = ProviderDetector.Detect(request.RemoteHost, request.RecipientDomain, raw);

        if (request.LogOutcome == DeliveryOutcome.Delivered)
        {
            return new BounceClassification(
                DeliveryOutcome.Delivered, null, basicCode, enhancedCode, null, null, provider, false, DeliveredEvidence);
        }

        var bounceClass = ClassOf(reply.BasicCode, reply.Enhanced, logCode, request.LogOutcome, request.SourceClass);
        var stage = request.Stage != SmtpStage.Unknown ? request.Stage : reply.Stage;

        Span<byte> firstPhrase = stackalloc byte[ReplySignalScanner.SignalCount];
        var signals = ReplySignalScanner.Scan(text, firstPhrase);
        if (IsLocalMailerDiagnostic(raw))
        {
            signals |= ReplySignal.LocalMailer;
        }

        var input = new CategoryInput(
            reply.BasicCode, code, codeFromLog, signals, firstPhrase, stage, provider, bounceClass == BounceClass.Soft, request.RecipientDomain, request.MessageRecipients);

        var verdict = ProviderReasonCodes.Decide(text) ?? CategoryRules.Decide(input);
        if (verdict.Category == BounceCategory.Unknown && !string.IsNullOrWhiteSpace(request.SourceVerdict))
        {
            verdict = SourceVerdictRules.Decide(request.SourceVerdict)
                ?? (string.IsNullOrWhiteSpace(request.Reply) ? SourceVerdictRules.WithoutCause(request.SourceVerdict) : verdict);
        }

        if (request.LogOutcome == DeliveryOutcome.Expired && verdict.Category == BounceCategory.Unknown)
        {
            verdict = CategoryRules.ExpiredWithoutCause;
        }

        var outcome = request.LogOutcome;
        BounceClass? finalClass = bounceClass;
        if (!HasCode(reply.BasicCode, reply.Enhanced, logCode))
        {
            (outcome, finalClass) = WithoutCode(request, verdict.Category, bounceClass);
        }

        var blame = verdict.Blame ?? BlameOf(verdict.Category);
        var suppress = ShouldSuppress(outcome, finalClass, verdict.Category, blame);

        return new BounceClassification(
            outcome, finalClass, basicCode, enhancedCode, verdict.Category, blame, provider, suppress, verdict.Evidence);
    }

    private static bool HasCode(int basicCode, EnhancedStatusCode replyCode, EnhancedStatusCode logCode) =>
        basicCode / 100 is 4 or 5 || replyCode.Class is 4 or 5 || logCode.Class is 4 or 5;

    /// <summary>
    /// Decides the outcome and class of a failure whose reply and log carry no SMTP code. When the
    /// source records no verdict of its own, both follow the cause (see <see cref="FromCause"/>).
    /// Otherwise the log's verdict keeps its outcome, and a connection failure, which is temporary,
    /// is soft even when the log gave up on it.
    /// </summary>
    private static (DeliveryOutcome Outcome, BounceClass? Class) WithoutCode(
        ClassificationRequest request, BounceCategory category, BounceClass fallbackClass)
    {
        if (request.OutcomeFromReply)
        {
            return FromCause(category, request.LogOutcome);
        }

        return (request.LogOutcome, category == BounceCategory.NetworkError ? BounceClass.Soft : fallbackClass);
    }

    /// <summary>
    /// Returns the outcome and class that the cause implies for a reply without codes or verdict. A
    /// temporary cause (rate limit, greylisting, full or busy mailbox, busy server, receiver or network
    /// error) is soft and retried. An expiry is soft too, but its retries are over, so it keeps
    /// <paramref name="inferredOutcome"/>. Any other named cause is hard, and an unknown cause has no
    /// class because nothing marks the failure as soft or hard.
    /// </summary>
    internal static (DeliveryOutcome Outcome, BounceClass? Class) FromCause(BounceCategory category, DeliveryOutcome inferredOutcome) =>
        category switch
        {
            BounceCategory.RateLimited
                or BounceCategory.Greylisted
                or BounceCategory.MailboxFull
                or BounceCategory.MailboxBusy
                or BounceCategory.ServerBusy
                or BounceCategory.ReceiverError
                or BounceCategory.NetworkError => (DeliveryOutcome.Deferred, BounceClass.Soft),
            BounceCategory.Expired => (inferredOutcome, BounceClass.Soft),
            BounceCategory.Unknown => (inferredOutcome, null),
            _ => (inferredOutcome, BounceClass.Hard),
        };

    /// <summary>
    /// True for a report's "X-Unix;" diagnostic, which a local delivery program (procmail, maildrop, a
    /// pipe) wrote rather than a remote SMTP server.
    /// </summary>
    private static bool IsLocalMailerDiagnostic(ReadOnlySpan<char> raw) =>
        raw.TrimStart().StartsWith("x-unix;", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads the class from the basic code, else the reply's enhanced code, else the log's
    /// enhanced code. When they disagree (a 421 carrying 5.x.x, or Exim's 421 reply under a
    /// DSN status of 5.0.0) the basic code wins, because it is the code the sending server
    /// acts on to retry or give up. Both codes stay in the result.
    /// With no code at all, the class the source states wins. When it states none, a final bounce counts as
    /// hard and anything else as soft, until the cause is known (see <see cref="WithoutCode"/>).
    /// </summary>
    internal static BounceClass ClassOf(
        int basicCode, EnhancedStatusCode replyCode, EnhancedStatusCode logCode, DeliveryOutcome outcome, BounceClass? sourceClass = null)
    {
        var classDigit = basicCode / 100;
        if (classDigit is not (4 or 5))
        {
            classDigit = replyCode.Class is 4 or 5 ? replyCode.Class : logCode.Class;
        }

        return classDigit switch
        {
            4 => BounceClass.Soft,
            5 => BounceClass.Hard,
            _ => sourceClass ?? (outcome == DeliveryOutcome.Bounced ? BounceClass.Hard : BounceClass.Soft),
        };
    }

    /// <summary>Returns the default blame for a cause. An expiry without a cause gets <see cref="Blame.Unknown"/>.</summary>
    internal static Blame BlameOf(BounceCategory category) => category switch
    {
        BounceCategory.RateLimited
            or BounceCategory.SenderReputation
            or BounceCategory.Blocklisted
            or BounceCategory.AuthenticationFailed
            or BounceCategory.ContentRejected
            or BounceCategory.MessageTooLarge
            or BounceCategory.SenderConfig => Blame.Sender,

        BounceCategory.MailboxFull
            or BounceCategory.MailboxBusy
            or BounceCategory.MailboxDisabled
            or BounceCategory.UserUnknown
            or BounceCategory.BadDomain => Blame.Recipient,

        BounceCategory.Greylisted
            or BounceCategory.PolicyRejected
            or BounceCategory.ServerBusy
            or BounceCategory.ReceiverError => Blame.ReceiverInfrastructure,

        BounceCategory.NetworkError => Blame.Network,
        _ => Blame.Unknown,
    };

    /// <summary>
    /// Puts the recipient on the suppression list for a hard bounce that proves the address
    /// unusable (unknown user, bad domain, disabled mailbox), and for an attempt that expired
    /// after retries unless the sender or the network caused it (see
    /// <see cref="PersistentSoftBounceRule.Suppresses"/>). A deferral never suppresses, and neither does
    /// a rejection blamed on the sender, which counts against the sending mailbox, domain or IP.
    /// </summary>
    internal static bool ShouldSuppress(DeliveryOutcome outcome, BounceClass? bounceClass, BounceCategory category, Blame blame) =>
        outcome switch
        {
            DeliveryOutcome.Bounced => bounceClass == BounceClass.Hard
                && category is BounceCategory.UserUnknown or BounceCategory.BadDomain or BounceCategory.MailboxDisabled,
            DeliveryOutcome.Expired => PersistentSoftBounceRule.Suppresses(blame),
            _ => false,
        };
}
