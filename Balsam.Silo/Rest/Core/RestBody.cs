using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Balsam.Silo.Rest.Core;

/// <summary>Reads a JSON request body with <see cref="RestJson.Options"/>; bad JSON, a wrong type or a missing field is a 422 naming where.</summary>
internal static class RestBody
{
    public static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken = default)
    {
        T? value;
        try
        {
            value = await JsonSerializer.DeserializeAsync<T>(request.Body, RestJson.Options, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new RestSchemaException([new RestSchemaError(Location(e.Path), Message(e), "value_error.jsondecode")]);
        }

        return value ?? throw new RestSchemaException([new RestSchemaError(["body"], "field required", "value_error.missing")]);
    }

    /// <summary><c>$.parameters.x.default</c> → <c>["body", "parameters", "x", "default"]</c>; array indexes become numbers.</summary>
    private static IReadOnlyList<object> Location(string? path)
    {
        var loc = new List<object> { "body" };
        if (string.IsNullOrEmpty(path))
        {
            return loc;
        }

        foreach (var part in path.TrimStart('$').Replace("['", ".").Replace("']", "").Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = part.IndexOf('[');
            var name = bracket < 0 ? part : part[..bracket];
            if (name.Length > 0)
            {
                loc.Add(name);
            }

            if (bracket >= 0 && int.TryParse(part[(bracket + 1)..].TrimEnd(']'), out var index))
            {
                loc.Add(index);
            }
        }

        return loc;
    }

    /// <summary>System.Text.Json's message without its own path and line details, which the location already gives.</summary>
    private static string Message(JsonException e)
    {
        var text = e.Message;
        var cut = text.IndexOf(" Path: ", StringComparison.Ordinal);
        return cut > 0 ? text[..cut] : text;
    }
}
