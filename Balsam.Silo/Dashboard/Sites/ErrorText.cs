using System.Text.Json;

namespace Balsam.Silo.Dashboard.Sites;

/// <summary>The error a job's state data or event data holds: its <c>error</c> tail, else <c>message</c>, else <c>exception</c>.</summary>
public static class ErrorText
{
    public static string? Of(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var key in (string[])["error", "message", "exception"])
            {
                if (document.RootElement.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String
                    && value.GetString() is { Length: > 0 } text)
                {
                    return text;
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
