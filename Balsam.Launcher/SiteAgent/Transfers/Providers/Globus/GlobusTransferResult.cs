namespace Balsam.Launcher.SiteAgent.Transfers.Providers.Globus;

/// <summary>The answer to an accepted <c>POST /transfer</c> (<c>code: Accepted</c>): the new task's id.</summary>
public sealed record GlobusTransferResult(string? Code, string? TaskId, string? SubmissionId);
