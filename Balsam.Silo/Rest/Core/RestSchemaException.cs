namespace Balsam.Silo.Rest.Core;

/// <summary>The request does not fit the route's schema (bad JSON, a wrong type, a missing field, a bad query value): 422.</summary>
internal sealed class RestSchemaException(IReadOnlyList<RestSchemaError> errors)
    : Exception(string.Join("; ", errors.Select(e => $"{string.Join('.', e.Loc)}: {e.Msg}")))
{
    public RestSchemaException(string where, string field, string message, string type = "value_error")
        : this([new RestSchemaError([where, field], message, type)])
    {
    }

    public IReadOnlyList<RestSchemaError> Errors { get; } = errors;

    /// <summary>A problem with a field of the JSON body.</summary>
    public static RestSchemaException Body(string field, string message, string type = "value_error") => new("body", field, message, type);

    /// <summary>A problem with a query parameter.</summary>
    public static RestSchemaException Query(string parameter, string message, string type = "value_error") => new("query", parameter, message, type);
}
