using System.Collections.Concurrent;
using Balsam.Apps;

namespace Balsam.Launcher.SiteAgent.Transfers.Providers.Globus;

/// <summary>
/// The submission id each unanswered batch was sent with. When a <c>POST /transfer</c> times out or the connection drops,
/// Globus may still have created the task; sending the same items again with the same submission id makes Globus answer
/// <c>Duplicate</c> with that task's id instead of starting a second transfer. An id is forgotten once Globus accepts or
/// refuses the batch. Kept in memory: an agent restart forgets them, and a batch sent again after one gets a new id.
/// </summary>
public sealed class GlobusSubmissions
{
    private readonly ConcurrentDictionary<string, string> _unanswered = new();

    /// <summary>How many batches wait for an answer.</summary>
    public int Count => _unanswered.Count;

    /// <summary>The same key for the same items in the same direction to or from the same endpoint, in any order.</summary>
    public static string KeyOf(TransferBatch batch) =>
        $"{(batch.Direction == TransferDirection.In ? "in" : "out")} {batch.Netloc} {string.Join(',', batch.Files.Select(f => f.ItemId).Order())}";

    public string? Remembered(string key) => _unanswered.GetValueOrDefault(key);

    public void Remember(string key, string submissionId) => _unanswered[key] = submissionId;

    public void Forget(string key) => _unanswered.TryRemove(key, out _);
}
