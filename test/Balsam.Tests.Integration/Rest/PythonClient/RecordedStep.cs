using System.Text.Json;

namespace Balsam.Tests.Integration.Rest.PythonClient;

/// <summary>
/// One HTTP exchange of Balsam's Python client as recorded against a silo (<c>recorded-sequence.json</c>): what it sent,
/// the status it got, and what it read from the answer. <c>${name}</c> in the path, query, form or body stands for a value
/// the replay knows (the site's name and path, the current time) or captured from an earlier answer (ids).
/// </summary>
public sealed record RecordedStep
{
    /// <summary>What the client was doing, e.g. <c>balsam site init: create the site</c>.</summary>
    public string Note { get; init; } = "";

    public string Method { get; init; } = "GET";

    /// <summary>The path as sent, e.g. <c>/sites/</c> or <c>/sessions/${session_id}</c>.</summary>
    public string Path { get; init; } = "/";

    /// <summary>The query string as <c>requests</c> encoded it (repeated keys for lists), without the <c>?</c>.</summary>
    public string? Query { get; init; }

    /// <summary>A JSON body as the client sent it.</summary>
    public JsonElement? Body { get; init; }

    /// <summary>A form body (<c>application/x-www-form-urlencoded</c>) as the client sent it.</summary>
    public string? Form { get; init; }

    /// <summary>Whether the request carried the bearer token.</summary>
    public bool Auth { get; init; } = true;

    /// <summary>The status the real exchange answered with.</summary>
    public int Status { get; init; }

    /// <summary>
    /// How the client parses the answer: a model name (<c>SiteOut</c>), <c>page:Model</c> (<c>{count, results}</c>),
    /// <c>list:Model</c> (a JSON array), <c>login</c>, <c>login-methods</c>, <c>json</c> (any JSON) or <c>none</c>.
    /// </summary>
    public string Reads { get; init; } = "json";

    /// <summary>Values to remember from the answer: name to path (<c>id</c>, <c>results.0.id</c>, <c>2.id</c>).</summary>
    public Dictionary<string, string>? Capture { get; init; }

    /// <summary>Values the answer must hold: path to expected JSON value (may contain <c>${name}</c>).</summary>
    public Dictionary<string, JsonElement>? Expect { get; init; }

    /// <summary>The ids the answer's rows must be, in any order (a list or page answer).</summary>
    public List<string>? ExpectIds { get; init; }

    /// <summary>Repeat this (reading) request until <see cref="Expect"/> holds, as the client's wait loops do.</summary>
    public bool Poll { get; init; }
}
