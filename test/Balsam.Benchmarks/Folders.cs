namespace Balsam.Benchmarks;

/// <summary>Removing the benchmark's folders without ever failing the run over them.</summary>
public static class Folders
{
    /// <summary>
    /// Deletes a folder tree. Processes started here (local batch jobs, job shells) may still be writing into it: retry
    /// for a few seconds, then leave it and say so. Cleanup never ends the benchmark with an exception.
    /// </summary>
    public static async Task DeleteAsync(string folder)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }

                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (attempt >= 20)
                {
                    Console.Error.WriteLine($"  (left {folder}: {e.Message})");
                    return;
                }

                await Task.Delay(250);
            }
        }
    }
}
