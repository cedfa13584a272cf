namespace Balsam.Apps;

/// <summary>Whether a transfer slot stages data into the workdir before the run or out of it after.</summary>
[GenerateSerializer, Alias("balsam.TransferDirection")]
public enum TransferDirection
{
    In = 0,
    Out = 1,
}
