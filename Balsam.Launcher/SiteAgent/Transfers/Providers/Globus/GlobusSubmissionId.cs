namespace Balsam.Launcher.SiteAgent.Transfers.Providers.Globus;

/// <summary>The answer to <c>GET /submission_id</c>: an id that makes one <c>POST /transfer</c> safe to send twice.</summary>
public sealed record GlobusSubmissionId(string Value);
