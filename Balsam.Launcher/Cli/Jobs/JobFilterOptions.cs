using System.CommandLine;
using Balsam.Client;
using Balsam.Jobs;
using Balsam.Launcher.Sites;
using Balsam.Sites;
using Balsam.States;

namespace Balsam.Launcher.Cli.Jobs;

/// <summary>The filters shared by <c>job ls</c>, <c>job modify</c> and <c>job rm</c>, turned into a <see cref="JobQuery"/>.</summary>
internal sealed class JobFilterOptions
{
    public Option<string?> Site { get; } = new("--site", "-s")
    {
        Description = SiteScope.Help("all your sites"),
    };

    public Option<long[]> Ids { get; } = new("--id", "-i") { Description = "Job ids", Arity = ArgumentArity.ZeroOrMore };

    public Option<string[]> States { get; } = new("--state") { Description = "States, e.g. RUNNING (repeatable)", Arity = ArgumentArity.ZeroOrMore };

    public Option<string[]> Tags { get; } = KeyValueOption.Create("--tag", "-t", "Tag filter key=value (all must match; repeatable)");

    public Option<string?> App { get; } = new("--app", "-a") { Description = "App name" };

    public Option<string?> Workdir { get; } = new("--workdir", "-w") { Description = "Workdir contains this text" };

    public Option<long?> Parent { get; } = new("--parent") { Description = "Children of this job id" };

    public Option<bool> Blocked { get; } = new("--blocked") { Description = "Only jobs waiting on a FAILED or deleted parent" };

    public IEnumerable<Option> All => [Site, Ids, States, Tags, App, Workdir, Parent, Blocked];

    public bool HasFilter(ParseResult parse) =>
        (parse.GetValue(Ids)?.Length ?? 0) > 0 || (parse.GetValue(States)?.Length ?? 0) > 0 || (parse.GetValue(Tags)?.Length ?? 0) > 0 ||
        parse.GetValue(App) is not null || parse.GetValue(Workdir) is not null || parse.GetValue(Parent) is not null || parse.GetValue(Blocked);

    /// <summary>The query, always limited to sites of the connected user.</summary>
    public Task<(JobQuery Query, IReadOnlyList<SiteInfo> Sites)> BuildAsync(ParseResult parse, BalsamClient client, CliContext context) =>
        BuildAsync(parse, new ServiceSiteDirectory(client), context);

    /// <inheritdoc cref="BuildAsync(ParseResult, BalsamClient, CliContext)"/>
    public async Task<(JobQuery Query, IReadOnlyList<SiteInfo> Sites)> BuildAsync(ParseResult parse, ISiteDirectory directory, CliContext context)
    {
        var sites = (await SiteScope.ResolveAllByDefaultAsync(directory, context, parse.GetValue(Site))).Sites;
        return (Query(parse, [.. sites.Select(s => s.Id)]), sites);
    }

    /// <summary>The query over these sites (null: all of the user's, as the service scopes every query to its caller).</summary>
    public JobQuery Query(ParseResult parse, List<long>? siteIds)
    {
        var ids = parse.GetValue(Ids);
        var states = parse.GetValue(States);
        var tags = KeyValueOption.Parse(parse.GetValue(Tags), "--tag");
        return Balsam.Client.Queries.JobFilter.Apply(new JobQuery { SiteIds = siteIds },
            ids: ids is { Length: > 0 } ? ids : null,
            states: states is { Length: > 0 } ? [.. states.Select(JobStateNames.Parse)] : null,
            tags: tags.Count > 0 ? tags : null,
            app: parse.GetValue(App) is { } app ? Balsam.Client.Apps.AppRef.Named(app) : null,
            workdirContains: parse.GetValue(Workdir),
            parentId: parse.GetValue(Parent),
            blockedByFailedParent: parse.GetValue(Blocked) ? true : null);
    }

    /// <summary>
    /// The scope <see cref="SiteScope"/> will find, when it can be told without the list of the user's sites: without
    /// <c>--site</c> (or with <c>--site all</c>) it is the site folder the command runs in, else every site. Null when
    /// the selector needs the list (names, ids, paths, <c>active</c>).
    /// </summary>
    public SiteScopeGuess? GuessScope(ParseResult parse, CliContext context) => parse.GetValue(Site)?.Trim() switch
    {
        null or "" => SiteMarker.FindEnclosing(context.WorkingDirectory) is { } found ? new SiteScopeGuess(found.Marker.Id) : new SiteScopeGuess(null),
        SiteSelector.All => new SiteScopeGuess(null),
        _ => null,
    };
}
