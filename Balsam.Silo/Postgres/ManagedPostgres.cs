using System.Security.Cryptography;
using Balsam.Silo.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Balsam.Silo.Postgres;

/// <summary>
/// A private PostgreSQL server in a data folder of its own: created with <c>initdb</c> on first use, started on
/// 127.0.0.1 with password authentication, stopped on dispose. When the caller is root it runs as
/// <see cref="ManagedPostgresOptions.RootRunAsUser"/>, because PostgreSQL refuses to run as root.
/// A server left running by a process that died is adopted rather than started twice; a server whose owner is
/// still running is refused (an exclusive lock file beside the data folder, released by the system when the owner
/// dies, tells the two apart), so that one silo never stops the database under another.
/// </summary>
public sealed class ManagedPostgres : IAsyncDisposable
{
    private readonly ManagedPostgresOptions _options;
    private readonly ILogger _logger;
    private readonly string _bin;
    private readonly string? _runAs;
    private FileStream? _ownerLock;

    private ManagedPostgres(ManagedPostgresOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _bin = PostgresBinaries.Locate(options.BinDirectory);
        _runAs = Environment.IsPrivilegedProcess ? options.RootRunAsUser : null;
    }

    public int Port { get; private set; }

    /// <summary>A connection string to the application database.</summary>
    public string ConnectionString => ConnectionStringFor(_options.Database);

    public string DataDirectory => _options.DataDirectory;

    private string PasswordFile => _options.DataDirectory.TrimEnd('/') + ".password";

    private string LogFile => Path.Combine(_options.DataDirectory, "postgres.log");

    private string LockFile => _options.DataDirectory.TrimEnd('/') + ".lock";

    public static async Task<ManagedPostgres> StartAsync(
        ManagedPostgresOptions options, ILogger logger, IReadOnlyDictionary<string, string>? serverSettings = null,
        CancellationToken cancellationToken = default)
    {
        var server = new ManagedPostgres(options, logger);
        server.TakeOwnership();
        try
        {
            await server.InitializeIfNewAsync(serverSettings, cancellationToken);
            await server.StartOrAdoptAsync(cancellationToken);
            await server.EnsureDatabaseAsync(options.Database, cancellationToken);
            return server;
        }
        catch
        {
            server.ReleaseOwnership();
            throw;
        }
    }

    /// <summary>
    /// The connection string of the managed PostgreSQL that another silo started in <see cref="ManagedPostgresOptions.DataDirectory"/>,
    /// for a further silo of a cluster on the same machine: this process neither starts, owns nor stops that server.
    /// </summary>
    /// <exception cref="InvalidOperationException">No managed PostgreSQL runs there.</exception>
    public static string ConnectionStringOfRunning(ManagedPostgresOptions options)
    {
        var data = options.DataDirectory;
        var pidFile = Path.Combine(data, "postmaster.pid");
        var passwordFile = data.TrimEnd('/') + ".password";
        string[] lines;
        try
        {
            lines = File.ReadAllLines(pidFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"No managed PostgreSQL runs in '{data}' (no postmaster.pid): start the first silo of this Balsam home " +
                "without option join-managed-postgres, then the others with it.", e);
        }

        if (lines.Length < 4 || !int.TryParse(lines[0].Trim(), out var pid) || !IsAlive(pid) || !int.TryParse(lines[3].Trim(), out var port))
        {
            throw new InvalidOperationException(
                $"The managed PostgreSQL in '{data}' is not running (stale postmaster.pid): start the first silo of this Balsam home " +
                "without option join-managed-postgres, then the others with it.");
        }

        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = options.UserName,
            Password = File.ReadAllText(passwordFile).Trim(),
            Database = options.Database,
        }.ConnectionString;
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = _options.UserName,
        Password = File.ReadAllText(PasswordFile).Trim(),
        Database = database,
    }.ConnectionString;

    /// <summary>Creates a database if it does not exist yet.</summary>
    public async Task EnsureDatabaseAsync(string database, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new() { Value = database } },
        };
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"")}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Stops the server and gives up the data folder; does nothing once stopped (only the owner stops it).</summary>
    public async Task StopAsync()
    {
        if (_ownerLock is null)
        {
            return;
        }

        var (code, output) = await ProcessRunner.RunAsync(
            Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "stop"], _runAs, CancellationToken.None);
        if (code != 0 && File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            _logger.LogWarning("pg_ctl stop failed: {Output}", output.Trim());
        }
        else
        {
            _logger.LogInformation("Stopped the managed PostgreSQL in {DataDirectory}", DataDirectory);
        }

        ReleaseOwnership();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>Takes the exclusive lock that makes this process the one managing the data folder.</summary>
    private void TakeOwnership()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(LockFile))!);
        try
        {
            // FileShare.None takes an exclusive flock on Unix: held until disposed or until this process dies.
            _ownerLock = new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException(
                $"The managed PostgreSQL in '{DataDirectory}' is in use by another running Balsam silo. Stop that silo first, " +
                "or give this one its own Balsam home (BALSAM_HOME) or data folder (option postgres-data), " +
                "or share one server through option connection-string.", e);
        }
    }

    private void ReleaseOwnership()
    {
        _ownerLock?.Dispose();
        _ownerLock = null;
    }

    private async Task InitializeIfNewAsync(IReadOnlyDictionary<string, string>? serverSettings, CancellationToken ct)
    {
        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            return;
        }

        if (Directory.Exists(DataDirectory) && Directory.EnumerateFileSystemEntries(DataDirectory).Any())
        {
            throw new InvalidOperationException(
                $"'{DataDirectory}' is not empty and is not a PostgreSQL data folder; choose another folder (option postgres-data).");
        }

        _logger.LogInformation("Creating a managed PostgreSQL data folder in {DataDirectory}", DataDirectory);
        Directory.CreateDirectory(DataDirectory);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        await File.WriteAllTextAsync(PasswordFile, password, ct);
        RestrictToOwner(PasswordFile);

        var initPasswordFile = Path.Combine(Path.GetTempPath(), $"balsam-pg-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(initPasswordFile, password, ct);
        RestrictToOwner(initPasswordFile);
        try
        {
            if (_runAs is not null)
            {
                await GrantAccessAsync(initPasswordFile, ct);
            }

            await ProcessRunner.RunCheckedAsync(Path.Combine(_bin, "initdb"),
            [
                "-D", DataDirectory, "-U", _options.UserName, "--pwfile", initPasswordFile,
                "--auth", "scram-sha-256", "--encoding", "UTF8", "--locale", "C",
            ], _runAs, ct);
        }
        finally
        {
            File.Delete(initPasswordFile);
        }

        var settings = new Dictionary<string, string>
        {
            ["listen_addresses"] = "'127.0.0.1'",
            ["unix_socket_directories"] = "''",
            ["max_connections"] = "200",
        };
        foreach (var (key, value) in serverSettings ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var lines = settings.Select(pair => $"{pair.Key} = {pair.Value}");
        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"),
            Environment.NewLine + "# managed by Balsam" + Environment.NewLine + string.Join(Environment.NewLine, lines) + Environment.NewLine, ct);
    }

    /// <summary>Lets the run-as user own the data folder and pass through its parent folders.</summary>
    private async Task GrantAccessAsync(string initPasswordFile, CancellationToken ct)
    {
        await ProcessRunner.RunCheckedAsync("chown", ["-R", _runAs!, DataDirectory, initPasswordFile], null, ct);
        var (canEnter, _) = await ProcessRunner.RunAsync("test", ["-x", DataDirectory], _runAs, ct);
        if (canEnter == 0 || OperatingSystem.IsWindows())
        {
            return;
        }

        for (var folder = Path.GetDirectoryName(DataDirectory); !string.IsNullOrEmpty(folder); folder = Path.GetDirectoryName(folder))
        {
            var mode = File.GetUnixFileMode(folder);
            if (!mode.HasFlag(UnixFileMode.OtherExecute))
            {
                _logger.LogWarning("Adding o+x (enter, not list) to {Folder} so PostgreSQL, running as {User}, can reach its data folder",
                    folder, _runAs);
                File.SetUnixFileMode(folder, mode | UnixFileMode.OtherExecute);
            }
        }
    }

    private static void RestrictToOwner(string file)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private async Task StartOrAdoptAsync(CancellationToken ct)
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        var (status, _) = await ProcessRunner.RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "status"], _runAs, ct);
        if (status == 0 && File.Exists(pidFile))
        {
            Port = int.Parse(File.ReadAllLines(pidFile)[3].Trim());
            _logger.LogInformation("Adopted the managed PostgreSQL already running on port {Port}", Port);
            return;
        }

        Port = _options.Port != 0 ? _options.Port : FreePort.Next();
        await ProcessRunner.RunCheckedAsync(Path.Combine(_bin, "pg_ctl"),
            ["-D", DataDirectory, "-l", LogFile, "-o", $"-p {Port}", "-w", "-t", "60", "start"], _runAs, ct);
        _logger.LogInformation("Started the managed PostgreSQL on 127.0.0.1:{Port} (data {DataDirectory})", Port, DataDirectory);
    }
}
