using System.Text.Json;
using System.Text.Json.Serialization;

namespace Balsam.Launcher.Pilot;

/// <summary>
/// What a job's own shell (or, for a job started without one, the launcher) writes into its workdir when the job's process ends (DESIGN §7: "a process's exit is also
/// written to its workdir"): the exit code and the session that ran it. The launcher deletes it once the service has
/// the report; one still there when a launcher takes the job again means the report was lost, and the recorded exit
/// is reported instead of running the job a second time.
/// </summary>
internal sealed record ExitRecord(
    [property: JsonPropertyName("exit_code")] int ExitCode,
    [property: JsonPropertyName("session_id")] long? SessionId)
{
    public const string FileName = "balsam-exit.json";

    /// <summary>The shell line that writes the record (the job's exit code is in <c>$rc</c>, the session in the environment).</summary>
    public const string WriteLine = $$"""printf '{"exit_code": %d, "session_id": %s}\n' "$rc" "${BALSAM_SESSION_ID:-null}" > {{FileName}}""";

    public static string PathIn(string workdir) => Path.Combine(workdir, FileName);

    /// <summary>The record in <paramref name="workdir"/>, or null when there is none (or it cannot be read).</summary>
    public static ExitRecord? Read(string workdir)
    {
        var path = PathIn(workdir);
        if (!File.Exists(path))
        {
            return null; // the common case: checked before every start, so no exception for it
        }

        try
        {
            return JsonSerializer.Deserialize<ExitRecord>(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes the record for a run that did not end in a job shell (a warm executor's).</summary>
    public static void Write(string workdir, ExitRecord record)
    {
        var path = PathIn(workdir);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(record) + "\n");
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>
    /// Writes the record as a job's own exit is collected, the way the job shell's <see cref="WriteLine"/> does: one
    /// small write into the file, without the temporary file and rename (or the file lock .NET takes for a stream) that
    /// would cost metadata updates on every job. A workdir that cannot take it (gone, full) loses only the record, as a
    /// job shell's would, and the job's exit is reported all the same.
    /// </summary>
    public static void TryWrite(string workdir, ExitRecord record)
    {
        var session = record.SessionId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null";
        var text = System.Text.Encoding.UTF8.GetBytes($"{{\"exit_code\": {record.ExitCode}, \"session_id\": {session}}}\n");
        try
        {
            using var file = File.OpenHandle(PathIn(workdir), FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
            RandomAccess.Write(file, text, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    public static void Delete(string workdir)
    {
        try
        {
            File.Delete(PathIn(workdir));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
