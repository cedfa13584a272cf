using Microsoft.AspNetCore.Http;

namespace Balsam.Silo.Rest.Core;

/// <summary>
/// Balsam's paging: <c>limit</c> (default and at most 100 000) and <c>offset</c> (at least 0). Ours refuses a negative
/// limit too (422), which Balsam's server let through.
/// </summary>
internal sealed record Paging(int Limit, int Offset)
{
    public const int MaxLimit = 100_000;

    public static Paging From(HttpRequest request)
    {
        var query = new RestQuery(request);
        var limit = query.Int("limit") ?? MaxLimit;
        var offset = query.Int("offset") ?? 0;
        if (limit is < 0 or > MaxLimit)
        {
            throw RestSchemaException.Query("limit", $"ensure this value is between 0 and {MaxLimit}", "value_error.number.not_le");
        }

        if (offset < 0)
        {
            throw RestSchemaException.Query("offset", "ensure this value is greater than or equal to 0", "value_error.number.not_ge");
        }

        return new Paging(limit, offset);
    }

    /// <summary>The page of an already filtered and ordered list.</summary>
    public Page<TOut> Apply<TIn, TOut>(IReadOnlyList<TIn> all, Func<TIn, TOut> map) =>
        new(all.Count, [.. all.Skip(Offset).Take(Limit).Select(map)]);
}
