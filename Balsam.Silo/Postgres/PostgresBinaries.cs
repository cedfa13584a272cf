namespace Balsam.Silo.Postgres;

/// <summary>Finds the PostgreSQL server programs: an explicit folder, <c>$PATH</c>, then Debian's and common install folders.</summary>
public static class PostgresBinaries
{
    public static string Locate(string? configured)
    {
        if (configured is not null)
        {
            return File.Exists(Path.Combine(configured, "pg_ctl"))
                ? configured
                : throw new FileNotFoundException($"pg_ctl was not found in '{configured}' (option postgres-bin)");
        }

        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))
                : [])
            .Concat(["/usr/local/pgsql/bin", "/opt/homebrew/bin", "/usr/local/bin"]);
        foreach (var folder in candidates)
        {
            if (File.Exists(Path.Combine(folder, "pg_ctl")) && File.Exists(Path.Combine(folder, "initdb")))
            {
                return folder;
            }
        }

        throw new FileNotFoundException(
            "PostgreSQL server programs (initdb, pg_ctl) were not found on PATH or under /usr/lib/postgresql. " +
            "Install them (Debian: apt-get install postgresql) or pass a connection string to an existing server.");
    }
}
