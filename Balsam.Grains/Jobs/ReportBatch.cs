namespace Balsam.Jobs;

/// <summary>
/// Tells the job store how many job writes one report batch is about to make, so that it commits them together: the job
/// service sets it on the calls it makes to job grains for one batch, the job store reads it where a grain writes.
/// </summary>
public static class ReportBatch
{
    /// <summary>The <c>RequestContext</c> key of the batch's size.</summary>
    public const string SizeKey = "balsam.report-batch";

    /// <summary>Marks the grain calls that follow in this flow as one batch of <paramref name="size"/> writes.</summary>
    public static void Begin(int size)
    {
        if (size > 1)
        {
            RequestContext.Set(SizeKey, size);
        }
    }

    /// <summary>Ends the mark, so that later calls of the flow are not taken for the batch's.</summary>
    public static void End() => RequestContext.Remove(SizeKey);

    /// <summary>The size of the batch the current grain call belongs to (1 when none).</summary>
    public static int CurrentSize => RequestContext.Get(SizeKey) is int size and > 1 ? size : 1;
}
