using System.Diagnostics;
using Balsam.Client;
using Balsam.Launcher.Cli;

namespace Balsam.Tests.Integration.Cli;

/// <summary>
/// Runs <c>balsam</c> commands against a <see cref="CliTestSilo"/>, from a working folder of the caller's choice, with
/// an empty Balsam home: either as a real process (<c>dotnet balsam.dll</c> from Balsam.Launcher's own build output,
/// whose dependencies are complete, unlike the copy beside the tests) or through the same entry point in this process,
/// which is several times faster.
/// </summary>
public sealed class BalsamCliRunner
{
    private readonly CliTestSilo _silo;
    private readonly string _balsamHome;

    /// <summary>A runner whose Balsam home is logged in as <paramref name="user"/> (default: the operating-system user).</summary>
    public BalsamCliRunner(CliTestSilo silo, string balsamHome, string? user = null)
    {
        _silo = silo;
        _balsamHome = balsamHome;
        silo.LogIn(balsamHome, user);
    }

    /// <summary>Variables set for the real processes it starts (and so for an agent that <c>site start</c> starts), e.g. HOME.</summary>
    public Dictionary<string, string> ProcessEnvironment { get; } = [];

    /// <summary>The CLI as a real process, exactly as a user runs it.</summary>
    public async Task<CliRun> RunProcessAsync(string workingDirectory, params string[] args)
    {
        var watch = Stopwatch.StartNew();
        using var process = StartProcess(workingDirectory, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(args, process.ExitCode, await stdout, await stderr, watch.Elapsed);
    }

    /// <summary>Starts the CLI as a real process and leaves it running (the caller reads its output and ends it).</summary>
    public Process StartProcess(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(LauncherAssembly.Value);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["BALSAM_HOME"] = _balsamHome;
        info.Environment[BalsamClientOptions.GatewayVariable] = _silo.Gateway;
        info.Environment.Remove(BalsamClientOptions.ClusterIdVariable);
        info.Environment.Remove(BalsamClientOptions.ServiceIdVariable);
        info.Environment.Remove(BalsamClientOptions.LogLevelVariable);
        info.Environment[BalsamClientOptions.ConnectTimeoutVariable] = "45"; // two cores shared with silos and PostgreSQL: be patient
        foreach (var (name, value) in ProcessEnvironment)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start balsam");
        process.StandardInput.Close(); // like CI: no stdin
        return process;
    }

    /// <summary>The CLI's entry point in this process, with the same parsing, output and exit codes.</summary>
    public async Task<CliRun> RunAsync(string workingDirectory, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext
        {
            Out = output,
            Error = error,
            WorkingDirectory = workingDirectory,
            ClientOptions = _silo.ClientOptions() with { BalsamHome = _balsamHome, Token = null }, // the home's token file, as for the process
        };
        var watch = Stopwatch.StartNew();
        var code = await BalsamCli.RunAsync(args, context);
        return new CliRun(args, code, output.ToString(), error.ToString(), watch.Elapsed);
    }

    private static readonly Lazy<string> LauncherAssembly = new(FindLauncherAssembly);

    /// <summary><c>Balsam.Launcher/bin/{Configuration}/{tfm}/balsam.dll</c>, built with the same configuration as the tests.</summary>
    internal static string FindLauncherAssembly()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (testBin.Name, testBin.Parent!.Name);
        for (var folder = testBin; folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "Balsam.Launcher", "bin", configuration, framework, "balsam.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"balsam.dll ({configuration}, {framework}) was not found above {testBin.FullName}: build Balsam.sln first.");
    }

    internal static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet"
                ? self
                : "dotnet";
}
