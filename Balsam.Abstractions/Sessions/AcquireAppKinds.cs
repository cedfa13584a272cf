namespace Balsam.Sessions;

/// <summary>Which apps' jobs an acquire may lease: each launcher takes only the jobs it can run.</summary>
[GenerateSerializer, Alias("balsam.AcquireAppKinds")]
public enum AcquireAppKinds
{
    /// <summary>Every app's jobs (the processing services, which give Python apps' jobs the default moves).</summary>
    All = 0,

    /// <summary>
    /// Not the jobs of apps registered by Balsam's Python client (<see cref="Apps.AppDefinition.IsPythonApp"/>): our
    /// launcher cannot run them.
    /// </summary>
    NotPython = 1,

    /// <summary>Only the jobs of Python apps: Balsam's own site agent and launcher, over REST, can run nothing else.</summary>
    PythonOnly = 2,
}
