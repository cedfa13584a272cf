using System.Diagnostics;
using Balsam.Client;

namespace Balsam.Launcher.SiteAgent;

/// <summary>The background agent of a site folder: started detached with its log in <c>log/agent.log</c> and its pid in <c>log/agent.pid</c>.</summary>
public static class AgentProcess
{
    public static string PidFile(string siteFolder) => Path.Combine(siteFolder, "log", "agent.pid");

    public static string LogFile(string siteFolder) => Path.Combine(siteFolder, "log", "agent.log");

    /// <summary>The pid of the site's running agent, or null (a stale pid file is removed).</summary>
    public static int? RunningPid(string siteFolder)
    {
        var file = PidFile(siteFolder);
        if (!File.Exists(file) || !int.TryParse(File.ReadAllText(file).Trim(), out var pid))
        {
            return null;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            if (!process.HasExited)
            {
                return pid;
            }
        }
        catch (ArgumentException)
        {
            // no such process
        }

        File.Delete(file);
        return null;
    }

    /// <summary>Starts <c>balsam site agent</c> for the site in its own session, so it outlives the shell that started it.</summary>
    public static int Start(string siteFolder, long siteId, BalsamClientOptions? options)
    {
        Directory.CreateDirectory(Path.Combine(siteFolder, "log"));
        var start = new ProcessStartInfo("setsid") { WorkingDirectory = siteFolder, UseShellExecute = false, RedirectStandardInput = true };
        foreach (var argument in (string[])["/bin/sh", "-c", "exec \"$@\" >>\"$BALSAM_AGENT_LOG\" 2>&1 </dev/null", "balsam-agent",
                     .. Sites.BalsamProgram.Command, "site", "agent", "--site", siteId.ToString()])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["BALSAM_AGENT_LOG"] = LogFile(siteFolder);
        if (options?.Gateway is { } gateway)
        {
            start.Environment[BalsamClientOptions.GatewayVariable] = gateway;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the site agent");
        process.StandardInput.Close();
        File.WriteAllText(PidFile(siteFolder), process.Id.ToString());
        return process.Id;
    }
}
