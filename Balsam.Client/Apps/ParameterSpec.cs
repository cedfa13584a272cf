using Balsam.Apps;
using Balsam.Client.Serialization;

namespace Balsam.Client.Apps;

/// <summary>
/// One entry of an app's parameters spec: required, or optional with a default.
/// <code>
/// public override Dictionary&lt;string, ParameterSpec&gt; Parameters => new()
/// {
///     ["n"] = ParameterSpec.Optional(10, "how many"),
///     ["input"] = ParameterSpec.Required("the input file"),
/// };
/// </code>
/// </summary>
public sealed record ParameterSpec
{
    /// <summary>Whether every job must give the parameter.</summary>
    public bool IsRequired { get; init; } = true;

    /// <summary>The default of an optional parameter as a JSON literal (<c>10</c>, <c>"fast"</c>); null for a required one.</summary>
    public string? DefaultJson { get; init; }

    /// <summary>What the parameter means, shown by <c>balsam app ls -v</c>.</summary>
    public string Help { get; init; } = "";

    /// <summary>A parameter every job must give.</summary>
    /// <param name="help">What it means.</param>
    /// <returns>The spec entry.</returns>
    public static ParameterSpec Required(string help = "") => new() { Help = help };

    /// <summary>A parameter jobs may leave out; it then takes <paramref name="defaultValue"/>.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="defaultValue">The default, stored as JSON.</param>
    /// <param name="help">What it means.</param>
    /// <returns>The spec entry.</returns>
    public static ParameterSpec Optional<T>(T defaultValue, string help = "") =>
        new() { IsRequired = false, DefaultJson = BalsamJson.ToLiteral(defaultValue), Help = help };

    internal AppParameter ToWire() => new() { Required = IsRequired, Default = IsRequired ? null : DefaultJson, Help = Help };
}
