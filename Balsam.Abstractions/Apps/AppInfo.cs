namespace Balsam.Apps;

/// <summary>A registered app as stored: its id, its site and its definition.</summary>
[GenerateSerializer, Alias("balsam.AppInfo")]
public sealed record AppInfo(
    [property: Id(0)] long Id,
    [property: Id(1)] long SiteId,
    [property: Id(2)] AppDefinition Definition,
    [property: Id(3)] DateTimeOffset RegisteredAt)
{
    public string Name => Definition.Name;
}
