using System.ComponentModel;
using System.Reflection;
using Balsam.Apps;
using Balsam.Client.Jobs;
using Balsam.Client.Sites;
using Balsam.States;

namespace Balsam.Client.Apps;

/// <summary>
/// The base class of a Balsam app: a shell <see cref="CommandTemplate"/> or a public <c>Run</c> method (exactly one),
/// and the site it is registered at. Sync it with <c>balsam.Apps.SyncAsync&lt;T&gt;()</c>; jobs then run it at the site.
/// <code>
/// [Description("Adds two numbers.")]
/// public sealed class Adder : ApplicationDefinition
/// {
///     public override SiteRef Site => "polaris";
///     public int Run(int x, int y) => x + y;
/// }
///
/// public sealed class Hello : ApplicationDefinition
/// {
///     public override SiteRef Site => "polaris";
///     public override string? CommandTemplate => "echo Hello, {{ name }}!";
/// }
/// </code>
/// <c>Run</c> may take any parameters (bound by name from the job's JSON parameters; a <see cref="CancellationToken"/>
/// parameter is bound by the runner) and return anything, including <see cref="Task"/> and <see cref="ValueTask"/>.
/// Hooks run at the site in a fresh instance with <see cref="Job"/> set; one that is overridden must set the next state.
/// </summary>
public abstract class ApplicationDefinition
{
    private Job? _job;
    private RankInfo _rankInfo = RankInfo.Single;

    /// <summary>The site the app is registered at: a name, an id, or a site.</summary>
    public abstract SiteRef Site { get; }

    /// <summary>
    /// A Mustache command template (<c>echo {{ msg }}</c>); every value is shell-quoted at the site. Null (the default)
    /// for an app with a <c>Run</c> method.
    /// </summary>
    public virtual string? CommandTemplate => null;

    /// <summary>
    /// What the app does: unless overridden, the class's <see cref="DescriptionAttribute"/>, else the
    /// <c>&lt;summary&gt;</c> of its XML documentation (when the documentation file sits beside the assembly).
    /// </summary>
    public virtual string Description =>
        GetType().GetCustomAttribute<DescriptionAttribute>()?.Description.Trim() ?? XmlDocSummary.Of(GetType()) ?? "";

    /// <summary>
    /// The parameters spec. For a command app, template placeholders missing here are required; for a <c>Run</c> app
    /// the spec comes from the method's signature and entries here only add help (or defaults).
    /// </summary>
    public virtual Dictionary<string, ParameterSpec> Parameters => [];

    /// <summary>Transfer slots: where a job's inputs are staged in from and its outputs staged out to.</summary>
    public virtual Dictionary<string, TransferSlot> Transfers => [];

    /// <summary>Globs (relative to the workdir) of files the site deletes after the job finishes.</summary>
    public virtual IReadOnlyList<string> CleanupFiles => [];

    /// <summary>Environment variables set for every run, merged into the job template's.</summary>
    public virtual Dictionary<string, string> EnvironmentVariables => [];

    /// <summary>The executable that starts a <c>Run</c> app at the site; null (the default) uses the site's own runner.</summary>
    public virtual string? RunnerExecutable => null;

    /// <summary>
    /// The job a hook or <c>Run</c> works on. The site runtime (the agent's hooks, the launcher, <c>balsam run-app</c>)
    /// sets it on a fresh instance before it calls the app; apps read it and do not set it.
    /// </summary>
    /// <exception cref="InvalidOperationException">Read outside of a hook or run (no job is bound).</exception>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public Job Job
    {
        get => _job ?? throw new InvalidOperationException(
            $"{GetType().Name}.Job is only set while the site runs a hook or Run for a job");
        set => _job = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Which MPI rank this process is and how many the job has. <c>balsam run-app</c> sets it from the MPI launcher's
    /// environment (see <see cref="Apps.RankInfo"/>) before it calls <c>Run</c>; elsewhere it is rank 0 of 1.
    /// Every rank runs <c>Run</c>; only rank 0's return value (or exception) becomes the job's result:
    /// <code>
    /// public sealed class SumSquares : ApplicationDefinition
    /// {
    ///     public override SiteRef Site => "polaris";
    ///
    ///     public long Run(int n)
    ///     {
    ///         // Each rank takes every Size-th number from its Rank on and leaves its partial sum in a file.
    ///         long mine = 0;
    ///         for (var i = Rank; i &lt; n; i += Size) mine += (long)i * i;
    ///         File.WriteAllText($"part-{Rank}.tmp", mine.ToString());
    ///         File.Move($"part-{Rank}.tmp", $"part-{Rank}.txt", overwrite: true);   // whole files only
    ///         if (!IsRankZero) return 0;  // ignored: only rank 0 returns the result
    ///
    ///         // Rank 0 waits for the other parts and returns the total.
    ///         var parts = Enumerable.Range(0, Size).Select(r => $"part-{r}.txt").ToList();
    ///         while (!parts.All(File.Exists)) Thread.Sleep(100);
    ///         return parts.Sum(p => long.Parse(File.ReadAllText(p)));
    ///     }
    /// }
    /// </code>
    /// Submit it with <c>new JobResources { RanksPerNode = 4 }</c> (or more nodes) to run it on 4 ranks.
    /// </summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public RankInfo RankInfo
    {
        get => _rankInfo;
        set => _rankInfo = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>This process's MPI rank, from 0 (<see cref="RankInfo"/>); 0 outside MPI.</summary>
    public int Rank => RankInfo.Rank;

    /// <summary>How many MPI ranks the job has (<see cref="RankInfo"/>); 1 outside MPI, 0 if the MPI launcher did not say.</summary>
    public int Size => RankInfo.Size;

    /// <summary>Whether this is rank 0, whose <c>Run</c> return value becomes the job's result; true outside MPI.</summary>
    public bool IsRankZero => RankInfo.IsRankZero;

    /// <summary>Runs at the site when the job reaches <c>STAGED_IN</c>. Default: move it to <c>PREPROCESSED</c>.</summary>
    /// <param name="cancellationToken">Cancelled when the site stops.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    public virtual Task PreprocessAsync(CancellationToken cancellationToken) => MoveTo(JobState.Preprocessed);

    /// <summary>Runs at the site after a successful run (<c>RUN_DONE</c>). Default: move the job to <c>POSTPROCESSED</c>.</summary>
    /// <param name="cancellationToken">Cancelled when the site stops.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    public virtual Task PostprocessAsync(CancellationToken cancellationToken) => MoveTo(JobState.Postprocessed);

    /// <summary>Runs at the site when a run was stopped (<c>RUN_TIMEOUT</c>). Default: move the job to <c>RESTART_READY</c>.</summary>
    /// <param name="cancellationToken">Cancelled when the site stops.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    public virtual Task HandleTimeoutAsync(CancellationToken cancellationToken) => MoveTo(JobState.RestartReady);

    /// <summary>Runs at the site when a run exited non-zero (<c>RUN_ERROR</c>). Default: move the job to <c>FAILED</c>.</summary>
    /// <param name="cancellationToken">Cancelled when the site stops.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    public virtual Task HandleErrorAsync(CancellationToken cancellationToken) => MoveTo(JobState.Failed);

    /// <summary>Shell lines the launcher runs in the same shell just before the launch command. Default: none.</summary>
    /// <returns>The lines, e.g. <c>["module load cray-python", "export OMP_NUM_THREADS=4"]</c>.</returns>
    public virtual IReadOnlyList<string> ShellPreamble() => [];

    /// <summary>
    /// The metadata that <c>SyncAsync</c> registers for an app class, built by reflection (without the assembly reference).
    /// </summary>
    /// <typeparam name="TApp">The app class.</typeparam>
    /// <returns>The definition.</returns>
    /// <exception cref="Errors.BalsamValidationException">The class breaks a rule (e.g. both or neither of a template and <c>Run</c>); the message names the class.</exception>
    public static AppDefinition Describe<TApp>() where TApp : ApplicationDefinition, new() =>
        AppDefinitionBuilder.Build(typeof(TApp), new TApp());

    private Task MoveTo(JobState state)
    {
        Job.State = state;
        return Task.CompletedTask;
    }
}
