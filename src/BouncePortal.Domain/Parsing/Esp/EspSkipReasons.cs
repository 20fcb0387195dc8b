namespace BouncePortal.Domain.Parsing.Esp;

/// <summary>
/// Reasons under which <see cref="ParseReport"/> counts ESP event records that produced no attempt.
/// </summary>
public static class EspSkipReasons
{
    /// <summary>A JSON value that is not an object, such as a number or a string.</summary>
    public const string NotAnObject = "JSON record that is not an object";

    /// <summary>An event about engagement or processing, not about delivery (open, click, processed, ...).</summary>
    public const string NotADeliveryEvent = "event that is not a delivery verdict (open, click, processed, ...)";

    /// <summary>
    /// A message that the ESP dropped without sending it, because the recipient unsubscribed or
    /// reported spam: no receiver saw it, so it is neither a send nor a bounce.
    /// </summary>
    public const string DroppedNotSent = "message the ESP dropped unsent (the recipient unsubscribed or reported spam)";

    /// <summary>An object without the event type field of the format.</summary>
    public const string NoEventType = "record without an event type";

    /// <summary>An event whose recipient address is missing or empty.</summary>
    public const string NoRecipient = "event without a recipient address";

    /// <summary>An event whose time is missing or cannot be read.</summary>
    public const string NoTimestamp = "event without a readable timestamp";

    /// <summary>A Postmark bounce record that reports no delivery failure (auto-responder, spam notification, ...).</summary>
    public const string NotAFailure = "bounce record that is not a delivery failure (auto-responder, spam notification, ...)";
}
