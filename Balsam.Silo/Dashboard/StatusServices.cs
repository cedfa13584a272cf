using Balsam.Silo.Dashboard.Jobs;
using Balsam.Silo.Dashboard.Live;
using Balsam.Silo.Dashboard.Sites;
using Microsoft.Extensions.DependencyInjection;

namespace Balsam.Silo.Dashboard;

/// <summary>Registers what the status pages read with, and the feed that pushes them.</summary>
public static class StatusServices
{
    public static IServiceCollection AddBalsamStatus(this IServiceCollection services)
    {
        services.AddSingleton<JobSummary>();
        services.AddSingleton<BatchJobBoard>();
        services.AddSingleton<SiteActivity>();
        services.AddSingleton<RecentFailures>();
        services.AddSingleton<TransfersInFlight>();
        services.AddSingleton<StatusOverviewBuilder>();
        services.AddSingleton<JobBrowser>();
        services.AddSingleton<JobDetail>();
        services.AddSingleton<ChangeStamp>();
        services.AddSingleton<StatusFeed>();
        services.AddHostedService(provider => provider.GetRequiredService<StatusFeed>());
        return services;
    }
}
