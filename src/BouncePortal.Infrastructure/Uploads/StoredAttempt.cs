using BouncePortal.Domain.Classification;
using BouncePortal.Infrastructure.Tenancy;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// One classified delivery attempt from an upload.
/// </summary>
public sealed class StoredAttempt : ITenantOwned
{
    /// <summary>The row id.</summary>
    public long Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>The upload the attempt came from.</summary>
    public Guid UploadId { get; set; }

    /// <summary>The 1-based line in the uploaded file.</summary>
    public long Line { get; set; }

    /// <summary>When the attempt was logged, in UTC.</summary>
    public DateTime AttemptedAt { get; set; }

    /// <summary>The MTA's message id.</summary>
    public string? QueueId { get; set; }

    /// <summary>The sending mailbox, lower-cased.</summary>
    public string? Sender { get; set; }

    /// <summary>The recipient address.</summary>
    public required string Recipient { get; set; }

    /// <summary>The recipient's domain, lower-cased.</summary>
    public required string RecipientDomain { get; set; }

    /// <summary>The receiving MX host.</summary>
    public string? RemoteHost { get; set; }

    /// <summary>The receiving provider.</summary>
    public ReceivingProvider Provider { get; set; }

    /// <summary>The log's verdict.</summary>
    public DeliveryOutcome Outcome { get; set; }

    /// <summary>Soft or hard; null for a delivery.</summary>
    public BounceClass? Class { get; set; }

    /// <summary>The SMTP basic code.</summary>
    public int? BasicCode { get; set; }

    /// <summary>The enhanced status code.</summary>
    public string? EnhancedCode { get; set; }

    /// <summary>The cause; null for a delivery.</summary>
    public BounceCategory? Category { get; set; }

    /// <summary>Who caused the failure; null for a delivery.</summary>
    public Blame? Blame { get; set; }

    /// <summary>Whether the recipient belongs on the suppression list after this attempt.</summary>
    public bool Suppress { get; set; }

    /// <summary>The reply as logged.</summary>
    public string? Reply { get; set; }

    /// <summary>The code or pattern that decided the category.</summary>
    public string? Evidence { get; set; }

    /// <summary>The campaign, where the input names one.</summary>
    public string? Campaign { get; set; }

    /// <summary>The sending server's IP address, where the input names it.</summary>
    public string? SendingIp { get; set; }

    /// <summary>The source's own classification, kept as evidence.</summary>
    public string? SourceVerdict { get; set; }
}
