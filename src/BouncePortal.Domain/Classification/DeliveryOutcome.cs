namespace BouncePortal.Domain.Classification;

/// <summary>
/// Outcome of one delivery attempt, taken from the log's own verdict
/// (Postfix <c>status=</c>, Exim flag, DSN <c>Action</c>) before the reply codes.
/// </summary>
public enum DeliveryOutcome
{
    /// <summary>The receiving server accepted the message.</summary>
    Delivered,

    /// <summary>A temporary failure: the sending server will retry.</summary>
    Deferred,

    /// <summary>A final failure: the sending server gave up on this recipient.</summary>
    Bounced,

    /// <summary>The sending server gave up after retrying until the queue lifetime ran out.</summary>
    Expired,
}
