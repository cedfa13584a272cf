using System.Text.Json.Nodes;
using Balsam.Jobs;
using Balsam.States;

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
                new JsonObject { ["message"] = "The launcher stopped the job at the end of its wall time" }.ToJsonString());
        }

        if (exitCode == 0)
        {
            return new JobPatch { State = JobState.RunDone, ReturnCode = 0, ReturnValue = returnValue, Exception = returnValue is null ? null : "" };
        }

        return new JobPatch
        {
            State = JobState.RunError,
            ReturnCode = exitCode,
            Exception = exception,
            StateData = new JsonObject { ["returncode"] = exitCode, ["error"] = errorTail() }.ToJsonString(),
        };
    }
}
