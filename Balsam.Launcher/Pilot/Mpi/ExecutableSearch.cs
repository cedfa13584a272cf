namespace Balsam.Launcher.Pilot.Mpi;

/// <summary>Finds programs the way a shell does, through <c>PATH</c>.</summary>
public static class ExecutableSearch
{
    /// <summary>The full path of <paramref name="name"/> found on <c>PATH</c>, or null. A name with a <c>/</c> is only checked.</summary>
    public static string? Find(string name, string? path = null)
    {
        if (name.Contains('/'))
        {
            return File.Exists(name) ? Path.GetFullPath(name) : null;
        }

        path ??= Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// The path of the file a shell would execute for <paramref name="name"/> run in <paramref name="workingDirectory"/>,
    /// or null when a shell would not find it: a name with <c>/</c> is taken from the working directory, any other is
    /// looked up on <paramref name="path"/> (default: this process's <c>PATH</c>), whose empty and relative folders
    /// start from the working directory. Only a file this process may execute counts. Paths are joined, not normalised:
    /// the kernel resolves <c>..</c> through symbolic links, as it does for the shell.
    /// </summary>
    public static string? FindExecutable(string name, string workingDirectory, string? path = null)
    {
        if (name.Contains('/'))
        {
            var file = Path.IsPathRooted(name) ? name : Path.Join(workingDirectory, name);
            return IsExecutableFile(file) ? file : null;
        }

        path ??= Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(':')
            .Select(folder => folder.Length == 0 ? workingDirectory : Path.IsPathRooted(folder) ? folder : Path.Join(workingDirectory, folder))
            .Select(folder => Path.Join(folder, name))
            .FirstOrDefault(IsExecutableFile);
    }

    private static bool IsExecutableFile(string file) => File.Exists(file) && Spawn.LibC.Access(file, Spawn.LibC.Executable) == 0;

    /// <summary>The first of <paramref name="names"/> found on <c>PATH</c> (full path), else the last name as given.</summary>
    public static string FirstFound(params string[] names) =>
        names.Select(n => Find(n)).FirstOrDefault(found => found is not null) ?? names[^1];

    /// <summary>
    /// <paramref name="program"/> as an absolute path: as given when rooted, resolved against
    /// <paramref name="workingDirectory"/> when it holds a <c>/</c>, else looked up on <c>PATH</c> (unchanged when not found).
    /// </summary>
    public static string Absolute(string program, string workingDirectory)
    {
        if (Path.IsPathRooted(program))
        {
            return program;
        }

        return program.Contains('/') ? Path.GetFullPath(Path.Combine(workingDirectory, program)) : Find(program) ?? program;
    }
}
