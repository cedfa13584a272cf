using Microsoft.AspNetCore.Http;

namespace Balsam.Silo.Rest.Core;

/// <summary>The REST API's responses, all written with <see cref="RestJson.Options"/>.</summary>
internal static class RestResults
{
    public const string NotFoundDetail = "Not found";

    public static IResult Ok(object? value) => Results.Json(value, RestJson.Options);

    /// <summary>200 with the JSON literal <c>null</c>, as Balsam answers a heartbeat: its client parses every body but a DELETE's.</summary>
    public static IResult JsonNull() => Results.Text("null", "application/json");

    public static IResult Created(object? value) => Results.Json(value, RestJson.Options, statusCode: StatusCodes.Status201Created);

    public static IResult NoContent() => Results.NoContent();

    /// <summary><c>{"detail": message}</c> with the status, the shape of FastAPI's <c>HTTPException</c>.</summary>
    public static IResult Detail(int status, string message) => Results.Json(new { detail = message }, RestJson.Options, statusCode: status);

    /// <summary>404 <c>{"detail": "Not found"}</c>: for a missing object and for another user's alike.</summary>
    public static IResult NotFound() => Detail(StatusCodes.Status404NotFound, NotFoundDetail);
}
