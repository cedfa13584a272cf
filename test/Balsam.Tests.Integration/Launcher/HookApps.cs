using Balsam.Client.Apps;
using Balsam.Client.Sites;
using Balsam.States;

namespace Balsam.Tests.Integration.Launcher;

/// <summary>Refuses inputs it does not like before they use an allocation.</summary>
public sealed class Picky : ApplicationDefinition
{
    public override SiteRef Site => "hook-site";

    public override string CommandTemplate => "echo {{ value }}";

    public override Task PreprocessAsync(CancellationToken cancellationToken)
    {
        var value = Job.Parameters.Get<int>("value");
        Console.WriteLine($"checking {value}");
        Job.State = value < 0 ? JobState.Failed : JobState.Preprocessed;
        return Task.CompletedTask;
    }
}

/// <summary>Fails, and retries itself up to three runs, counting in <c>Job.Data</c> (edited in place).</summary>
public sealed class Flaky : ApplicationDefinition
{
    public override SiteRef Site => "hook-site";

    public override string CommandTemplate => "exit 1";

    public override Task HandleErrorAsync(CancellationToken cancellationToken)
    {
        var runs = (Job.Data["runs"]?.GetValue<int>() ?? 0) + 1;
        Job.Data["runs"] = runs;
        Job.State = runs < 3 ? JobState.RestartReady : JobState.Failed;
        return Task.CompletedTask;
    }
}

/// <summary>A dynamic workflow: its postprocess submits a follow-up job.</summary>
public sealed class Spawner : ApplicationDefinition
{
    public override SiteRef Site => "hook-site";

    public override string CommandTemplate => "echo first";

    public override async Task PostprocessAsync(CancellationToken cancellationToken)
    {
        await Job.Client.Jobs.SubmitAsync<Picky>($"{Job.Workdir}-follow-up", new { value = 7 }, cancellationToken: cancellationToken);
        Console.WriteLine("submitted a follow-up");
        Job.State = JobState.Postprocessed;
    }
}

/// <summary>Sets up its shell before the launch command (the twin of module loads and exports).</summary>
public sealed class Preambled : ApplicationDefinition
{
    public override SiteRef Site => "hook-site";

    public override string CommandTemplate => "echo \"$GREETING from $(pwd | xargs basename)\"";

    public override IReadOnlyList<string> ShellPreamble() => [$"export GREETING='hello from the preamble of job {Job.Id}'"];
}

/// <summary>A preamble and a command in bash: <c>source</c> of a file the preamble writes, and <c>[[ ]]</c>.</summary>
public sealed class Bashful : ApplicationDefinition
{
    public override SiteRef Site => "hook-site";

    public override string CommandTemplate => "[[ 1 == 1 ]] && echo \"bash $FROM_FILE\"";

    public override IReadOnlyList<string> ShellPreamble() =>
        ["printf 'export FROM_FILE=sourced\\n' > setup.sh", "source ./setup.sh", "[[ -n $BASH_VERSION ]] || echo 'not bash'"];
}

/// <summary>Its postprocess asks for one more run the first time (a convergence check that is not yet satisfied).</summary>
public sealed class Converging : ApplicationDefinition
{
    public override SiteRef Site => "hook-site";

    public override string CommandTemplate => "echo iteration";

    public override Task PostprocessAsync(CancellationToken cancellationToken)
    {
        var iterations = (Job.Data["iterations"]?.GetValue<int>() ?? 0) + 1;
        Job.Data["iterations"] = iterations;
        Job.State = iterations < 2 ? JobState.RestartReady : JobState.Postprocessed;
        return Task.CompletedTask;
    }
}

/// <summary>A preprocess that notes which process ran it and waits to meet the other two, to show hooks running side by side.</summary>
public sealed class SlowPrep : ApplicationDefinition
{
    public override SiteRef Site => "parallel-hook-site";

    public override string CommandTemplate => "true";

    public override async Task PreprocessAsync(CancellationToken cancellationToken)
    {
        Job.Data["pid"] = Environment.ProcessId;
        Job.Data["folder"] = Environment.CurrentDirectory;

        // Each hook leaves a mark beside its workdir and waits for the others': all three meet only if they run at once.
        var meeting = Path.GetDirectoryName(Environment.CurrentDirectory)!;
        File.WriteAllText(Path.Combine(meeting, $"here-{Environment.ProcessId}"), "");
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (Directory.GetFiles(meeting, "here-*").Length < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, cancellationToken);
        }

        Job.Data["met"] = Directory.GetFiles(meeting, "here-*").Length;
        Console.WriteLine($"prepared in process {Environment.ProcessId}");
        Job.State = JobState.Preprocessed;
    }
}

/// <summary>A preprocess that never finishes by itself.</summary>
public sealed class Stuck : ApplicationDefinition
{
    public override SiteRef Site => "timeout-hook-site";

    public override string CommandTemplate => "true";

    public override async Task PreprocessAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine("waiting for ever");
        await Task.Delay(Timeout.InfiniteTimeSpan, CancellationToken.None);
    }
}
