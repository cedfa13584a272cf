namespace Balsam.Configuration;

/// <summary>The user's Balsam folder: <c>$BALSAM_HOME</c>, else <c>~/.balsam</c>. Holds the managed database and the service address.</summary>
public static class BalsamHome
{
    public const string EnvironmentVariable = "BALSAM_HOME";

    public static string Path
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
            return string.IsNullOrWhiteSpace(configured)
                ? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".balsam")
                : System.IO.Path.GetFullPath(configured);
        }
    }

    /// <summary>Where a running silo writes its gateway address for clients on the same machine.</summary>
    public static string ServiceFile => System.IO.Path.Combine(Path, "service.json");
}
