namespace BouncePortal.Infrastructure.Notifications;

/// <summary>
/// The outcome of one attempt to send through a channel.
/// </summary>
/// <param name="Succeeded">True when the channel accepted the notification.</param>
/// <param name="StatusCode">The webhook's HTTP status code, when a response arrived.</param>
/// <param name="Error">What went wrong, when it failed.</param>
public sealed record ChannelResult(bool Succeeded, int? StatusCode, string? Error)
{
    /// <summary>The channel accepted the notification.</summary>
    public static ChannelResult Delivered(int? statusCode = null) => new(true, statusCode, null);

    /// <summary>The attempt failed with <paramref name="error"/>.</summary>
    public static ChannelResult Failed(string error, int? statusCode = null) => new(false, statusCode, error);
}
