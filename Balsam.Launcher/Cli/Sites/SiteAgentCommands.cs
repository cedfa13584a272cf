using System.CommandLine;
using System.Runtime.InteropServices;
using Balsam.Launcher.SiteAgent;
using Microsoft.Extensions.Logging;

namespace Balsam.Launcher.Cli.Sites;

/// <summary><c>balsam site start | stop | agent</c>: the site agent in the background, or in the foreground.</summary>
internal static class SiteAgentCommands
{
    public static Command Start(CliContext context)
    {
        var site = new Option<string?>("--site", "-s") { Description = SiteSelector.OneSiteHelp };
        var command = new Command("start", "Start the site agent in the background (log in log/agent.log)") { site };
        command.SetAction(async (parse, ct) =>
        {
            await using var client = await context.ConnectAsync(ct);
            var target = await SiteSelector.ResolveAsync(client, context, parse.GetValue(site));
            if (AgentProcess.RunningPid(target.Path) is { } running)
            {
                context.Out.WriteLine($"The agent of site '{target.Name}' already runs (pid {running}).");
                return ExitCodes.Success;
            }

            var before = target.LastRefresh;
            var pid = AgentProcess.Start(target.Path, target.Id, context.ClientOptions);
            for (var waited = 0; waited < 300; waited++)
            {
                var now = await client.Sites.GetAsync(target.Id);
                if (now.LastRefresh is { } seen && seen != before)
                {
                    context.Out.WriteLine($"Started the agent of site '{target.Name}' (pid {pid}); log: {AgentProcess.LogFile(target.Path)}");
                    return ExitCodes.Success;
                }

                if (AgentProcess.RunningPid(target.Path) is null)
                {
                    throw new CliUserException($"The agent exited at start-up; see {AgentProcess.LogFile(target.Path)}");
                }

                await Task.Delay(100, ct);
            }

            throw new CliUserException($"The agent (pid {pid}) did not report within 30 s; see {AgentProcess.LogFile(target.Path)}");
        });
        return command;
    }

    public static Command Stop(CliContext context)
    {
        var site = new Option<string?>("--site", "-s") { Description = SiteSelector.OneSiteHelp };
        var command = new Command("stop", "Stop the site agent") { site };
        command.SetAction(async (parse, ct) =>
        {
            await using var client = await context.ConnectAsync(ct);
            var target = await SiteSelector.ResolveAsync(client, context, parse.GetValue(site));
            if (AgentProcess.RunningPid(target.Path) is not { } pid)
            {
                context.Out.WriteLine($"No agent runs for site '{target.Name}'.");
                return ExitCodes.Success;
            }

            using var process = System.Diagnostics.Process.GetProcessById(pid);
            Signals.Terminate(pid);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            File.Delete(AgentProcess.PidFile(target.Path));
            context.Out.WriteLine($"Stopped the agent of site '{target.Name}' (pid {pid}).");
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Sync(CliContext context)
    {
        var site = new Option<string?>("--site", "-s") { Description = SiteSelector.OneSiteHelp };
        var command = new Command("sync", "Check settings.yml, send its summary to the service, and make a running agent reload settings and apps")
        {
            site,
        };
        command.SetAction(async (parse, ct) =>
        {
            await using var client = await context.ConnectAsync(ct);
            var target = await SiteSelector.ResolveAsync(client, context, parse.GetValue(site));
            var settings = Settings.SettingsLoader.LoadFromSite(target.Path); // every problem, with key path and line
            await client.Sites.UpdateSettingsAsync(target.Id, settings.ToSummary());
            if (AgentProcess.RunningPid(target.Path) is { } pid)
            {
                Signals.Hangup(pid);
                context.Out.WriteLine($"Settings of site '{target.Name}' are valid and sent; the agent (pid {pid}) reloads settings and apps.");
            }
            else
            {
                context.Out.WriteLine($"Settings of site '{target.Name}' are valid and sent; no agent runs (start one with: balsam site start).");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Agent(CliContext context)
    {
        var site = new Option<string?>("--site", "-s") { Description = SiteSelector.OneSiteHelp };
        var command = new Command("agent", "Run the site agent in the foreground (what `site start` runs)") { site };
        command.SetAction(async (parse, ct) =>
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
            {
                signal.Cancel = true;
                stop.Cancel();
            });
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal =>
            {
                signal.Cancel = true; // Ctrl+C stops as SIGTERM does
                stop.Cancel();
            });
            await using var client = await context.ConnectWithoutRetriesAsync(ct);
            var target = await SiteSelector.ResolveAsync(client, context, parse.GetValue(site));
            using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "yyyy-MM-dd HH:mm:ss "; }));
            var agent = new SiteAgentService(client, target.Id, logging.CreateLogger("balsam.agent"));
            Signals.StopIgnoringHangup(); // `site sync` asks for a reload with SIGHUP
            using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
            {
                signal.Cancel = true;
                agent.Reload();
            });
            await agent.RunAsync(stop.Token);
            return ExitCodes.Success;
        });
        return command;
    }
}
