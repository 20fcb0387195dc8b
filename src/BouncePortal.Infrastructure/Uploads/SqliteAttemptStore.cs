using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Parsing;
using BouncePortal.Infrastructure.Rollups;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// The SQLite attempt store: prepared statements through <see cref="AttemptBatchWriter"/>.
/// </summary>
internal sealed class SqliteAttemptStore(AttemptBatchWriter writer) : IAttemptStore
{
    public long AttemptsWritten => writer.AttemptsWritten;

    public void Add(ClassifiedAttempt classified) => writer.Add(classified);

    public void AddOutcomes(IEnumerable<RecipientOutcome> outcomes) => writer.AddOutcomes(outcomes);

    public void AddRollups(IEnumerable<BounceRollup> rollups) => writer.AddRollups(rollups);

    public ValueTask DisposeAsync() => writer.DisposeAsync();
}
