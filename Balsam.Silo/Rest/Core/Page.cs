namespace Balsam.Silo.Rest.Core;

/// <summary>A page of a list: <c>{"count": total matching, "results": [...]}</c>.</summary>
internal sealed record Page<T>(long Count, IReadOnlyList<T> Results);
