using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Balsam.Tests.Integration.Transfers;

/// <summary>
/// A real OpenSSH <c>sshd</c> of the test's own on a free 127.0.0.1 port, with a generated host key and a client key
/// authorized for the current user, and an ssh client config (<see cref="ClientConfig"/>) that uses that key and checks
/// the host key against a known_hosts file of its own. Needs nothing but <c>/usr/sbin/sshd</c> (openssh-server,
/// installed by <c>deploy/install-prerequisites.sh --for-tests</c>): no root, no system sshd, nothing in <c>~/.ssh</c>.
/// </summary>
public sealed class LoopbackSshd : IAsyncDisposable
{
    private const string Sshd = "/usr/sbin/sshd";
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _log;

    private LoopbackSshd(string folder, int port, Process process, StringBuilder log)
    {
        Folder = folder;
        Port = port;
        _process = process;
        _log = log;
    }

    /// <summary>The user the client key logs in as.</summary>
    public static string User => Environment.UserName;

    public string Folder { get; }

    public int Port { get; }

    /// <summary>An ssh client config (<c>ssh -F</c>) for 127.0.0.1: the client key, strict host key checking.</summary>
    public string ClientConfig => Path.Combine(Folder, "ssh_config");

    /// <summary>What sshd has logged so far (one line per accepted or refused login).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<LoopbackSshd> StartAsync()
    {
        if (!File.Exists(Sshd))
        {
            throw new AssertFailedException($"{Sshd} is missing: install openssh-server (deploy/install-prerequisites.sh --for-tests)");
        }

        var folder = Directory.CreateTempSubdirectory("balsam-sshd-").FullName;
        await RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "balsam-test-host", "-f", Path.Combine(folder, "hostkey"));
        await RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "balsam-test-client", "-f", Path.Combine(folder, "clientkey"));
        File.Copy(Path.Combine(folder, "clientkey.pub"), Path.Combine(folder, "authorized_keys"));
        if (Environment.IsPrivilegedProcess)
        {
            // sshd run as root insists on its privilege separation folder, which only a running system sshd would have made.
            Directory.CreateDirectory("/run/sshd");
        }

        // A free port can be taken by someone else before sshd binds it: then sshd ends at once, and another port is tried.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var (process, log) = StartSshd(folder, port);
            var sshd = new LoopbackSshd(folder, port, process, log);
            if (await sshd.WaitUntilLoginWorksAsync())
            {
                return sshd;
            }

            var why = sshd.Log;
            await sshd.StopAsync();
            if (attempt == 3)
            {
                Directory.Delete(folder, recursive: true);
                throw new AssertFailedException($"sshd on 127.0.0.1 did not accept the test's key within {StartLimit.TotalSeconds} s:\n{why}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(Folder, recursive: true);
    }

    private static (Process Process, StringBuilder Log) StartSshd(string folder, int port)
    {
        File.WriteAllText(Path.Combine(folder, "sshd_config"), $"""
            Port {port}
            ListenAddress 127.0.0.1
            HostKey {folder}/hostkey
            PidFile {folder}/sshd.pid
            AuthorizedKeysFile {folder}/authorized_keys
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            StrictModes no
            UsePAM no

            """);
        var hostKey = File.ReadAllText(Path.Combine(folder, "hostkey.pub")).Trim();
        File.WriteAllText(Path.Combine(folder, "known_hosts"), $"[127.0.0.1]:{port} {hostKey}\n");
        File.WriteAllText(Path.Combine(folder, "ssh_config"), $"""
            Host 127.0.0.1
              IdentityFile {folder}/clientkey
              IdentitiesOnly yes
              StrictHostKeyChecking yes
              UserKnownHostsFile {folder}/known_hosts
              LogLevel ERROR

            """);

        var info = new ProcessStartInfo(Sshd) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-D", "-e", "-f", Path.Combine(folder, "sshd_config") })
        {
            info.ArgumentList.Add(argument);
        }

        var log = new StringBuilder();
        var process = Process.Start(info) ?? throw new AssertFailedException("could not start sshd");
        DataReceivedEventHandler append = (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (log)
                {
                    log.AppendLine(line);
                }
            }
        };
        process.ErrorDataReceived += append;
        process.OutputDataReceived += append;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return (process, log);
    }

    /// <summary>Polls a real login with the client config until it works, sshd ends, or the time limit passes.</summary>
    private async Task<bool> WaitUntilLoginWorksAsync()
    {
        var deadline = DateTime.UtcNow + StartLimit;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            var (code, _) = await TryRunAsync("ssh", "-F", ClientConfig, "-o", "BatchMode=yes", "-p", $"{Port}", $"{User}@127.0.0.1", "true");
            if (code == 0)
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }

    private async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var (code, errors) = await TryRunAsync(program, arguments);
        Assert.AreEqual(0, code, $"{program} {string.Join(' ', arguments)}: {errors}");
    }

    private static async Task<(int ExitCode, string Errors)> TryRunAsync(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new AssertFailedException($"could not start {program}");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        await output;
        return (process.ExitCode, await errors);
    }
}
