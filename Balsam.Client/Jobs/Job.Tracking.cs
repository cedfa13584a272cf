using System.Text.Json.Nodes;
using Balsam.Client.Apps;
using Balsam.Client.Sites;
using Balsam.Jobs;
using Balsam.States;

namespace Balsam.Client.Jobs;

/// <summary>A job's link to its stored record: what is sent on create, and which fields changed since it was read.</summary>
public sealed partial class Job
{
    /// <summary>Takes a stored record as the job's state.</summary>
    internal void Apply(JobRecord record)
    {
        _stored = record;
        Id = record.Id;
        _app = AppRef.Stored(record.AppName, record.AppId, record.SiteId);
        _site = SiteRef.WithId(record.SiteId);
        _workdir = record.Workdir;
        _parameters = JobParameters.FromLiterals(record.Parameters, readOnly: true);
        Tags = new(record.Tags);
        _data = ParseObject(record.Data);
        var r = record.Resources;
        (NumNodes, RanksPerNode, ThreadsPerRank, ThreadsPerCore) = (r.NumNodes, r.RanksPerNode, r.ThreadsPerRank, r.ThreadsPerCore);
        (GpusPerRank, NodePackingCount, WallTimeMin) = (r.GpusPerRank, r.NodePackingCount, r.WallTimeMin);
        LaunchParams = new(r.LaunchParams);
        ParentIds = [.. record.ParentIds];
        Transfers = new(_storedTransfers);
        State = record.State;
        _stateData = ParseObject(record.StateData);
        ReturnCode = record.ReturnCode;
        PendingFileCleanup = record.PendingFileCleanup;
    }

    /// <summary>What to send to create the job, once its app is resolved.</summary>
    internal JobSpec ToSpec(long siteId, string appName)
    {
        if (State != JobState.Created)
        {
            throw new InvalidOperationException($"A new job starts in CREATED; set State only after it exists (job '{Workdir}')");
        }

        _storedTransfers = new(Transfers);
        return new JobSpec
        {
            SiteId = siteId,
            AppName = appName,
            Workdir = Workdir,
            Parameters = _parameters.ToLiterals(),
            Tags = new(Tags),
            Data = _data.ToJsonString(),
            Resources = CurrentResources(),
            ParentIds = [.. ParentIds],
            Transfers = new(Transfers),
        };
    }

    internal void BindIfUnbound(BalsamClient client) => _client ??= client;

    /// <summary>The change since the job was read, or null when nothing changed.</summary>
    internal JobPatch? Patch()
    {
        var stored = _stored ?? throw new InvalidOperationException("The job does not exist yet");
        var changed = ChangedFields();
        var fixedFields = changed.Intersect([nameof(Parameters), nameof(ParentIds), nameof(Transfers)]).ToList();
        if (fixedFields.Count > 0)
        {
            throw new InvalidOperationException(
                $"Job {Id}: {string.Join(", ", fixedFields)} cannot change once a job is created (create a new job instead)");
        }

        if (changed.Count == 0)
        {
            return null;
        }

        var stateChanged = changed.Contains(nameof(State));
        return new JobPatch
        {
            State = stateChanged ? State : null,
            StateData = stateChanged && changed.Contains(nameof(StateData)) ? _stateData.ToJsonString() : null,
            Tags = changed.Contains(nameof(Tags)) ? new(Tags) : null,
            Data = changed.Contains(nameof(Data)) ? _data.ToJsonString() : null,
            Resources = changed.Contains("Resources") ? CurrentResources() : null,
            ReturnCode = changed.Contains(nameof(ReturnCode)) ? ReturnCode : null,
            PendingFileCleanup = changed.Contains(nameof(PendingFileCleanup)) ? PendingFileCleanup : null,
        };
    }

    private List<string> ChangedFields()
    {
        var changed = new List<string>();
        if (_stored is not { } s)
        {
            return changed;
        }

        void Check(bool same, string field)
        {
            if (!same)
            {
                changed.Add(field);
            }
        }

        Check(State == s.State, nameof(State));
        Check(JsonNode.DeepEquals(_stateData, ParseObject(s.StateData)), nameof(StateData));
        Check(SameMap(Tags, s.Tags), nameof(Tags));
        Check(JsonNode.DeepEquals(_data, ParseObject(s.Data)), nameof(Data));
        Check(SameResources(CurrentResources(), s.Resources), "Resources");
        Check(ReturnCode == s.ReturnCode || ReturnCode is null, nameof(ReturnCode));
        Check(PendingFileCleanup == s.PendingFileCleanup, nameof(PendingFileCleanup));
        Check(_parameters.SameAs(s.Parameters), nameof(Parameters));
        Check(ParentIds.SequenceEqual(s.ParentIds), nameof(ParentIds));
        Check(SameMap(Transfers, _storedTransfers), nameof(Transfers));
        return changed;
    }

    private JobResources CurrentResources() => new()
    {
        NumNodes = NumNodes,
        RanksPerNode = RanksPerNode,
        ThreadsPerRank = ThreadsPerRank,
        ThreadsPerCore = ThreadsPerCore,
        GpusPerRank = GpusPerRank,
        NodePackingCount = NodePackingCount,
        WallTimeMin = WallTimeMin,
        LaunchParams = new(LaunchParams),
    };

    private static bool SameResources(JobResources a, JobResources b) =>
        a.NumNodes == b.NumNodes && a.RanksPerNode == b.RanksPerNode && a.ThreadsPerRank == b.ThreadsPerRank &&
        a.ThreadsPerCore == b.ThreadsPerCore && a.GpusPerRank.Equals(b.GpusPerRank) && a.NodePackingCount == b.NodePackingCount &&
        a.WallTimeMin == b.WallTimeMin && SameMap(a.LaunchParams, b.LaunchParams);

    private static bool SameMap(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);
}
