using Balsam.Jobs;
using Balsam.States;
using Balsam.Validation;

namespace Balsam.Silo.Dashboard.Jobs;

/// <summary>
/// The job browser's filter as the page sends it (<c>?state=RUN_DONE&amp;tag=exp=a&amp;app=Echo&amp;page=2&amp;pageSize=25</c>),
/// checked: a bad value is a <see cref="Errors.BalsamValidationException"/> naming the field and the rule.
/// </summary>
public sealed record JobBrowserFilter(JobState? State, KeyValuePair<string, string>? Tag, string? App, int Page, int PageSize)
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 500;

    public static JobBrowserFilter Parse(string? state, string? tag, string? app, int? page, int? pageSize)
    {
        var errors = new ValidationCollector("job browser filter");
        JobState? parsedState = null;
        if (!string.IsNullOrWhiteSpace(state))
        {
            errors.Require(JobStateNames.TryParse(state.Trim(), out var s), "state", $"'{state}' is not a job state");
            parsedState = s;
        }

        KeyValuePair<string, string>? parsedTag = null;
        if (!string.IsNullOrWhiteSpace(tag))
        {
            var equals = tag.IndexOf('=');
            errors.Require(equals > 0, "tag", $"'{tag}' must be KEY=VALUE");
            if (equals > 0)
            {
                parsedTag = new(tag[..equals].Trim(), tag[(equals + 1)..].Trim());
            }
        }

        errors.Require(page is null or >= 1, "page", "must be 1 or more");
        errors.Require(pageSize is null or (>= 1 and <= MaxPageSize), "pageSize", $"must be 1 to {MaxPageSize}");
        errors.ThrowIfAny();
        return new JobBrowserFilter(parsedState, parsedTag, string.IsNullOrWhiteSpace(app) ? null : app.Trim(), page ?? 1, pageSize ?? DefaultPageSize);
    }

    /// <summary>The matching jobs of the site, newest first, without paging.</summary>
    public JobQuery ToQuery(long siteId) => new()
    {
        SiteIds = [siteId],
        States = State is { } s ? [s] : null,
        Tags = Tag is { } t ? new() { [t.Key] = t.Value } : null,
        AppNames = App is { } a ? [a] : null,
        OrderBy = JobOrderField.Id,
        Descending = true,
    };
}
