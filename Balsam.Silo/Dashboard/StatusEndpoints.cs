using Balsam.Errors;
using Balsam.Silo.Dashboard.Jobs;
using Balsam.Silo.Dashboard.Live;
using Balsam.Silo.Dashboard.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Balsam.Silo.Dashboard;

/// <summary>
/// Balsam's own pages beside the Orleans dashboard, on the dashboard's loopback port only: <c>/status</c> (sites, pushed
/// live over <c>/api/status/stream</c>), <c>/status/jobs?site=ID</c> (the job browser) and <c>/status/job?id=ID</c> (one
/// job), with their JSON under <c>/api</c>. They read through the silo's own client: the operator's view of every user.
/// </summary>
public static class StatusEndpoints
{
    public static IEndpointRouteBuilder MapBalsamStatus(this IEndpointRouteBuilder app)
    {
        app.MapGet("/status", () => StatusPages.Serve("status.html"));
        app.MapGet("/status/jobs", () => StatusPages.Serve("jobs.html"));
        app.MapGet("/status/job", () => StatusPages.Serve("job.html"));
        app.MapGet("/status/assets/{name}", (string name) => StatusPages.Serve(name));
        app.MapGet("/api/status/stream", StatusStream.Open);
        app.MapGet("/api/status", async (StatusOverviewBuilder overview, CancellationToken ct) => Results.Json(await overview.TakeAsync(ct)));
        app.MapGet("/api/jobs/summary", async (JobSummary summary, CancellationToken ct) => Results.Json(await summary.TakeAsync(ct)));
        app.MapGet("/api/batch-jobs", async (BatchJobBoard board, CancellationToken ct) => Results.Json(await board.TakeAsync(ct)));
        app.MapGet("/api/sites/{siteId:long}/jobs", async (long siteId, string? state, string? tag, string? app, int? page, int? pageSize, JobBrowser browser) =>
        {
            try
            {
                var filter = JobBrowserFilter.Parse(state, tag, app, page, pageSize);
                return await browser.TakeAsync(siteId, filter) is { } found ? Results.Json(found) : Results.NotFound(new { message = $"There is no site {siteId}" });
            }
            catch (BalsamValidationException e)
            {
                return Results.BadRequest(new { message = e.Message });
            }
        });
        app.MapGet("/api/jobs/{jobId:long}", async (long jobId, JobDetail detail) =>
            await detail.TakeAsync(jobId) is { } found ? Results.Json(found) : Results.NotFound(new { message = $"There is no job {jobId}" }));
        return app;
    }
}
