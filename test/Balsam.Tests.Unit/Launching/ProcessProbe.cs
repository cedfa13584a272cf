namespace Balsam.Tests.Unit.Launching;

/// <summary>What the launching tests look at from outside a process: whether it runs, and the files it writes.</summary>
internal static class ProcessProbe
{
    /// <summary>Whether the process runs (a zombie, or one that vanishes while its stat is read, does not).</summary>
    public static bool Alive(int pid)
    {
        try
        {
            return !File.ReadAllText($"/proc/{pid}/stat").Contains(" Z ", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The file's text once a process has written it (empty after 10 s without).</summary>
    public static async Task<string> ContentAsync(string file)
    {
        for (var i = 0; i < 400 && !(File.Exists(file) && File.ReadAllText(file).Trim().Length > 0); i++)
        {
            await Task.Delay(25);
        }

        return File.Exists(file) ? File.ReadAllText(file).Trim() : "";
    }
}
