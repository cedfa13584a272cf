namespace Balsam.Launcher.Pilot;

/// <summary>The two launcher modes of SPEC §5.</summary>
public enum LauncherMode
{
    Mpi,
    Serial,
}
