using Balsam.Client;
using Balsam.Client.Jobs;
using Balsam.Errors;
using Balsam.Jobs;
using Balsam.Tests.Integration.Sdk.Apps;
using Balsam.Validation;

namespace Balsam.Tests.Integration.Sdk;

/// <summary>
/// Hostile job inputs through the SDK against a real store: each is refused naming the field and the rule, and the site's
/// jobs are exactly what they were (a bulk create that spans several <see cref="JobManager.BulkCreateChunk"/>-job chunks
/// included).
/// </summary>
[TestClass]
public sealed class HostileInputTests
{
    private const int Large = 25_000;

    private static SdkWorld _world = null!;

    private static BalsamClient Balsam => _world.Client;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _world = await SdkWorld.StartAsync("sdkhostile");
        await Balsam.Apps.SyncAsync<Sleeper>();
    }

    [ClassCleanup]
    public static async Task StopAsync() => await _world.DisposeAsync();

    private static Task<long> SiteJobsAsync() => Balsam.Jobs.Where(site: SdkWorld.SiteName).CountAsync();

    private static Job New(string workdir, JobOptions? options = null) => Balsam.Jobs.New<Sleeper>(workdir, new { seconds = 1 }, options);

    /// <summary>Runs a create that must be refused; asserts the site's job count did not move and returns the error.</summary>
    private static async Task<BalsamValidationException> RefusedAsync(Func<Task> create)
    {
        var before = await SiteJobsAsync();
        var error = await Assert.ThrowsExactlyAsync<BalsamValidationException>(create);
        Assert.AreEqual(before, await SiteJobsAsync(), $"nothing may be stored; the error was: {error.Message}");
        return error;
    }

    private static void HasProblem(BalsamValidationException error, string field, params string[] ruleWords)
    {
        var match = error.Problems.FirstOrDefault(p => p.Field == field && ruleWords.All(w => p.Rule.Contains(w, StringComparison.Ordinal)));
        Assert.IsNotNull(match, $"expected '{field}' with [{string.Join(", ", ruleWords)}]; got:{Environment.NewLine}{error.Message}");
        Assert.Contains($"{match.Field}: {match.Rule}", error.Message);
    }

    [TestMethod]
    [DataRow("hostile/new\nline", 0x0A, 11)]
    [DataRow("hostile/nul\0", 0x00, 11)]
    [DataRow("hostile/esc\u001B[2J", 0x1B, 11)]
    [DataRow("hostile/del\u007F", 0x7F, 11)]
    [DataRow("hostile/c1\u0085", 0x85, 10)]
    public async Task AWorkdirWithAControlCharacterIsRefused(string workdir, int code, int position)
    {
        var single = await RefusedAsync(() => Balsam.Jobs.SubmitAsync<Sleeper>(workdir, new { seconds = 1 }));
        HasProblem(single, "workdir", "must not contain control characters", $"U+{code:X4}", $"position {position}");

        var bulk = await RefusedAsync(() => Balsam.Jobs.BulkCreateAsync([New($"hostile/ok/{code}"), New(workdir), New($"hostile/ok2/{code}")]));
        HasProblem(bulk, "jobs[1].workdir", "must not contain control characters", $"U+{code:X4}");
        Assert.HasCount(1, bulk.Problems, bulk.Message);
    }

    [TestMethod]
    public async Task SpellingsOfOneWorkdirAreStoredAsOneAndListedTogether()
    {
        string[] spellings = ["spell/a/b", "./spell/a/b", "spell//a/b", "spell/a/b/", "spell/./a/b"];
        var created = new List<Job>();
        foreach (var spelling in spellings)
        {
            created.Add(await Balsam.Jobs.SubmitAsync<Sleeper>(spelling, new { seconds = 1 }));
        }

        foreach (var job in created)
        {
            Assert.AreEqual("spell/a/b", job.Workdir);
            Assert.AreEqual("spell/a/b", (await _world.Grain(job.Id).GetAsync()).Workdir);
        }

        var listed = await Balsam.Jobs.Where(workdirContains: "spell/a/b").ToListAsync();
        CollectionAssert.AreEquivalent(created.Select(j => j.Id).ToList(), listed.Select(j => j.Id).ToList());
    }

    [TestMethod]
    public async Task TwoSpellingsOfOneWorkdirInOneBulkCreateAreADuplicateAndNothingIsStored()
    {
        var error = await RefusedAsync(() => Balsam.Jobs.BulkCreateAsync([New("dup/x"), New("dup/y"), New("./dup//x/")]));
        HasProblem(error, "jobs[2].workdir", "'dup/x'", "jobs[0]", "unique");
        Assert.HasCount(1, error.Problems, error.Message);
    }

    [TestMethod]
    [DataRow("/etc/cron.d")]
    [DataRow("./../escape")]
    [DataRow("a//..//../b")]
    public async Task AbsoluteAndEscapingWorkdirsAreStillRefused(string workdir)
    {
        var error = await RefusedAsync(() => Balsam.Jobs.BulkCreateAsync([New("esc/fine"), New(workdir)]));
        HasProblem(error, "jobs[1].workdir", RelativePath.Rule);
    }

    [TestMethod]
    public async Task TagsBeyondTheLimitsAreRefused()
    {
        var tooMany = Enumerable.Range(0, Limits.MaxTagsPerJob + 1).ToDictionary(i => $"k{i}", _ => "v");
        var error = await RefusedAsync(() => Balsam.Jobs.BulkCreateAsync([New("tags/fine"), New("tags/many", new() { Tags = tooMany })]));
        HasProblem(error, "jobs[1].tags", $"{Limits.MaxTagsPerJob + 1} tags", $"limit is {Limits.MaxTagsPerJob}");

        error = await RefusedAsync(() => Balsam.Jobs.SubmitAsync<Sleeper>("tags/value", new { seconds = 1 },
            new() { Tags = { ["big"] = new string('v', Limits.TagValueMaxLength + 1) } }));
        HasProblem(error, "tags.big", $"at most {Limits.TagValueMaxLength} characters");

        var key = new string('k', Limits.TagKeyMaxLength + 1);
        error = await RefusedAsync(() => Balsam.Jobs.SubmitAsync<Sleeper>("tags/key", new { seconds = 1 }, new() { Tags = { [key] = "v" } }));
        HasProblem(error, $"tags.{key[..64]}...", $"1 to {Limits.TagKeyMaxLength} characters");

        var large = Enumerable.Range(0, 20).ToDictionary(i => $"k{i}", _ => new string('v', 1_000));
        error = await RefusedAsync(() => Balsam.Jobs.SubmitAsync<Sleeper>("tags/large", new { seconds = 1 }, new() { Tags = large }));
        HasProblem(error, "tags", "serialized size", $"exceeds {Limits.TagsSerializedMaxChars}");

        var job = await Balsam.Jobs.SubmitAsync<Sleeper>("tags/ok", new { seconds = 1 });
        job.Tags.Clear();
        foreach (var (k, v) in tooMany)
        {
            job.Tags[k] = v;
        }

        var update = await Assert.ThrowsExactlyAsync<BalsamValidationException>(() => job.SaveAsync());
        HasProblem(update, "tags", $"limit is {Limits.MaxTagsPerJob}");
        Assert.IsEmpty((await _world.Grain(job.Id).GetAsync()).Tags, "the update stored nothing");
    }

    [TestMethod]
    public async Task OneInvalidJobAtIndex24000Of25000CreatesNone()
    {
        var jobs = Enumerable.Range(0, Large).Select(i => New($"big/invalid/{i}")).ToList();
        jobs[24_000] = Balsam.Jobs.New<Sleeper>("big/invalid/24000", new { seconds = 1, nosuch = 2 });
        var error = await RefusedAsync(() => Balsam.Jobs.BulkCreateAsync(jobs));
        HasProblem(error, "jobs[24000].parameters.nosuch", "has no such parameter");
        Assert.Contains("nothing was created", error.Message);
        Assert.IsTrue(jobs.All(j => j.IsNew), "no instance got an id");
    }

    [TestMethod]
    public async Task ADuplicateWorkdirInChunkOneAndChunkThreeIsFoundAndNothingIsStored()
    {
        var jobs = Enumerable.Range(0, Large).Select(i => New($"big/dup/{i}")).ToList();
        jobs[24_000] = New("./big//dup/5/");
        var error = await RefusedAsync(() => Balsam.Jobs.BulkCreateAsync(jobs));
        HasProblem(error, "jobs[24000].workdir", "'big/dup/5'", "jobs[5]", "unique");
        Assert.HasCount(1, error.Problems, error.Message);
    }

    [TestMethod]
    public async Task AHostileWorkdirInALaterChunkOfWireSpecsCreatesNone()
    {
        var specs = Enumerable.Range(0, Large)
            .Select(i => new JobSpec { SiteId = _world.Site.Id, AppName = nameof(Sleeper), Workdir = $"big/spec/{i}", Parameters = { ["seconds"] = "1" } })
            .ToList();
        specs[24_000] = specs[24_000] with { Workdir = "big/spec/\n24000" };
        var error = await RefusedAsync(() => Balsam.Jobs.BulkCreateAsync(specs));
        HasProblem(error, "jobs[24000].workdir", "must not contain control characters", "U+000A");
    }

    [TestMethod]
    public async Task AMissingParentInALaterChunkCreatesNone()
    {
        var parent = await Balsam.Jobs.SubmitAsync<Sleeper>("big/parent", new { seconds = 1 });
        var jobs = Enumerable.Range(0, JobManager.BulkCreateChunk + 10)
            .Select(i => New($"big/orphans/{i}", new() { ParentIds = { parent.Id } }))
            .ToList();
        jobs[^1].ParentIds.Add(long.MaxValue - 1);
        var error = await RefusedAsync(() => Balsam.Jobs.BulkCreateAsync(jobs));
        HasProblem(error, $"jobs[{jobs.Count - 1}].parent_ids", $"no job with id {long.MaxValue - 1}");
    }

    [TestMethod]
    public async Task AValidCreateAcrossChunksStoresEveryJobInNormalForm()
    {
        var before = await SiteJobsAsync();
        var parent = await Balsam.Jobs.SubmitAsync<Sleeper>("many/parent", new { seconds = 1 });
        var jobs = Enumerable.Range(0, JobManager.BulkCreateChunk + 10)
            .Select(i => New($"./many//{i}/", new() { ParentIds = { parent.Id }, Tags = { ["chunked"] = "yes" } }))
            .ToList();
        var created = await Balsam.Jobs.BulkCreateAsync(jobs);
        Assert.AreEqual(before + 1 + jobs.Count, await SiteJobsAsync());
        Assert.AreEqual("many/10005", created[10_005].Workdir);
        Assert.AreEqual(jobs.Count, await Balsam.Jobs.Where(tags: new() { ["chunked"] = "yes" }).CountAsync());
    }
}
