using System.Text.Json;

namespace Balsam.Tests.Integration.Cli;

/// <summary><c>balsam job ...</c> against a real silo.</summary>
[TestClass]
public sealed class CliJobTests
{
    private static CliTestSilo _silo = null!;
    private static string _root = null!;
    private static BalsamCliRunner _cli = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _silo = await CliTestSilo.StartAsync("cli_jobs");
        _root = Directory.CreateTempSubdirectory("balsam-cli-jobs-").FullName;
        _cli = new BalsamCliRunner(_silo, Path.Combine(_root, "home"));
        (await _cli.RunAsync(_root, "site", "init", "job-site")).Succeeded();
        (await _cli.RunAsync(_root, "app", "add", "--site", "job-site", "--name", "Hello", "--command", "echo Hello, {{ who }}!")).Succeeded();
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private static string Site => Path.Combine(_root, "job-site");

    [TestMethod]
    public async Task CreateThenListShowsTheJobWithItsParametersAndResources()
    {
        var created = (await _cli.RunProcessAsync(Site, "job", "create", "--app", "Hello", "--workdir", "hello/world",
            "-p", "who=world", "--tag", "exp=cli", "--num-nodes", "2", "--wall-time-min", "15")).Succeeded();
        StringAssert.Contains(created.Out, "in hello/world, PREPROCESSED");

        var json = (await _cli.RunAsync(Site, "job", "ls", "--tag", "exp=cli", "--json")).Succeeded();
        var job = JsonDocument.Parse(json.Out).RootElement.EnumerateArray().Single();
        Assert.AreEqual("\"world\"", job.GetProperty("Parameters").GetProperty("who").GetString(), "a bare word became a JSON string");
        Assert.AreEqual(2, job.GetProperty("Resources").GetProperty("NumNodes").GetInt32());
        Assert.AreEqual(15, job.GetProperty("Resources").GetProperty("WallTimeMin").GetInt32());

        var table = (await _cli.RunAsync(Site, "job", "ls", "--tag", "exp=cli")).Succeeded();
        var row = table.Out.Split('\n').Single(line => line.Contains("hello/world"));
        StringAssert.Contains(row, "PREPROCESSED");
        StringAssert.Contains(row, "job-site");
        StringAssert.Contains(row, "exp=cli");
    }

    [TestMethod]
    public async Task MissingParametersAndBadWorkdirsAreNamed()
    {
        var bad = (await _cli.RunAsync(Site, "job", "create", "--app", "Hello", "--workdir", "../outside")).Failed(1);
        StringAssert.Contains(bad.Error, "workdir: must be a relative path without '..' segments");
        StringAssert.Contains(bad.Error, "parameters.who: is required by app 'Hello'");

        var usage = (await _cli.RunAsync(Site, "job", "create", "--app", "Hello")).Failed(2);
        StringAssert.Contains(usage.Error, "--workdir");
    }

    [TestMethod]
    public async Task ListingPagesAndCounts()
    {
        for (var i = 0; i < 7; i++)
        {
            (await _cli.RunAsync(Site, "job", "create", "--app", "Hello", "--workdir", $"page/{i}", "-p", $"who=n{i}", "--tag", "exp=paging")).Succeeded();
        }

        Assert.AreEqual("7", (await _cli.RunAsync(Site, "job", "ls", "--tag", "exp=paging", "--count")).Succeeded().Out.Trim());
        var page = (await _cli.RunAsync(Site, "job", "ls", "--tag", "exp=paging", "--limit", "3", "--order", "-workdir")).Succeeded();
        StringAssert.Contains(page.Out, "Jobs 1-3 of 7. Next page: --offset 3");
        var rows = page.Out.Split('\n').Where(line => line.Contains("page/")).ToList();
        CollectionAssert.AreEqual(new[] { "page/6", "page/5", "page/4" }, rows.Select(r => r.Split(' ', StringSplitOptions.RemoveEmptyEntries).Single(c => c.StartsWith("page/"))).ToArray());
    }

    [TestMethod]
    public async Task ModifyMovesStatesMergesTagsAndReportsRefusals()
    {
        for (var i = 0; i < 3; i++)
        {
            (await _cli.RunAsync(Site, "job", "create", "--app", "Hello", "--workdir", $"mod/{i}", "-p", "who=x", "--tag", "exp=modify")).Succeeded();
        }

        var failed = (await _cli.RunAsync(Site, "job", "modify", "--tag", "exp=modify", "--set-state", "FAILED", "--set-tag", "note=bad")).Succeeded();
        StringAssert.Contains(failed.Out, "Modified 3 of 3");
        var json = JsonDocument.Parse((await _cli.RunAsync(Site, "job", "ls", "--tag", "exp=modify", "--json")).Succeeded().Out).RootElement;
        Assert.IsTrue(json.EnumerateArray().All(j => j.GetProperty("Tags").GetProperty("exp").GetString() == "modify"
            && j.GetProperty("Tags").GetProperty("note").GetString() == "bad"), "tags were merged, not replaced");

        var refused = (await _cli.RunAsync(Site, "job", "modify", "--tag", "exp=modify", "--set-state", "RUNNING")).Failed(1);
        StringAssert.Contains(refused.Out, "Modified 0 of 3");
        StringAssert.Contains(refused.Error, "cannot move from FAILED to RUNNING");

        (await _cli.RunAsync(Site, "job", "modify", "--tag", "exp=modify", "--set-state", "RESTART_READY")).Succeeded();
        Assert.AreEqual("3", (await _cli.RunAsync(Site, "job", "ls", "--state", "RESTART_READY", "--count")).Succeeded().Out.Trim());
    }

    [TestMethod]
    public async Task RemoveAsksForConfirmationOrYesAndDeletes()
    {
        (await _cli.RunAsync(Site, "job", "create", "--app", "Hello", "--workdir", "rm/1", "-p", "who=x", "--tag", "exp=rm")).Succeeded();
        (await _cli.RunAsync(Site, "job", "create", "--app", "Hello", "--workdir", "rm/2", "-p", "who=x", "--tag", "exp=rm")).Succeeded();

        var unnamed = (await _cli.RunAsync(Site, "job", "rm")).Failed(1);
        StringAssert.Contains(unnamed.Error, "Name the jobs to delete");
        var noPrompt = (await _cli.RunAsync(Site, "job", "rm", "--tag", "exp=rm")).Failed(1);
        StringAssert.Contains(noPrompt.Error, "add --yes");

        var removed = (await _cli.RunProcessAsync(Site, "job", "rm", "--tag", "exp=rm", "--yes")).Succeeded();
        StringAssert.Contains(removed.Out, "Deleted 2 of 2 jobs");
        Assert.AreEqual("0", (await _cli.RunAsync(Site, "job", "ls", "--tag", "exp=rm", "--count")).Succeeded().Out.Trim());
    }

    [TestMethod]
    public async Task ModifyAndRemoveOverMorePagesThanOneRequestHoldFinishWithoutAStackTrace()
    {
        await using var client = await _silo.ConnectAsync();
        var site = await client.Sites.FindAsync("job-site") ?? throw new AssertFailedException("no site");
        const int count = 10_500; // more than two pages of job rm and job modify (5,000 each)
        var service = client.Cluster.GetGrain<Balsam.Jobs.IJobServiceGrain>(0);
        foreach (var chunk in Enumerable.Range(0, count).Chunk(5_000))
        {
            await service.CreateAsync(chunk.Select(i => new Balsam.Jobs.JobSpec
            {
                SiteId = site.Id, AppName = "Hello", Workdir = $"many/{i}", Parameters = new() { ["who"] = "\"x\"" }, Tags = new() { ["exp"] = "many" },
            }).ToList());
        }

        var modified = (await _cli.RunAsync(Site, "job", "modify", "--tag", "exp=many", "--set-tag", "round=2")).Succeeded();
        StringAssert.Contains(modified.Out, $"Modified {count} of {count} matching jobs");
        Assert.AreEqual($"{count}", (await _cli.RunAsync(Site, "job", "ls", "--tag", "round=2", "--count")).Succeeded().Out.Trim());

        var removed = (await _cli.RunAsync(Site, "job", "rm", "--tag", "exp=many", "--yes")).Succeeded();
        StringAssert.Contains(removed.Out, $"Deleted {count} of {count} jobs");
        Assert.DoesNotContain(" at ", removed.Error + modified.Error, "no stack trace");
        Assert.AreEqual("0", (await _cli.RunAsync(Site, "job", "ls", "--tag", "exp=many", "--count")).Succeeded().Out.Trim());
    }

    [TestMethod]
    public async Task WaitReturnsWhenEveryJobIsDoneAndSaysHowManyAreNotWhenTheTimeLimitPasses()
    {
        await using var client = await _silo.ConnectAsync();
        var site = await client.Sites.FindAsync("job-site") ?? throw new AssertFailedException("no site");
        var service = client.Cluster.GetGrain<Balsam.Jobs.IJobServiceGrain>(0);
        var parent = (await service.CreateAsync([new Balsam.Jobs.JobSpec
        {
            SiteId = site.Id, AppName = "Hello", Workdir = "wait/parent", Parameters = new() { ["who"] = "\"p\"" }, Tags = new() { ["exp"] = "wait" },
        }]))[0];
        var child = (await service.CreateAsync([new Balsam.Jobs.JobSpec
        {
            SiteId = site.Id, AppName = "Hello", Workdir = "wait/child", Parameters = new() { ["who"] = "\"c\"" }, Tags = new() { ["exp"] = "wait" },
            ParentIds = [parent.Id],
        }]))[0];

        var timedOut = (await _cli.RunAsync(Site, "job", "wait", "--tag", "exp=wait", "--timeout-sec", "1")).Failed(1);
        StringAssert.Contains(timedOut.Error, "2 of 2 jobs are not done after 1 s (0 JOB_FINISHED, 0 FAILED so far)");
        Assert.DoesNotContain(" at ", timedOut.Error, "no stack trace");

        (await _cli.RunAsync(Site, "job", "modify", $"{child.Id}", "--set-state", "FAILED")).Succeeded();
        var waited = (await _cli.RunAsync(Site, "job", "wait", $"{child.Id}")).Succeeded();
        StringAssert.Contains(waited.Out, "All 1 jobs are done: 0 JOB_FINISHED, 1 FAILED.");
    }

    [TestMethod]
    public async Task ShowPrintsTheJobsFieldsHistoryErrorTailAndTransferItemsAndNamesAnIdItCannotShow()
    {
        await using var client = await _silo.ConnectAsync();
        var site = await client.Sites.FindAsync("job-site") ?? throw new AssertFailedException("no site");
        await client.Cluster.GetGrain<Balsam.Sites.ISiteGrain>(site.Id).UpdateAsync(null,
            site.Settings with { TransferLocations = new() { ["laptop"] = "rsync://me@laptop" } });
        await client.Apps.RegisterAsync(site.Id, new Balsam.Apps.AppDefinition
        {
            Name = "Fetch",
            CommandTemplate = "wc -l {{ file }}",
            Parameters = new() { ["file"] = Balsam.Apps.AppParameter.RequiredParameter() },
            Transfers = new()
            {
                ["input"] = new Balsam.Apps.TransferSlot { Required = true, Direction = Balsam.Apps.TransferDirection.In, LocalPath = "in.txt" },
                ["counts"] = new Balsam.Apps.TransferSlot { Direction = Balsam.Apps.TransferDirection.Out, LocalPath = "counts.txt" },
            },
        });
        var service = client.Cluster.GetGrain<Balsam.Jobs.IJobServiceGrain>(0);
        var staged = (await service.CreateAsync([new Balsam.Jobs.JobSpec
        {
            SiteId = site.Id, AppName = "Fetch", Workdir = "show/fetch", Parameters = new() { ["file"] = "\"in.txt\"" },
            Tags = new() { ["exp"] = "show" }, Transfers = new() { ["input"] = "laptop:/data/in.txt", ["counts"] = "laptop:/data/counts.txt" },
        }]))[0];
        var input = (await service.TransferItemsAsync(new Balsam.Transfers.TransferItemQuery { JobIds = [staged.Id] }))
            .Single(i => i.Direction == Balsam.Apps.TransferDirection.In);
        await service.UpdateTransferItemsAsync([new Balsam.Transfers.TransferItemUpdate
        {
            Id = input.Id, State = Balsam.Transfers.TransferItemState.Error, TaskId = "rsync:task-7",
            TransferInfo = """{"error": "rsync: link_stat \"/data/in.txt\" failed: No such file or directory (2)"}""",
        }]);

        var shown = (await _cli.RunAsync(Site, "job", "show", $"{staged.Id}")).Succeeded().Out;
        StringAssert.Contains(shown, "Fetch");
        StringAssert.Contains(shown, Path.Combine(site.Path, "data", "show", "fetch"), "the workdir's full path");
        StringAssert.Contains(shown, "exp=show");
        Row(shown, " file ", " \"in.txt\" "); // the parameters
        StringAssert.Contains(Row(shown, " READY ", " FAILED "), "Stage in of slot 'input' failed", "the history names why it failed");
        StringAssert.Contains(shown, "State data:");
        var item = Row(shown, " input ", " in ");
        StringAssert.Contains(item, " error ");
        StringAssert.Contains(item, "rsync:task-7");
        StringAssert.Contains(item, "link_stat \"/data/in.txt\" failed");
        StringAssert.Contains(Row(shown, " counts ", " out "), "awaiting_job");

        var crashed = (await service.CreateAsync([new Balsam.Jobs.JobSpec
        {
            SiteId = site.Id, AppName = "Hello", Workdir = "show/crash", Parameters = new() { ["who"] = "\"x\"" },
        }]))[0];
        await client.Cluster.GetGrain<Balsam.Jobs.IJobGrain>(crashed.Id).UpdateAsync(Balsam.Jobs.JobPatch.ToState(Balsam.States.JobState.Failed,
            """{"returncode": 3, "error": "reading input\nValueError: bad input"}"""));
        var failed = (await _cli.RunAsync(Site, "job", "show", $"{crashed.Id}")).Succeeded().Out;
        StringAssert.Contains(failed, "Error tail:\n  reading input\n  ValueError: bad input");
        StringAssert.Contains(failed, "Transfer items: none.");

        var unknown = (await _cli.RunAsync(Site, "job", "show", "987654321")).Failed(1);
        Assert.AreEqual("error: job 987654321: no such job among your jobs", unknown.Error.Trim());
        var stranger = new BalsamCliRunner(_silo, Path.Combine(_root, "stranger-home"), "stranger-show");
        var hidden = (await stranger.RunAsync(_root, "job", "show", $"{staged.Id}")).Failed(1);
        Assert.AreEqual($"error: job {staged.Id}: no such job among your jobs", hidden.Error.Trim(), "another user's job is not shown");
        Assert.AreEqual("", hidden.Out);
    }

    /// <summary>The one output line that holds every one of <paramref name="parts"/>.</summary>
    private static string Row(string output, params string[] parts)
    {
        var rows = output.Split('\n').Where(line => parts.All(p => line.Contains(p, StringComparison.Ordinal))).ToList();
        Assert.HasCount(1, rows, $"one line with [{string.Join("], [", parts)}] in:\n{output}");
        return rows[0];
    }
}
