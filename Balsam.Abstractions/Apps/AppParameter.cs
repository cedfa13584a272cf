using System.Text.Json;

namespace Balsam.Apps;

/// <summary>One entry of an app's parameters spec: required, or optional with a default (SPEC §6).</summary>
[GenerateSerializer, Alias("balsam.AppParameter")]
public sealed record AppParameter
{
    [Id(0)] public bool Required { get; init; } = true;

    /// <summary>
    /// The default value as a JSON literal (<c>10</c>, <c>"fast"</c>, <c>true</c>, <c>[1,2]</c>), the same form as a job's
    /// parameter values; an optional parameter must have one. Text that is not JSON (<c>fast</c>) is read as a string.
    /// </summary>
    [Id(1)] public string? Default { get; init; }

    [Id(2)] public string Help { get; init; } = "";

    /// <summary>The default as a JSON literal, whichever form <see cref="Default"/> was given in; null for a required parameter.</summary>
    public string? DefaultAsJson() => Default is null ? null : AsJsonLiteral(Default);

    public static AppParameter RequiredParameter(string help = "") => new() { Required = true, Help = help };

    /// <summary>An optional parameter; <paramref name="defaultValue"/> is a JSON literal, or plain text meaning that string.</summary>
    public static AppParameter Optional(string defaultValue, string help = "") =>
        new() { Required = false, Default = defaultValue, Help = help };

    /// <summary><paramref name="text"/> when it is one JSON value, else <paramref name="text"/> as a JSON string.</summary>
    public static string AsJsonLiteral(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using var document = JsonDocument.Parse(text);
            return text;
        }
        catch (JsonException)
        {
            return JsonSerializer.Serialize(text);
        }
    }
}
