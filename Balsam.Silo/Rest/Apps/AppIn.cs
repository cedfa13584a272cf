namespace Balsam.Silo.Rest.Apps;

/// <summary>
/// The typed fields of Balsam's <c>AppCreate</c>/<c>AppUpdate</c>, read to check their types and to validate the app as
/// ours; the body itself is kept as sent (<see cref="Balsam.Apps.AppDefinition.PythonApp"/>).
/// </summary>
internal sealed record AppIn
{
    public long? SiteId { get; init; }

    public string? Name { get; init; }

    public string? SerializedClass { get; init; }

    public string? SourceCode { get; init; }

    public string? Description { get; init; }

    public Dictionary<string, AppParameterWire>? Parameters { get; init; }

    public Dictionary<string, TransferSlotWire>? Transfers { get; init; }
}
