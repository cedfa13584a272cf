namespace Balsam.Launcher.JobLauncher;

/// <summary>The two launcher modes of SPEC §5.</summary>
public enum LauncherMode
{
    Mpi,
    Serial,
}
