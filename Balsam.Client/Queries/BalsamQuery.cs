namespace Balsam.Client.Queries;

/// <summary>
/// What every query of the SDK can do: lazy and chainable (nothing is sent until it is evaluated), sliced with
/// <see cref="Skip"/> and <see cref="Take"/>, and evaluated by counting, fetching, or <c>await foreach</c> (which pages
/// under the hood).
/// <code>
/// var failed = balsam.Jobs.Where(state: JobState.Failed).OrderByDescending(JobField.LastUpdate).Take(10);
/// Console.WriteLine(await failed.CountAsync());
/// await foreach (var job in failed) Console.WriteLine(job);
/// </code>
/// </summary>
/// <typeparam name="TItem">What the query yields.</typeparam>
/// <typeparam name="TSelf">The concrete query type, returned by the chaining methods.</typeparam>
public abstract class BalsamQuery<TItem, TSelf> : IAsyncEnumerable<TItem>
    where TSelf : BalsamQuery<TItem, TSelf>
{
    private protected BalsamQuery()
    {
    }

    /// <summary>How many matches are skipped.</summary>
    private protected int Offset { get; private set; }

    /// <summary>At most this many matches are yielded; null for all.</summary>
    private protected int? Limit { get; private set; }

    private protected bool IsSliced => Offset > 0 || Limit is not null;

    /// <summary>The kind of object, for messages: Job, Site, App, Event.</summary>
    private protected abstract string Resource { get; }

    /// <summary>Skips the first <paramref name="count"/> matches.</summary>
    /// <param name="count">How many to skip.</param>
    /// <returns>A new query.</returns>
    public TSelf Skip(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var query = Copy();
        query.Offset = checked(Offset + count);
        query.Limit = Limit is { } limit ? Math.Max(0, limit - count) : null;
        return query;
    }

    /// <summary>Yields at most <paramref name="count"/> matches.</summary>
    /// <param name="count">How many to take.</param>
    /// <returns>A new query.</returns>
    public TSelf Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var query = Copy();
        query.Limit = Math.Min(Limit ?? int.MaxValue, count);
        return query;
    }

    /// <summary>How many objects match (after <see cref="Skip"/> and <see cref="Take"/>).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The count.</returns>
    public abstract Task<long> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>Whether any object matches.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>True when at least one matches.</returns>
    public async Task<bool> AnyAsync(CancellationToken cancellationToken = default) =>
        (await Take(1).ToListAsync(cancellationToken)).Count > 0;

    /// <summary>The first match.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The first object in the query's order.</returns>
    /// <exception cref="DoesNotExistException">Nothing matches.</exception>
    public async Task<TItem> FirstAsync(CancellationToken cancellationToken = default) =>
        await Take(1).ToListAsync(cancellationToken) is [var first] ? first : throw NotFound();

    /// <summary>The first match, or the default (null) when nothing matches.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The first object in the query's order, or null.</returns>
    public async Task<TItem?> FirstOrDefaultAsync(CancellationToken cancellationToken = default) =>
        await Take(1).ToListAsync(cancellationToken) is [var first] ? first : default;

    /// <summary>The one object that matches.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The object.</returns>
    /// <exception cref="DoesNotExistException">Nothing matches.</exception>
    /// <exception cref="MultipleObjectsReturnedException">More than one matches.</exception>
    public async Task<TItem> GetAsync(CancellationToken cancellationToken = default)
    {
        var found = await Take(2).ToListAsync(cancellationToken);
        return found.Count switch
        {
            0 => throw NotFound(),
            1 => found[0],
            _ => throw new MultipleObjectsReturnedException(Resource, DescribeFilter(), await CountAsync(cancellationToken)),
        };
    }

    /// <summary>Every match, in the query's order.</summary>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The objects.</returns>
    public async Task<List<TItem>> ToListAsync(CancellationToken cancellationToken = default)
    {
        var items = new List<TItem>();
        await foreach (var item in FetchAsync(cancellationToken).WithCancellation(cancellationToken))
        {
            items.Add(item);
        }

        return items;
    }

    /// <summary>Enumerates the matches, fetching them page by page.</summary>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The enumerator.</returns>
    public IAsyncEnumerator<TItem> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        FetchAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);

    /// <summary>The query's filters in words, for messages.</summary>
    /// <returns>The text, e.g. <c>state=FAILED, tags={exp: a}</c>.</returns>
    public override string ToString()
    {
        var slice = (Offset, Limit) switch
        {
            (0, null) => "",
            (var skip, null) => $" skip {skip}",
            (0, var take) => $" take {take}",
            (var skip, var take) => $" skip {skip} take {take}",
        };
        return DescribeFilter() + slice;
    }

    /// <summary>Yields the matches, honouring <see cref="Offset"/> and <see cref="Limit"/>.</summary>
    private protected abstract IAsyncEnumerable<TItem> FetchAsync(CancellationToken cancellationToken);

    private protected abstract string DescribeFilter();

    /// <summary>A count of all matches cut down by the slice.</summary>
    private protected long Sliced(long total) => Math.Max(0, Math.Min(total - Offset, Limit ?? long.MaxValue));

    /// <summary>A copy to change: filters and order are immutable values, so a shallow copy is a new query.</summary>
    private protected TSelf Copy() => (TSelf)MemberwiseClone();

    /// <summary>Filters and order apply to the whole set: they cannot follow a slice.</summary>
    private protected void RequireUnsliced(string operation)
    {
        if (IsSliced)
        {
            throw new InvalidOperationException(
                $"{operation} cannot follow Skip or Take: filter and order first, then slice");
        }
    }

    private DoesNotExistException NotFound() => new(Resource, DescribeFilter());
}
