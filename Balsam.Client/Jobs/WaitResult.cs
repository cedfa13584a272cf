namespace Balsam.Client.Jobs;

/// <summary>What <c>balsam.Jobs.WaitAsync</c> found: the jobs that are done (in the order they were seen done) and the rest.</summary>
/// <param name="Done">Jobs that are <c>JOB_FINISHED</c> or <c>FAILED</c>, refreshed.</param>
/// <param name="NotDone">Jobs still under way when the wait returned.</param>
public sealed record WaitResult(IReadOnlyList<Job> Done, IReadOnlyList<Job> NotDone);
