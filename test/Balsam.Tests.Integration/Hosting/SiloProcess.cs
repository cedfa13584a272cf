using System.Diagnostics;
using System.Net;
using System.Text;
using Balsam.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Balsam.Tests.Integration.Hosting;

/// <summary>
/// The real <c>balsam-silo</c> executable (the build output copied beside the tests) run with <c>dotnet</c> as a child
/// process, on free ports and its own Balsam home. Dispose kills it if it is still running.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly StringBuilder _output = new();
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly Process _process;

    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly string[] _arguments;

    private SiloProcess(
        Process process, string home, int siloPort, int gatewayPort, int dashboardPort, IReadOnlyDictionary<string, string> environment, string[] arguments)
    {
        _process = process;
        _environment = environment;
        _arguments = arguments;
        Home = home;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        DashboardPort = dashboardPort;
    }

    public static string SiloDll => Path.Combine(AppContext.BaseDirectory, "balsam-silo.dll");

    public string Home { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public int DashboardPort { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string ServiceFile => Path.Combine(Home, "service.json");

    /// <summary>Everything the silo wrote to stdout and stderr so far, each line with the seconds since the start.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public Uri Url(string path) => new($"http://127.0.0.1:{DashboardPort}{path}");

    /// <summary>Starts the silo with <c>BALSAM_HOME=<paramref name="home"/></c>, free ports and extra arguments.</summary>
    public static SiloProcess Start(string home, params string[] arguments) =>
        StartOn(home, FreePort.Next(), FreePort.Next(), FreePort.Next(), new Dictionary<string, string>(), arguments);

    /// <summary>Starts the silo again after it exited (a kill), on the same ports, home, environment and arguments.</summary>
    public SiloProcess Restart()
    {
        if (!_process.HasExited)
        {
            throw new InvalidOperationException("the silo still runs");
        }

        return StartOn(Home, SiloPort, GatewayPort, DashboardPort, _environment, _arguments);
    }

    /// <summary>Starts the silo on the given ports, with extra environment variables (configuration such as <c>Balsam__Sessions__Expiry</c>).</summary>
    public static SiloProcess StartOn(
        string home, int silo, int gateway, int dashboard, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = home,
        };
        foreach (var argument in (string[])
                 [SiloDll, "--silo-port", $"{silo}", "--gateway-port", $"{gateway}", "--dashboard-port", $"{dashboard}", .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var inherited in info.Environment.Keys.Where(k => k.StartsWith("BALSAM_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(inherited); // the test decides every option
        }

        info.Environment["BALSAM_HOME"] = home;
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        var started = new SiloProcess(process, home, silo, gateway, dashboard, environment, arguments);
        process.OutputDataReceived += (_, e) => started.Append(e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Waits until <c>/health</c> answers 200; fails with the silo's output if it exits or takes too long.</summary>
    public async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"balsam-silo exited with code {_process.ExitCode} before it was healthy:{Environment.NewLine}{Output}");
            }

            try
            {
                using var response = await Http.GetAsync(Url("/health"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // a slow first answer
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"balsam-silo was not healthy after {timeout.TotalSeconds} s:{Environment.NewLine}{Output}");
            }

            await Task.Delay(100);
        }
    }

    public static Task<HttpResponseMessage> GetAsync(Uri url) => Http.GetAsync(url);

    /// <summary>Sends SIGTERM and waits for the exit; returns the exit code, or fails when it does not stop in time.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        HostingFixtures.Terminate(_process.Id);
        return await WaitForExitAsync(timeout);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"balsam-silo did not exit within {timeout.TotalSeconds} s:{Environment.NewLine}{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>The silo's database: its <c>--connection-string</c>, else its home's managed PostgreSQL (which must run).</summary>
    public string ConnectionString
    {
        get
        {
            var given = Array.IndexOf(_arguments, "--connection-string");
            return given >= 0
                ? _arguments[given + 1]
                : Balsam.Silo.Postgres.ManagedPostgres.ConnectionStringOfRunning(new() { DataDirectory = Path.Combine(Home, "postgres") });
        }
    }

    /// <summary>A token of the user in this silo's database, made with the user on first use.</summary>
    public Task<string> TokenForAsync(string user) => Infrastructure.TestUsers.TokenAsync(ConnectionString, user);

    /// <summary>An Orleans client connected to this silo's gateway, calling as <paramref name="user"/> (a real token).</summary>
    public async Task<IHost> ConnectClientAsync(string clusterId = "balsam", string serviceId = "balsam", string user = "tester")
    {
        var token = await TokenForAsync(user);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.AddOutgoingGrainCallFilter(async call =>
            {
                RequestContext.Set(Balsam.Auth.AuthContext.TokenKey, token);
                await call.Invoke();
            });
            client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, GatewayPort));
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = serviceId;
            });
        });
        var host = builder.Build();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StartAsync(cts.Token);
        return host;
    }

    /// <summary>Kills the silo with SIGKILL, as a crash would, and waits until it is gone.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Append($"[{_clock.Elapsed.TotalSeconds,6:F2}] ").AppendLine(line);
            }
        }
    }
}

internal static class ClientHostExtensions
{
    public static IClusterClient Client(this IHost host) => host.Services.GetRequiredService<IClusterClient>();
}
