namespace Balsam.Apps;

/// <summary>Which hooks an app overrides; the others keep SPEC's defaults (and the server may skip their states).</summary>
[Flags]
[GenerateSerializer, Alias("balsam.AppHooks")]
public enum AppHooks
{
    None = 0,
    Preprocess = 1,
    Postprocess = 2,
    HandleTimeout = 4,
    HandleError = 8,
    ShellPreamble = 16,
}
