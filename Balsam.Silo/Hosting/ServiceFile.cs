using System.Text.Json;
using Balsam.Configuration;

namespace Balsam.Silo.Hosting;

/// <summary>The <c>service.json</c> a running silo leaves in the Balsam home so that clients on the machine find it.</summary>
public static class ServiceFile
{
    public static void Write(BalsamSiloOptions options)
    {
        Directory.CreateDirectory(BalsamHome.Path);
        var content = new
        {
            gateway = $"{options.Address}:{options.GatewayPort}",
            clusterId = options.ClusterId,
            serviceId = options.ServiceId,
            dashboard = options.DashboardPort > 0 ? $"http://127.0.0.1:{options.DashboardPort}/dashboard" : null,
            pid = Environment.ProcessId,
        };
        File.WriteAllText(BalsamHome.ServiceFile, JsonSerializer.Serialize(content, new JsonSerializerOptions { WriteIndented = true }));
    }

    public static void Remove()
    {
        if (File.Exists(BalsamHome.ServiceFile) && File.ReadAllText(BalsamHome.ServiceFile).Contains($"\"pid\": {Environment.ProcessId}"))
        {
            File.Delete(BalsamHome.ServiceFile);
        }
    }
}
