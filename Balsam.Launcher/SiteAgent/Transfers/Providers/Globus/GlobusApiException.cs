using System.Net;
using System.Text.Json;

namespace Balsam.Launcher.SiteAgent.Transfers.Providers.Globus;

/// <summary>
/// The Transfer API answered with an error status. The message carries the API's own code, message and request id, so the
/// items' transfer info tells the user what Globus said (and support what to look up).
/// </summary>
public sealed class GlobusApiException(HttpStatusCode status, GlobusErrorBody body, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public GlobusErrorBody Body { get; } = body;

    /// <summary>Worth asking again in a moment: the service is busy or broken, or it asks us to slow down.</summary>
    public bool IsTransient => (int)Status >= 500 || Status == HttpStatusCode.TooManyRequests;

    public static GlobusApiException From(HttpStatusCode status, string text, string call)
    {
        GlobusErrorBody? body = null;
        try
        {
            body = JsonSerializer.Deserialize<GlobusErrorBody>(text, GlobusJson.Options);
        }
        catch (JsonException)
        {
        }

        body = body is { Code: not null } ? body : new GlobusErrorBody(null, Shorten(text), null);
        var said = body.Code is null ? body.Message : $"{body.Code}: {body.Message}";
        var request = body.RequestId is null ? "" : $" (request_id {body.RequestId})";
        var hint = status == HttpStatusCode.Unauthorized
            ? "; the token was refused: run `globus login` again, or renew transfers.globus_access_token"
            : "";
        return new GlobusApiException(status, body, $"Globus Transfer API {call} answered {(int)status} {said}{request}{hint}");
    }

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 200 ? line : line[..200] + "...";
    }
}
