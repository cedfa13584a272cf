namespace Balsam.Launcher.SiteAgent.Transfers.Providers.Globus;

/// <summary>The body of a Transfer API error: <c>code</c> (e.g. <c>ClientError.NotFound</c>), <c>message</c>, <c>request_id</c>.</summary>
public sealed record GlobusErrorBody(string? Code, string? Message, string? RequestId);
