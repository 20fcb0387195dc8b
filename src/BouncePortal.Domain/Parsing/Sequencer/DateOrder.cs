namespace BouncePortal.Domain.Parsing.Sequencer;

/// <summary>
/// The order of day and month in a numeric date such as 02/12/2026. Dates that name the order
/// themselves (ISO 8601, Unix time, month names) are read the same under either order.
/// </summary>
public enum DateOrder
{
    /// <summary>Month before day, as in the United States: 02/12/2026 is 12 February 2026.</summary>
    MonthFirst,

    /// <summary>Day before month, as in most of the world: 02/12/2026 is 2 December 2026.</summary>
    DayFirst,
}

/// <summary>What the sample values of a time column show about their date order.</summary>
public enum DateOrderEvidence
{
    /// <summary>No value is a numeric date: the values are ISO 8601, Unix times or month names, or there are none.</summary>
    None,

    /// <summary>Every numeric date fits both orders, such as 02/12/2026.</summary>
    Ambiguous,

    /// <summary>A value's first part is above 12, such as 30/11/2026.</summary>
    DayFirst,

    /// <summary>A value's second part is above 12, such as 11/30/2026.</summary>
    MonthFirst,

    /// <summary>Some values have a first part above 12 and others a second part above 12.</summary>
    Conflicting,
}
