namespace Balsam.Launcher.Sites;

/// <summary>The command that starts this <c>balsam</c> program again (for the site agent, batch jobs and app runs).</summary>
public static class BalsamProgram
{
    /// <summary><c>[dotnet, /path/to/Balsam.Launcher.dll]</c>, using the running dotnet host when there is one.</summary>
    public static IReadOnlyList<string> Command
    {
        get
        {
            var host = Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
            return [host, typeof(BalsamProgram).Assembly.Location];
        }
    }
}
