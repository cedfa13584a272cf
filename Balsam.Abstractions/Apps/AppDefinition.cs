namespace Balsam.Apps;

/// <summary>
/// What is registered for one app at a site: the metadata of an <c>ApplicationDefinition</c> class.
/// Exactly one of <see cref="CommandTemplate"/> and <see cref="RunParameters"/> is set, except for an app registered
/// by Balsam's Python client (<see cref="PythonApp"/>), which has neither: its class travels in its own fields.
/// </summary>
[GenerateSerializer, Alias("balsam.AppDefinition")]
public sealed record AppDefinition
{
    /// <summary>The class name: the app's identity at its site.</summary>
    [Id(0)] public required string Name { get; init; }

    [Id(1)] public string Description { get; init; } = "";

    /// <summary>A Mustache command template (<c>echo Hello, {{ name }}!</c>), or null for a <c>Run</c> app.</summary>
    [Id(2)] public string? CommandTemplate { get; init; }

    /// <summary>The parameter names of the <c>Run</c> method, in order, or null for a command app.</summary>
    [Id(3)] public List<string>? RunParameters { get; init; }

    [Id(4)] public Dictionary<string, AppParameter> Parameters { get; init; } = [];

    [Id(5)] public Dictionary<string, TransferSlot> Transfers { get; init; } = [];

    /// <summary>Globs of files deleted from the workdir after the job finishes.</summary>
    [Id(6)] public List<string> CleanupFiles { get; init; } = [];

    [Id(7)] public Dictionary<string, string> EnvironmentVariables { get; init; } = [];

    /// <summary>The executable that starts a <c>Run</c> app (the twin of <c>python_exe</c>); null means the site's own.</summary>
    [Id(8)] public string? RunnerExecutable { get; init; }

    [Id(9)] public AppHooks OverriddenHooks { get; init; }

    [Id(10)] public AssemblyImageRef? Assembly { get; init; }

    /// <summary>
    /// A hash of the definition (its assembly's hash included) as the SDK built it from the class; the SDK compares it
    /// with its class's to re-register only when they differ. Null for apps registered otherwise.
    /// </summary>
    [Id(11)] public string? ContentHash { get; init; }

    /// <summary>
    /// For an app registered by Balsam's Python client over the REST API: the app's fields as that client sent them
    /// (<c>serialized_class</c>, <c>source_code</c>, <c>python_exe</c>, <c>class_path</c>, ...), one JSON object kept
    /// exactly as sent and returned as stored; only Balsam's Python launcher runs such an app. Null for apps of the C# SDK.
    /// </summary>
    [Id(12)] public string? PythonApp { get; init; }

    /// <summary>
    /// The hooks of an app of Balsam's Python client: all four processing hooks, whether its class overrides them or not.
    /// Balsam's Python processing service runs them (and its preprocess makes the job's workdir, which the Python launcher
    /// needs), so the service never skips their states: the jobs rest in STAGED_IN, RUN_DONE, RUN_ERROR and RUN_TIMEOUT
    /// until a processing service moves them.
    /// </summary>
    public const AppHooks PythonAppHooks = AppHooks.Preprocess | AppHooks.Postprocess | AppHooks.HandleTimeout | AppHooks.HandleError;

    public bool IsRunApp => RunParameters is not null;

    /// <summary>Whether Balsam's Python client registered the app (<see cref="PythonApp"/>).</summary>
    public bool IsPythonApp => PythonApp is not null;
}
