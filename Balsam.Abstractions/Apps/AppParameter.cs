namespace Balsam.Apps;

/// <summary>One entry of an app's parameters spec: required, or optional with a default (SPEC §6).</summary>
[GenerateSerializer, Alias("balsam.AppParameter")]
public sealed record AppParameter
{
    [Id(0)] public bool Required { get; init; } = true;

    /// <summary>The default value as a string; an optional parameter must have one.</summary>
    [Id(1)] public string? Default { get; init; }

    [Id(2)] public string Help { get; init; } = "";

    public static AppParameter RequiredParameter(string help = "") => new() { Required = true, Help = help };

    public static AppParameter Optional(string defaultValue, string help = "") =>
        new() { Required = false, Default = defaultValue, Help = help };
}
