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
    public async Task ModifyAndRemoveOfAHundredThousandJobsFinishWithoutAStackTrace()
    {
        await using var client = await _silo.ConnectAsync();
        var site = await client.Sites.FindAsync("job-site") ?? throw new AssertFailedException("no site");
        const int count = 100_000; // one request for all of them outlasted the 30 s response timeout
        var service = client.Cluster.GetGrain<Balsam.Jobs.IJobServiceGrain>(0);
        foreach (var chunk in Enumerable.Range(0, count).Chunk(5_000))
        {
            await service.CreateAsync(chunk.Select(i => new Balsam.Jobs.JobSpec
            {
                SiteId = site.Id, AppName = "Hello", Workdir = $"many/{i}", Parameters = new() { ["who"] = "\"x\"" }, Tags = new() { ["exp"] = "many" },
            }).ToList());
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var modified = (await _cli.RunAsync(Site, "job", "modify", "--tag", "exp=many", "--set-tag", "round=2")).Succeeded();
        Console.WriteLine($"job modify of {count} jobs: {watch.Elapsed.TotalSeconds:F0} s");
        StringAssert.Contains(modified.Out, $"Modified {count} of {count} matching jobs");
        Assert.AreEqual($"{count}", (await _cli.RunAsync(Site, "job", "ls", "--tag", "round=2", "--count")).Succeeded().Out.Trim());

        var sample = await service.QueryAsync(new Balsam.Jobs.JobQuery { Tags = new() { ["exp"] = "many" }, Limit = 100, Offset = count - 100 });
        Assert.IsTrue(sample.All(job => job.Tags.GetValueOrDefault("round") == "2"), "the last jobs really carry the new tag");

        watch.Restart();
        var removed = (await _cli.RunAsync(Site, "job", "rm", "--tag", "exp=many", "--yes")).Succeeded();
        Console.WriteLine($"job rm of {count} jobs: {watch.Elapsed.TotalSeconds:F0} s");
        StringAssert.Contains(removed.Out, $"Deleted {count} of {count} jobs");
        Assert.DoesNotContain(" at ", removed.Error + modified.Error, "no stack trace");
        Assert.AreEqual("0", (await _cli.RunAsync(Site, "job", "ls", "--tag", "exp=many", "--count")).Succeeded().Out.Trim());
    }

    [TestMethod]
    public async Task CreateFromYamlJsonAndCsvFilesCreatesEveryEntryWithItsFields()
    {
        var yaml = Path.Combine(_root, "jobs.yaml");
        await File.WriteAllTextAsync(yaml, """
            - app: Hello
              workdir: file/yaml/1
              parameters: {who: world}
              tags: {n: "1"}
              num_nodes: 2
            - app: Hello
              workdir: file/yaml/2
              parameters: {who: 42}
              data: {seed: 7}
            """);
        var json = Path.Combine(_root, "jobs.json");
        await File.WriteAllTextAsync(json, """
            [
              {"app": "Hello", "workdir": "file/json/1", "parameters": {"who": "json"}, "wall_time_min": 5},
              {"app": "Hello", "workdir": "file/json/2", "parameters": {"who": "json"}, "tags": {"n": "2"}}
            ]
            """);
        var csv = Path.Combine(_root, "jobs.csv");
        await File.WriteAllTextAsync(csv, "app,workdir,parameters.who,tags.n,ranks_per_node\nHello,file/csv/1,csv,1,4\nHello,file/csv/2,\"a, b\",2,\n");

        StringAssert.Contains((await _cli.RunAsync(Site, "job", "create", "--from-file", yaml, "--tag", "exp=file")).Succeeded().Out, "Created 2 jobs from jobs.yaml");
        StringAssert.Contains((await _cli.RunAsync(Site, "job", "create", "--from-file", json, "--tag", "exp=file")).Succeeded().Out, "Created 2 jobs from jobs.json");
        StringAssert.Contains((await _cli.RunProcessAsync(_root, "job", "create", "-f", csv, "--site", "job-site", "--tag", "exp=file")).Succeeded().Out, "Created 2 jobs from jobs.csv");

        var jobs = JsonDocument.Parse((await _cli.RunAsync(Site, "job", "ls", "--tag", "exp=file", "--json")).Succeeded().Out).RootElement
            .EnumerateArray().ToDictionary(j => j.GetProperty("Workdir").GetString()!);
        Assert.HasCount(6, jobs);
        Assert.AreEqual("\"world\"", jobs["file/yaml/1"].GetProperty("Parameters").GetProperty("who").GetString());
        Assert.AreEqual(2, jobs["file/yaml/1"].GetProperty("Resources").GetProperty("NumNodes").GetInt32());
        Assert.AreEqual("1", jobs["file/yaml/1"].GetProperty("Tags").GetProperty("n").GetString());
        Assert.AreEqual("42", jobs["file/yaml/2"].GetProperty("Parameters").GetProperty("who").GetString(), "a YAML number stays a number");
        Assert.AreEqual(7, JsonDocument.Parse(jobs["file/yaml/2"].GetProperty("Data").GetString()!).RootElement.GetProperty("seed").GetInt32());
        Assert.AreEqual(5, jobs["file/json/1"].GetProperty("Resources").GetProperty("WallTimeMin").GetInt32());
        Assert.AreEqual(4, jobs["file/csv/1"].GetProperty("Resources").GetProperty("RanksPerNode").GetInt32());
        Assert.AreEqual("\"a, b\"", jobs["file/csv/2"].GetProperty("Parameters").GetProperty("who").GetString(), "a quoted CSV cell keeps its comma");
        Assert.AreEqual("2", jobs["file/csv/2"].GetProperty("Tags").GetProperty("n").GetString());
    }

    [TestMethod]
    public async Task CreateFromABadFileNamesEachLineAndFieldAndCreatesNothingUnlessAskedToSkip()
    {
        var yaml = Path.Combine(_root, "bad.yaml");
        await File.WriteAllTextAsync(yaml, """
            - app: Hello
              workdir: bad/1
              parameters: {who: fine}
            - app: Hello
              parameters: {who: nowhere}
            - app: Hello
              workdir: bad/3
              parameters: {who: x, color: red}
              num_nodes: two
            - app: Hello
              workdir: bad/1
              parameters: {who: again}
            """);

        var refused = (await _cli.RunAsync(Site, "job", "create", "--from-file", yaml, "--tag", "exp=badfile")).Failed(1);
        StringAssert.Contains(refused.Error, "bad.yaml (nothing was created)");
        StringAssert.Contains(refused.Error, "line 4 (entry 2): workdir: is required");
        StringAssert.Contains(refused.Error, "line 6 (entry 3): num_nodes: must be a whole number");
        StringAssert.Contains(refused.Error, "line 10 (entry 4): workdir: 'bad/1' is used by another job of this call (line 1 (entry 1))");
        Assert.AreEqual("0", (await _cli.RunAsync(Site, "job", "ls", "--tag", "exp=badfile", "--count")).Succeeded().Out.Trim(), "nothing was stored");

        var mixed = (await _cli.RunAsync(Site, "job", "create", "--from-file", yaml, "--tag", "exp=badfile", "--skip-invalid")).Failed(1);
        StringAssert.Contains(mixed.Out, "Created 1 jobs from bad.yaml; skipped 3 invalid entries.");
        StringAssert.Contains(mixed.Error, "skipped line 4 (entry 2): workdir: is required");
        Assert.AreEqual("1", (await _cli.RunAsync(Site, "job", "ls", "--tag", "exp=badfile", "--count")).Succeeded().Out.Trim());

        var unknownParameter = Path.Combine(_root, "bad.csv");
        await File.WriteAllTextAsync(unknownParameter, "app,workdir,parameters.who,parameters.color\nHello,badcsv/1,x,\nHello,badcsv/2,y,red\n");
        var csvRefused = (await _cli.RunAsync(Site, "job", "create", "--from-file", unknownParameter)).Failed(1);
        StringAssert.Contains(csvRefused.Error, "line 3 (entry 2): parameters.color: app 'Hello' has no such parameter");

        var mixedUp = (await _cli.RunAsync(Site, "job", "create", "--from-file", yaml, "--app", "Hello")).Failed(2);
        StringAssert.Contains(mixedUp.Error, "--app describes one job; with --from-file give it in the file");
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
