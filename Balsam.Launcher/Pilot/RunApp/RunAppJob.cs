using Balsam.Apps;
using Balsam.Jobs;

namespace Balsam.Launcher.Pilot.RunApp;

/// <summary>
/// What a <c>balsam run-app</c> rank needs to run a job: the job's parameters and where its app's code lives. The
/// launcher, which holds both already, leaves it in the job's workdir (<see cref="RunAppJobFile"/>) so that ranks need
/// not ask the service.
/// </summary>
public sealed record RunAppJob
{
    public required long JobId { get; init; }

    public required long SiteId { get; init; }

    public required string AppName { get; init; }

    /// <summary>The job's parameters as JSON literals, by name.</summary>
    public Dictionary<string, string> Parameters { get; init; } = [];

    /// <summary>The app's parameter specs (for defaults of parameters the job leaves out).</summary>
    public Dictionary<string, AppParameter> ParameterSpecs { get; init; } = [];

    /// <summary>The app's assembly image and class; null for an app without code at the service.</summary>
    public AssemblyImageRef? Assembly { get; init; }

    public static RunAppJob From(JobRecord job, AppInfo app) => new()
    {
        JobId = job.Id,
        SiteId = job.SiteId,
        AppName = app.Name,
        Parameters = job.Parameters,
        ParameterSpecs = app.Definition.Parameters,
        Assembly = app.Definition.Assembly,
    };

    /// <summary>The app as <see cref="AppTypeLoader"/> and <see cref="RunInvoker"/> read it.</summary>
    public AppInfo ToAppInfo() => new(0, SiteId, new AppDefinition
    {
        Name = AppName,
        RunParameters = [],
        Parameters = ParameterSpecs,
        Assembly = Assembly,
    }, default);
}
