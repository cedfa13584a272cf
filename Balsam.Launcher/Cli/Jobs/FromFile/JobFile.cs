namespace Balsam.Launcher.Cli.Jobs.FromFile;

/// <summary>
/// Reads a jobs file for <c>balsam job create --from-file</c>: a YAML or JSON list of job entries, or a CSV file with
/// one job a row (see the README's "Many jobs from a file").
/// </summary>
internal static class JobFile
{
    public static IReadOnlyList<JobFileEntry> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliUserException($"--from-file {path}: no such file");
        }

        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".yaml" or ".yml" or ".json" => YamlJobFile.Read(path),
            ".csv" => CsvJobFile.Read(path),
            var other => throw new CliUserException(
                $"--from-file {path}: unknown kind '{other}'; give a .yaml, .yml, .json or .csv file"),
        };
    }
}
