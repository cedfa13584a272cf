namespace Balsam.Client.Jobs;

/// <summary>When <c>balsam.Jobs.WaitAsync</c> returns (the twin of <c>concurrent.futures</c>' <c>return_when</c>).</summary>
public enum ReturnWhen
{
    /// <summary>When every job is done, or the timeout passed.</summary>
    AllCompleted = 0,

    /// <summary>When at least one job is done, or the timeout passed.</summary>
    FirstCompleted = 1,
}
