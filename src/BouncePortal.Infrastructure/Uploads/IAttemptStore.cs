using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Parsing;
using BouncePortal.Infrastructure.Rollups;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// Bulk writer of one upload's attempts, recipient outcomes and rollups, one implementation per
/// database engine. Rows are committed in batches, so the caller deletes them when a run fails.
/// A store may write on another thread: until <see cref="CompleteAsync"/> returns, the caller
/// uses the connection only through <see cref="AfterWrites"/>.
/// </summary>
internal interface IAttemptStore : IAsyncDisposable
{
    /// <summary>Attempts written so far, committed or not.</summary>
    long AttemptsWritten { get; }

    /// <summary>Adds one attempt.</summary>
    void Add(ClassifiedAttempt classified);

    /// <summary>Writes recipient outcomes, after committing the attempts added so far.</summary>
    void AddOutcomes(IEnumerable<RecipientOutcome> outcomes);

    /// <summary>Writes the upload's rollups.</summary>
    void AddRollups(IEnumerable<BounceRollup> rollups);

    /// <summary>Runs <paramref name="action"/> on the connection once the rows added so far are committed.</summary>
    void AfterWrites(Action action);

    /// <summary>Waits until every row added is committed, and throws the failure of any write.</summary>
    Task CompleteAsync();
}
