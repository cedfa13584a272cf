using Balsam.Client.Apps;
using Balsam.Client.Sites;

namespace Balsam.Tests.Integration.Launcher;

/// <summary>Says where and as what it ran: working directory, its job id from the environment, and its process id.</summary>
public sealed class WhereAmI : ApplicationDefinition
{
    public override SiteRef Site => "run-site";

    public string Run(string mark)
    {
        Console.WriteLine($"stdout of {mark}");
        Console.Error.WriteLine($"stderr of {mark}");
        var leftBehind = Environment.GetEnvironmentVariable("LEFT_BEHIND");
        Environment.SetEnvironmentVariable("LEFT_BEHIND", mark); // must not reach the next job
        return string.Join('|', Directory.GetCurrentDirectory(), Environment.GetEnvironmentVariable("BALSAM_JOB_ID"),
            Environment.ProcessId, leftBehind ?? "clean");
    }
}

/// <summary>Ends its own process the way careless app code does.</summary>
public sealed class Quitter : ApplicationDefinition
{
    public override SiteRef Site => "run-site";

    public int Run(int code)
    {
        Console.WriteLine("quitting");
        Environment.Exit(code);
        return -1;
    }
}

/// <summary>Throws on a thread of its own: an unhandled exception that ends the process.</summary>
public sealed class ThreadCrasher : ApplicationDefinition
{
    public override SiteRef Site => "run-site";

    public int Run()
    {
        var thread = new Thread(() => throw new InvalidOperationException("boom on a worker thread"));
        thread.Start();
        thread.Join();
        return 1;
    }
}

/// <summary>Notes its process id in its workdir, then never returns and ignores cancellation.</summary>
public sealed class Stubborn : ApplicationDefinition
{
    public override SiteRef Site => "run-site";

    public int Run()
    {
        File.WriteAllText("pid.txt", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }
}
