namespace Balsam.Silo.Rest.Core;

/// <summary>One schema violation in FastAPI's shape: where (<c>["body", "name"]</c>, <c>["query", "limit"]</c>), what, and its kind.</summary>
internal sealed record RestSchemaError(IReadOnlyList<object> Loc, string Msg, string Type);
