namespace Balsam.Launcher.SiteAgent.Transfers.Providers.Globus;

/// <summary>Why a task ended FAILED, as <c>GET /task/{task_id}</c> reports it.</summary>
public sealed record GlobusFatalError(string? Code, string? Description);
