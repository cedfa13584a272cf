using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Balsam.Silo.Dashboard;

/// <summary>Balsam's own pages beside the Orleans dashboard: <c>/status</c> (HTML), <c>/api/jobs/summary</c> and <c>/api/batch-jobs</c> (JSON).</summary>
public static class StatusEndpoints
{
    private static readonly Lazy<string> Page = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Balsam.Silo.Dashboard.status.html")!;
        return new StreamReader(stream).ReadToEnd();
    });

    public static IEndpointRouteBuilder MapBalsamStatus(this IEndpointRouteBuilder app)
    {
        app.MapGet("/status", () => Results.Content(Page.Value, "text/html; charset=utf-8"));
        app.MapGet("/api/jobs/summary", async (JobSummary summary, CancellationToken ct) => Results.Json(await summary.TakeAsync(ct)));
        app.MapGet("/api/batch-jobs", async (BatchJobBoard board, CancellationToken ct) => Results.Json(await board.TakeAsync(ct)));
        return app;
    }
}
