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
