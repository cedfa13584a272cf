namespace Balsam.Tests.Unit.Launching;

/// <summary>A new empty folder for one test, deleted with everything in it when disposed.</summary>
internal sealed class TempWorkdir(string prefix) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
