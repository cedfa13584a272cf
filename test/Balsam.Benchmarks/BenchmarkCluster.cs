using System.Diagnostics;
using System.Text;
using Balsam.Client;
using Balsam.Client.Connection;
using Balsam.Silo.Hosting;
using Balsam.Silo.Postgres;
using Balsam.Silo.Schema;
using Microsoft.Extensions.Logging.Abstractions;

namespace Balsam.Benchmarks;

/// <summary>
/// A private PostgreSQL (durable: fsync on), the real <c>balsam-silo</c> executable as its own process on free ports (so
/// its CPU time and memory are its own), and a real client over TCP: what a user's program sees, on one machine.
/// </summary>
public sealed class BenchmarkCluster : IAsyncDisposable
{
    private readonly ManagedPostgres _postgres;
    private readonly Process _silo;
    private readonly StringBuilder _siloOutput;
    private readonly BalsamClient _client;

    private BenchmarkCluster(string folder, ManagedPostgres postgres, Process silo, StringBuilder siloOutput, BalsamClient client, string gateway,
        string token, Uri http)
    {
        Folder = folder;
        _postgres = postgres;
        _silo = silo;
        _siloOutput = siloOutput;
        _client = client;
        ConnectionString = postgres.ConnectionString;
        Gateway = gateway;
        Token = token;
        Http = http;
    }

    /// <summary>The benchmark's own temporary folder (PostgreSQL's data, the silo's home, sites), removed at the end.</summary>
    public string Folder { get; }

    public string ConnectionString { get; }

    /// <summary>The silo's gateway, for more clients.</summary>
    public string Gateway { get; }

    /// <summary>The benchmark user's login token (also the REST API's bearer token).</summary>
    public string Token { get; }

    /// <summary>
    /// The silo's HTTP address (REST API and query routes): the port it was given, or for the main cluster the free one it
    /// chose, as its service file names it (the CLI answers <c>job ls</c> through it, as on a user's machine).
    /// </summary>
    public Uri Http { get; }

    public BalsamClient Sdk => _client;

    public IClusterClient Client => _client.Cluster;

    /// <summary>CPU time of the silo and PostgreSQL so far (ms): the service's cost.</summary>
    public double ServiceCpuMilliseconds() => SiloCpuMilliseconds() + PostgresCpuMilliseconds();

    /// <summary>CPU time of the silo process so far (ms).</summary>
    public double SiloCpuMilliseconds() => ProcessCpu.Milliseconds(_silo.Id);

    /// <summary>CPU time of PostgreSQL so far (ms): the postmaster, its ended and its live backends.</summary>
    public double PostgresCpuMilliseconds() => ProcessCpu.PostgresMilliseconds(_postgres.DataDirectory);

    /// <summary>The silo's resident memory (MiB).</summary>
    public double SiloResidentMegabytes() => ProcessCpu.ResidentMegabytes(_silo.Id);

    /// <summary>A new folder inside the benchmark's folder.</summary>
    public string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(Folder, name)).FullName;

    /// <summary>
    /// Starts the cluster. The main one (<paramref name="serveHttp"/> false) serves no dashboard, so its grain-call
    /// statistics cost the other figures nothing, and hands its token to this process's children (<c>BALSAM_TOKEN</c>).
    /// With <paramref name="serveHttp"/> the silo serves the dashboard too, and the token is only in <see cref="Token"/>.
    /// </summary>
    public static async Task<BenchmarkCluster> StartAsync(bool serveHttp = false)
    {
        var folder = Directory.CreateTempSubdirectory("balsam-bench-").FullName;
        var postgres = await ManagedPostgres.StartAsync(new ManagedPostgresOptions { DataDirectory = Path.Combine(folder, "data") }, NullLogger.Instance);
        await SchemaMigrator.MigrateAsync(postgres.ConnectionString, NullLogger.Instance);
        var token = await LogInAsync(postgres.ConnectionString, "bench");
        if (!serveHttp)
        {
            Environment.SetEnvironmentVariable(BalsamClientOptions.TokenVariable, token);
        }

        var gatewayPort = FreePort.Next();
        var httpPort = serveHttp ? FreePort.Next() : 0;
        var (silo, output) = StartSilo(folder, postgres.ConnectionString, gatewayPort, httpPort);
        var gateway = $"127.0.0.1:{gatewayPort}";
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var client = await BalsamClient.ConnectAsync(new BalsamClientOptions { Gateway = gateway, UserName = "bench", Token = token });
                return new BenchmarkCluster(folder, postgres, silo, output, client, gateway, token, await HttpAddressAsync(folder, silo));
            }
            catch (BalsamConnectionException) when (attempt < 300 && !silo.HasExited)
            {
                await Task.Delay(100);
            }
            catch (BalsamConnectionException)
            {
                throw new InvalidOperationException($"the silo did not start:{Environment.NewLine}{output}");
            }
        }
    }

    /// <summary>The HTTP address the silo wrote in its service file once started.</summary>
    private static async Task<Uri> HttpAddressAsync(string folder, Process silo)
    {
        var file = Path.Combine(folder, "silo-home", "service.json");
        for (var attempt = 0; attempt < 300 && !silo.HasExited; attempt++)
        {
            if (File.Exists(file) && System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(file))?["http"]?.GetValue<string>() is { } http)
            {
                return new Uri(http);
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"the silo wrote no HTTP address in {file}");
    }

    /// <summary><c>dotnet balsam-silo.dll</c> from this program's own folder, with its home in the benchmark's folder.</summary>
    private static (Process Silo, StringBuilder Output) StartSilo(string folder, string connectionString, int gatewayPort, int httpPort)
    {
        var home = Directory.CreateDirectory(Path.Combine(folder, "silo-home")).FullName;
        var info = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, WorkingDirectory = home,
        };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "balsam-silo.dll"), "--connection-string", connectionString,
                     "--silo-port", $"{FreePort.Next()}", "--gateway-port", $"{gatewayPort}", "--http-port", $"{httpPort}", "--write-service-file", "true"])
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var inherited in info.Environment.Keys.Where(k => k.StartsWith("BALSAM_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(inherited); // the benchmark decides every option
        }

        info.Environment["BALSAM_HOME"] = home;
        var output = new StringBuilder();
        var silo = new Process { StartInfo = info };
        silo.OutputDataReceived += (_, e) => Append(output, e.Data);
        silo.ErrorDataReceived += (_, e) => Append(output, e.Data);
        silo.Start();
        silo.StandardInput.Close();
        silo.BeginOutputReadLine();
        silo.BeginErrorReadLine();
        return (silo, output);
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    /// <summary>The <c>dotnet</c> host that runs this program (for the silo and the CLI as child processes).</summary>
    public static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet"
                ? self
                : "dotnet";

    /// <summary>
    /// Makes the benchmark's user and logs it in: every client the benchmarks connect (and every CLI they start)
    /// presents a real token to the silo, as a user's would.
    /// </summary>
    private static async Task<string> LogInAsync(string connectionString, string user)
    {
        await using var data = Npgsql.NpgsqlDataSource.Create(connectionString);
        var store = new Balsam.Silo.Auth.AuthStore(data);
        await store.AddUserAsync(user, "benchmark password");
        return (await store.IssueAsync(user, TimeSpan.FromDays(1))).Token;
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        if (!_silo.HasExited)
        {
            _silo.Kill(entireProcessTree: true);
            await _silo.WaitForExitAsync();
        }

        _silo.Dispose();
        await _postgres.StopAsync();
        await Folders.DeleteAsync(Folder);
    }
}
