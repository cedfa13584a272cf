namespace Balsam.Http;

/// <summary>
/// The silo's read-only query routes over HTTP, beside Balsam's REST API: the same grains, the same bearer token and
/// the same records as the Orleans clients, as JSON. A short command (<c>balsam job ls</c>) answers through them in
/// about a tenth of a second, where starting an Orleans client alone costs most of a second of CPU.
/// </summary>
public static class QueryApi
{
    /// <summary>The routes' common prefix.</summary>
    public const string Prefix = "/query";

    /// <summary><c>GET</c>: the caller's sites, in id order, as <see cref="Sites.SiteInfo"/> records.</summary>
    public const string SitesPath = Prefix + "/sites";

    /// <summary><c>GET</c> with <c>site_id</c> (repeated): the apps of those sites of the caller, as <see cref="Apps.AppInfo"/> records.</summary>
    public const string AppsPath = Prefix + "/apps";

    /// <summary><c>POST</c> a <see cref="Jobs.JobQuery"/>: a <see cref="JobPage"/> of the caller's jobs.</summary>
    public const string JobsPath = Prefix + "/jobs";

    /// <summary>How both sides write and read the records (<see cref="QueryJsonContext"/>).</summary>
    public static QueryJsonContext Json => QueryJsonContext.Default;
}
