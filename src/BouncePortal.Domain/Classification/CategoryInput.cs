namespace BouncePortal.Domain.Classification;

/// <summary>
/// Everything <see cref="CategoryRules"/> reads to name a failure's cause.
/// </summary>
internal readonly ref struct CategoryInput
{
    public CategoryInput(
        int basicCode,
        EnhancedStatusCode code,
        bool codeFromLog,
        ReplySignal signals,
        ReadOnlySpan<byte> firstPhrase,
        SmtpStage stage,
        ReceivingProvider provider,
        bool isSoft,
        ReadOnlySpan<char> recipientDomain = default,
        int? messageRecipients = null)
    {
        MessageRecipients = messageRecipients;
        RecipientDomain = recipientDomain;
        BasicCode = basicCode;
        Code = code;
        CodeFromLog = codeFromLog;
        Signals = signals;
        FirstPhrase = firstPhrase;
        Stage = stage;
        Provider = provider;
        IsSoft = isSoft;
    }

    /// <summary>The reply's basic code, or 0.</summary>
    public int BasicCode { get; }

    /// <summary>The reply's enhanced code, else the one the log recorded.</summary>
    public EnhancedStatusCode Code { get; }

    /// <summary>True when <see cref="Code"/> came from the log rather than the reply.</summary>
    public bool CodeFromLog { get; }

    public ReplySignal Signals { get; }

    /// <summary>Per signal family, the index of the first phrase the scan found.</summary>
    public ReadOnlySpan<byte> FirstPhrase { get; }

    public SmtpStage Stage { get; }

    public ReceivingProvider Provider { get; }

    /// <summary>The recipient's domain, lower-cased, or empty.</summary>
    public ReadOnlySpan<char> RecipientDomain { get; }

    /// <summary>How many recipients the message was addressed to, or null when unknown.</summary>
    public int? MessageRecipients { get; }

    /// <summary>True for a soft (4xx / 4.x.x) failure.</summary>
    public bool IsSoft { get; }

    public bool Has(ReplySignal signal) => (Signals & signal) != 0;

    public bool CodeIs(int codeClass, int subject, int detail) => Code.Class == codeClass && Code.Is(subject, detail);

    public CategoryVerdict ByText(BounceCategory category, ReplySignal signal) =>
        new(category, ReplySignalScanner.Evidence(signal, FirstPhrase));

    public CategoryVerdict ByCode(BounceCategory category) => new(category, Code.ToEvidence(CodeFromLog));

    public CategoryVerdict ByCodeAndText(BounceCategory category, ReplySignal signal) =>
        new(category, EvidenceText.CodeAndPhrase(Code, CodeFromLog, FirstPhrase[ReplySignalScanner.SignalIndex(signal)]));
}

/// <summary>
/// A cause and the evidence that named it. <paramref name="Blame"/> overrides the cause's default
/// blame where the evidence names who must act.
/// </summary>
internal readonly record struct CategoryVerdict(BounceCategory Category, string Evidence, Blame? Blame = null);
