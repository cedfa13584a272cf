using System.CommandLine;
using Balsam.Launcher.Cli.Apps;
using Balsam.Launcher.Cli.Auth;
using Balsam.Launcher.Cli.Jobs;
using Balsam.Launcher.Cli.Output;
using Balsam.Launcher.Cli.Queue;
using Balsam.Launcher.Cli.Reports;
using Balsam.Launcher.Cli.Sites;

namespace Balsam.Launcher.Cli;

/// <summary>The <c>balsam</c> command line: parses, runs one command, reports errors, returns the exit code.</summary>
public static class BalsamCli
{
    public const string Name = "balsam";

    public static RootCommand Build(CliContext context) => new("Balsam: workflows of HPC jobs across sites")
    {
        SiteCommand.Create(context),
        AppCommand.Create(context),
        JobCommand.Create(context),
        QueueCommand.Create(context),
        ReportCommand.Create(context),
        LauncherCommand.Create(context),
        RunAppCommand.Create(context),
        RunExecutorCommand.Create(),
        RunHookCommand.Create(context),
        LoginCommand.Create(context),
        LogoutCommand.Create(context),
        WhoAmICommand.Create(context),
    };

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var parse = Build(context).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                context.Error.WriteLine($"error: {error.Message}");
            }

            context.Error.WriteLine($"See '{CommandPath(parse)} --help'.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = context.Out,
                Error = context.Error,
                EnableDefaultExceptionHandler = false,
                // Left to itself, System.CommandLine ends the process with 143 two seconds after SIGTERM, cutting short
                // a launcher's last reports and an agent's cycle; those commands handle SIGTERM and SIGINT themselves.
                ProcessTerminationTimeout = null,
            }, cancellationToken);
        }
        catch (Exception e)
        {
            return ErrorReporter.Report(e, context.Error);
        }
        finally
        {
            await context.Out.FlushAsync(CancellationToken.None);
            await context.Error.FlushAsync(CancellationToken.None);
        }
    }

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, result.Parent is null ? Name : result.Command.Name);
        }

        return string.Join(' ', names);
    }
}
