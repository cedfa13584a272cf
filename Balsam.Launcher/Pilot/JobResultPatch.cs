using System.Text.Json.Nodes;
using Balsam.Jobs;
using Balsam.States;
using Balsam.Validation;

namespace Balsam.Launcher.Pilot;

/// <summary>
/// What the launcher reports for a job whose process ended: RUN_TIMEOUT when the launcher stopped it, RUN_DONE on exit
/// code 0 (with the value a <c>Run</c> app's rank 0 left in its result file), RUN_ERROR otherwise (with the exit code,
/// the exception from the result file, and the end of the job's output).
/// </summary>
internal static class JobResultPatch
{
    /// <param name="stopped">The launcher stopped the job (wall time, SIGTERM).</param>
    /// <param name="exitCode">The process's exit code.</param>
    /// <param name="returnValue">The result file's value (JSON text), if any.</param>
    /// <param name="exception">The result file's exception (JSON text), if any.</param>
    /// <param name="errorTail">The last lines of the job's output, read only for RUN_ERROR.</param>
    public static JobPatch For(bool stopped, int exitCode, string? returnValue, string? exception, Func<string> errorTail)
    {
        if (stopped)
        {
            return JobPatch.ToState(JobState.RunTimeout,
                new JsonObject { ["message"] = "The launcher stopped the job (its wall time ended, or it was told to stop)" }.ToJsonString());
        }

        if (exitCode == 0 && returnValue is { Length: > Limits.SerializedPayloadMaxChars })
        {
            // Storing it is impossible and running the job again would not shrink it: the job fails, saying why.
            return new JobPatch
            {
                State = JobState.Failed,
                ReturnCode = 0,
                StateData = new JsonObject
                {
                    ["message"] = $"The return value is {returnValue.Length} characters of JSON; the limit is {Limits.SerializedPayloadMaxChars}",
                }.ToJsonString(),
            };
        }

        if (exitCode == 0)
        {
            return new JobPatch { State = JobState.RunDone, ReturnCode = 0, ReturnValue = returnValue, Exception = returnValue is null ? null : "" };
        }

        return new JobPatch
        {
            State = JobState.RunError,
            ReturnCode = exitCode,
            Exception = exception is { Length: > Limits.SerializedPayloadMaxChars } ? Oversized(exception) : exception,
            StateData = new JsonObject { ["returncode"] = exitCode, ["error"] = Truncated(errorTail(), MaxErrorTailChars) }.ToJsonString(),
        };
    }

    /// <summary>The most characters of output kept with a RUN_ERROR (long lines are cut, with a marker saying so).</summary>
    public const int MaxErrorTailChars = 64 * 1024;

    /// <summary>The end of <paramref name="text"/>, at most <paramref name="limit"/> characters, marked when cut.</summary>
    public static string Truncated(string text, int limit)
    {
        if (text.Length <= limit)
        {
            return text;
        }

        var marker = $"[... {text.Length - limit} characters cut ...]\n";
        return marker + text[^(limit - marker.Length)..];
    }

    /// <summary>An exception too large to store, replaced by its start and a note of its size.</summary>
    private static string Oversized(string exception) => new JsonObject
    {
        ["type"] = "Balsam.OversizedException",
        ["message"] = $"The exception was {exception.Length} characters of JSON; the limit is {Limits.SerializedPayloadMaxChars}. Its start: " +
                      exception[..4096],
    }.ToJsonString();
}
