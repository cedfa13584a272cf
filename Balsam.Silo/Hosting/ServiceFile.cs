using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Balsam.Configuration;

namespace Balsam.Silo.Hosting;

/// <summary>
/// The <c>service.json</c> running silos leave in the Balsam home so that clients on the machine find them. Each silo
/// adds its own entry to <c>silos</c> when it is ready and removes it when it stops, under an exclusive lock
/// (<c>service.json.lock</c>), dropping entries of silos that died; <c>gateway</c> and <c>pid</c> name the first silo
/// still listed, as a one-silo service file always did. The last silo to stop removes the file. A silo whose gateway
/// requires TLS adds <c>tls</c>: <c>{"ca": "/path/ca.pem"}</c> (the CA clients trust; null: the system store). Each
/// entry's <c>http</c> (and the top-level one, of the first silo) is the base address of its HTTP port.
/// </summary>
public static class ServiceFile
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Adds this silo's gateway to the service file (creating it), replacing an older entry of the same gateway.</summary>
    /// <param name="options">The silo's options: address, ports and ids.</param>
    /// <param name="httpPort">The port the HTTP server listens on (the free one it was given for <c>--http-port 0</c>); null for none.</param>
    public static void Write(BalsamSiloOptions options, int? httpPort)
    {
        Directory.CreateDirectory(BalsamHome.Path);
        var gateway = $"{options.Address}:{options.GatewayPort}";
        Update(silos =>
        {
            silos.RemoveAll(s => s.Gateway == gateway || s.Pid == Environment.ProcessId);
            var host = LocalHttpHost(options.HttpAddress);
            silos.Add(new Entry(gateway, Environment.ProcessId,
                options.HttpPort > 0 ? $"http://{host}:{options.HttpPort}/dashboard" : null,
                httpPort is { } port ? $"http://{host}:{port}/" : null));
        }, new Ids(options.ClusterId, options.ServiceId, options.TlsCertificate is null ? null : new TlsEntry(
            options.TlsCa is null ? null : Path.GetFullPath(options.TlsCa), null)));
    }

    /// <summary>Where a client on this machine reaches the HTTP port: loopback when the silo listens on every address.</summary>
    private static string LocalHttpHost(string address) => address switch
    {
        "0.0.0.0" => "127.0.0.1",
        "::" => "[::1]",
        _ when address.Contains(':') => $"[{address}]",
        _ => address,
    };

    /// <summary>Removes this silo's entry; removes the file when no running silo is left in it.</summary>
    public static void Remove() => Update(silos => silos.RemoveAll(s => s.Pid == Environment.ProcessId), null);

    /// <param name="change">Changes the list of silos.</param>
    /// <param name="ids">The writing silo's ids and TLS; null keeps those of the file.</param>
    private static void Update(Action<List<Entry>> change, Ids? ids)
    {
        var path = BalsamHome.ServiceFile;
        if (ids is null && !File.Exists(path))
        {
            return;
        }

        using var fileLock = Lock(path + ".lock");
        var existing = Read(path);
        var silos = existing?.Silos ?? [];
        silos.RemoveAll(s => s.Pid != Environment.ProcessId && !IsRunning(s.Pid));
        change(silos);
        if (silos.Count == 0)
        {
            File.Delete(path);
            return;
        }

        var first = silos[0];
        var content = new JsonObject
        {
            ["gateway"] = first.Gateway,
            ["gateways"] = new JsonArray([.. silos.Select(s => JsonValue.Create(s.Gateway))]),
            ["clusterId"] = ids?.ClusterId ?? existing?.ClusterId,
            ["serviceId"] = ids?.ServiceId ?? existing?.ServiceId,
            ["dashboard"] = first.Dashboard,
            ["http"] = first.Http,
            ["pid"] = first.Pid,
            ["silos"] = JsonSerializer.SerializeToNode(silos, SerializerOptions),
        };
        if ((ids is null ? existing?.Tls : ids.Tls) is { } tls)
        {
            content["tls"] = JsonSerializer.SerializeToNode(tls, SerializerOptions);
        }

        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, content.ToJsonString(Indented));
        File.Move(temporary, path, overwrite: true); // clients never read half a file
    }

    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static Content? Read(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            var content = JsonSerializer.Deserialize<Content>(File.ReadAllText(path), SerializerOptions);
            if (content is { Silos: null or { Count: 0 }, Gateway: { } gateway, Pid: { } pid })
            {
                return content with { Silos = [new Entry(gateway, pid, content.Dashboard, null)] }; // written by a one-silo build
            }

            return content;
        }
        catch (JsonException)
        {
            return null; // a damaged file is rewritten
        }
    }

    /// <summary>Waits for the exclusive lock (an flock on Unix, released by the system if the holder dies).</summary>
    private static FileStream Lock(string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private sealed record Content(string? Gateway, string? ClusterId, string? ServiceId, string? Dashboard, int? Pid, List<Entry>? Silos, TlsEntry? Tls);

    private sealed record Ids(string ClusterId, string ServiceId, TlsEntry? Tls);

    /// <summary>How clients reach the gateway over TLS: the CA file they trust (null: the system store) and the host name to check.</summary>
    private sealed record TlsEntry(string? Ca, string? Host);

    /// <summary>One silo: its gateway, process, dashboard page and the base address of its HTTP port (REST API, query routes).</summary>
    private sealed record Entry(string Gateway, int Pid, string? Dashboard, string? Http);
}
