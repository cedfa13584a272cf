using Balsam.Client;
using Balsam.Client.Connection;
using Balsam.Client.Http;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Balsam.Launcher.Cli;

/// <summary>What a command runs against: its output streams, its working folder, and how it reaches the service.</summary>
public sealed class CliContext
{
    private IAnsiConsole? _console;

    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public TextReader In { get; init; } = TextReader.Null;

    /// <summary>Whether the user can answer a confirmation question (stdin is a terminal).</summary>
    public bool CanPrompt { get; init; }

    /// <summary>Whether <see cref="Out"/> is a terminal (colours and the terminal's width) rather than a file or pipe.</summary>
    public bool OutIsTerminal { get; init; }

    /// <summary>The folder relative paths and the current site are resolved from.</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>Overrides of how the service is found; null uses the environment and the service file.</summary>
    public BalsamClientOptions? ClientOptions { get; init; }

    /// <summary>Tables and styled output on <see cref="Out"/>.</summary>
    public IAnsiConsole Console => _console ??= CreateConsole();

    public static CliContext FromConsole() => new()
    {
        Out = System.Console.Out,
        Error = System.Console.Error,
        In = System.Console.In,
        CanPrompt = !System.Console.IsInputRedirected,
        OutIsTerminal = !System.Console.IsOutputRedirected,
        WorkingDirectory = Directory.GetCurrentDirectory(),
    };

    public Task<BalsamClient> ConnectAsync(CancellationToken cancellationToken) =>
        BalsamClient.ConnectAsync(ClientOptions, cancellationToken);

    /// <summary>How long a command waits for the HTTP query routes in all before it takes the gateway instead.</summary>
    public static readonly TimeSpan HttpBudget = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A read over the service's HTTP query routes, when it offers them (<see cref="ServiceQueryClient"/>): a short
    /// command then needs no Orleans client, whose start costs most of a second of CPU. Null when they are not offered,
    /// fail, or take longer than <see cref="HttpBudget"/> in all: the command then takes the gateway, which reports any
    /// problem in its own words. The read gets a token that ends with the budget.
    /// </summary>
    internal async Task<T?> TryOverHttpAsync<T>(Func<ServiceQueryClient, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
        where T : class
    {
        using var http = ServiceQueryClient.TryCreate(ClientOptions);
        if (http is null)
        {
            return null;
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(HttpBudget);
        try
        {
            return await read(http, budget.Token);
        }
        catch (ServiceQueryUnavailableException e)
        {
            TellFallback(http.BaseAddress, e.Message);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            TellFallback(http.BaseAddress, $"no answer within {HttpBudget.TotalSeconds:0} s"); // the port accepts but does not answer
            return null;
        }
    }

    /// <summary>Says on stderr why the gateway answers instead, when the client's log level is Debug or Trace (<c>BALSAM_LOG_LEVEL</c>).</summary>
    private void TellFallback(Uri address, string reason)
    {
        LogLevel? level;
        try
        {
            level = ClientLogging.Level(ClientOptions ?? new BalsamClientOptions());
        }
        catch (BalsamConnectionException)
        {
            return; // the gateway's client reports the bad level
        }

        if (level <= LogLevel.Debug)
        {
            Error.WriteLine($"dbug: the query routes at {address} did not answer ({reason}); asking the gateway");
        }
    }

    /// <summary>
    /// A client whose calls fail at once on a transient error instead of being retried: for the launcher and the site
    /// agent, which ride out an outage on their own terms (launcher.service_outage_tolerance_sec), keep their processes
    /// and say when the service goes away and comes back.
    /// </summary>
    public Task<BalsamClient> ConnectWithoutRetriesAsync(CancellationToken cancellationToken) =>
        BalsamClient.ConnectAsync((ClientOptions ?? new BalsamClientOptions()) with { TransientRetryLimit = TimeSpan.Zero }, cancellationToken);

    /// <summary>An absolute path for a path given on the command line (relative to <see cref="WorkingDirectory"/>; <c>~</c> is the home folder).</summary>
    public string FullPath(string path)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
        {
            path = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path[2..] : "");
        }

        var full = Path.GetFullPath(path, WorkingDirectory);
        return full.Length > 1 ? full.TrimEnd(Path.DirectorySeparatorChar) : full;
    }

    /// <summary>Asks a yes/no question; false unless the user answers y or yes.</summary>
    public bool Confirm(string question)
    {
        Out.Write($"{question} [y/N] ");
        Out.Flush();
        var answer = In.ReadLine()?.Trim().ToLowerInvariant();
        return answer is "y" or "yes";
    }

    private IAnsiConsole CreateConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = OutIsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = OutIsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Out),
        });
        if (!OutIsTerminal)
        {
            console.Profile.Width = 240; // scripts and logs get whole paths rather than wrapped cells
        }

        return console;
    }
}
