namespace Balsam.Silo.Rest.Core;

/// <summary>
/// Balsam's paging: <c>limit</c> (default and at most 100 000) and <c>offset</c> (at least 0). Ours refuses a negative
/// limit too (422), which Balsam's server let through.
/// </summary>
internal sealed record Paging(int Limit, int Offset)
{
    /// <summary>The page a list query asks for; a malformed <c>limit</c> or <c>offset</c> is collected by the reader.</summary>
    public static Paging From(QueryReader query)
    {
        var (limit, offset) = query.Paging();
        return new Paging(limit, offset);
    }

    /// <summary>The page of an already filtered and ordered list.</summary>
    public Page<TOut> Apply<TIn, TOut>(IReadOnlyList<TIn> all, Func<TIn, TOut> map) =>
        new(all.Count, [.. all.Skip(Offset).Take(Limit).Select(map)]);
}
