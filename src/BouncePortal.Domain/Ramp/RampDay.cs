namespace BouncePortal.Domain.Ramp;

/// <summary>One day of a ramp schedule: the date and the maximum sends per mailbox on that date.</summary>
/// <param name="Date">The calendar day the limit applies to.</param>
/// <param name="DailyLimit">Maximum number of messages the sending mailbox sends on that day.</param>
public sealed record RampDay(DateOnly Date, int DailyLimit);
