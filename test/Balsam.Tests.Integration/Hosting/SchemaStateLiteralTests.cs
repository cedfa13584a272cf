using System.Text.RegularExpressions;
using Balsam.BatchJobs;
using Balsam.Silo.Schema;
using Balsam.Silo.Storage.Jobs;
using Balsam.States;
using Balsam.Transfers;

namespace Balsam.Tests.Integration.Hosting;

/// <summary>
/// The schema scripts must hold some state names as literals (partial index predicates, CHECK constraints). These tests
/// pin every such literal to a real state name, so renaming a state cannot silently leave an index or a check behind.
/// </summary>
[TestClass]
public sealed partial class SchemaStateLiteralTests
{
    private static readonly HashSet<string> JobStates = [.. Enum.GetValues<JobState>().Select(s => s.Name())];
    private static readonly HashSet<string> TransferItemStates = [.. Enum.GetValues<TransferItemState>().Select(s => s.Name())];
    private static readonly HashSet<string> BatchJobStates = [.. BatchJobStateNames.All];

    [TestMethod]
    public void EveryUpperCaseLiteralInTheSchemaScriptsIsAJobStateName()
    {
        var literals = SchemaMigrator.Scripts
            .SelectMany(script => UpperCaseLiteral().Matches(script.Sql).Select(m => (Script: script.Name, Literal: m.Groups[1].Value)))
            .ToList();

        CollectionAssert.IsSubsetOf(new[] { "PREPROCESSED", "RESTART_READY", "AWAITING_PARENTS" }, literals.Select(l => l.Literal).ToList(),
            "the scan finds the job states the partial indexes are known to use");
        foreach (var (script, literal) in literals)
        {
            Assert.Contains(literal, JobStates, $"'{literal}' in schema script {script} is not a job state name");
        }
    }

    [TestMethod]
    public void EveryLiteralComparedWithAStateColumnIsAStateName()
    {
        var compared = SchemaMigrator.Scripts
            .SelectMany(script => StatePredicate().Matches(script.Sql).Select(m => (Script: script.Name, m.Groups["values"].Value)))
            .SelectMany(p => QuotedLiteral().Matches(p.Value).Select(m => (p.Script, Literal: m.Groups[1].Value)))
            .ToList();

        Assert.IsGreaterThanOrEqualTo(7, compared.Count, "the scan finds the state predicates of the job and transfer item tables");
        foreach (var (script, literal) in compared)
        {
            Assert.IsTrue(JobStates.Contains(literal) || TransferItemStates.Contains(literal) || BatchJobStates.Contains(literal),
                $"'{literal}' compared with a state column in schema script {script} is not a job, transfer item or batch job state name");
        }
    }

    [TestMethod]
    public void TheTransferItemStateCheckListsExactlyTheTransferItemStates()
    {
        var jobs = SchemaMigrator.Scripts.Single(s => s.Name == "balsam-jobs").Sql;
        var check = TransferItemStateCheck().Match(jobs);
        Assert.IsTrue(check.Success, "schema script balsam-jobs has a CHECK on transfer_items.state");
        var listed = QuotedLiteral().Matches(check.Groups["values"].Value).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.IsTrue(TransferItemStates.SetEquals(listed),
            $"the CHECK lists {string.Join(", ", listed.Order())}; the transfer item states are {string.Join(", ", TransferItemStates.Order())}");
    }

    [TestMethod]
    public void TheRunnableIndexesHaveThePredicateAcquisitionWrites()
    {
        var jobs = SchemaMigrator.Scripts.Single(s => s.Name == "balsam-jobs").Sql;
        var indexes = RunnableIndex().Matches(jobs);
        Assert.HasCount(3, indexes, "one partial index per acquisition order");
        foreach (Match index in indexes)
        {
            Assert.Contains($"WHERE {AcquireSql.RunnablePredicate} AND session_id IS NULL", index.Value,
                "the planner uses a partial index only when the query's predicate implies the index's");
        }
    }

    [GeneratedRegex(@"'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)'")]
    private static partial Regex UpperCaseLiteral();

    [GeneratedRegex(@"'([^']*)'")]
    private static partial Regex QuotedLiteral();

    /// <summary><c>state = 'X'</c>, <c>state &lt;&gt; 'X'</c> or <c>state IN ('X', 'Y')</c>, with or without a table alias.</summary>
    [GeneratedRegex(@"\bstate\s*(?:=|<>|!=)\s*(?<values>'[^']*')|\bstate\s+(?:NOT\s+)?IN\s*\((?<values>[^)]*)\)", RegexOptions.IgnoreCase)]
    private static partial Regex StatePredicate();

    [GeneratedRegex(@"CREATE TABLE IF NOT EXISTS transfer_items \((?:.|\n)*?\bstate\s+text NOT NULL CHECK \(state IN \((?<values>[^)]*)\)\)")]
    private static partial Regex TransferItemStateCheck();

    [GeneratedRegex(@"CREATE INDEX IF NOT EXISTS jobs_runnable_\w+ ON jobs [^;]*;")]
    private static partial Regex RunnableIndex();
}
