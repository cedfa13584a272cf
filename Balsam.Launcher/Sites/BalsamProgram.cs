namespace Balsam.Launcher.Sites;

/// <summary>The command that starts this <c>balsam</c> program again (for the site agent, batch jobs and app runs).</summary>
public static class BalsamProgram
{
    /// <summary>
    /// The running apphost (<c>/opt/balsam/balsam</c>) when started through it; otherwise the dotnet host with this
    /// assembly (<c>/usr/bin/dotnet /opt/balsam/balsam.dll</c>). Absolute where it can be, because batch jobs start on
    /// compute nodes whose PATH may differ.
    /// </summary>
    public static IReadOnlyList<string> Command
    {
        get
        {
            var self = Environment.ProcessPath;
            var assembly = typeof(BalsamProgram).Assembly.Location;
            if (self is not null && Path.GetFileNameWithoutExtension(self) == Path.GetFileNameWithoutExtension(assembly))
            {
                return [self];
            }

            return [self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : DotnetHost(), assembly];
        }
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "dotnet")).FirstOrDefault(File.Exists) ?? "dotnet";
}
