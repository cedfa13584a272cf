namespace Balsam.Silo.Rest.Apps;

/// <summary>Balsam's <c>AppParameter</c>: <c>{required, default, help}</c>.</summary>
internal sealed record AppParameterWire
{
    public required bool Required { get; init; }

    public string? Default { get; init; }

    public string Help { get; init; } = "";
}
