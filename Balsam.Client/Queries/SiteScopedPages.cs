using System.Runtime.CompilerServices;
using Balsam.Client.Sites;

namespace Balsam.Client.Queries;

/// <summary>
/// Reading a resource that belongs to jobs (events, transfer items) page by page, limited to the connected user's
/// sites: the user's site ids (or the one site asked for), then pages of the server's query until the slice is read.
/// </summary>
internal static class SiteScopedPages
{
    /// <summary>The user's site ids, narrowed to <paramref name="site"/> when given; empty when there is nothing to read.</summary>
    public static async Task<List<long>> SiteIdsAsync(BalsamClient client, SiteRef? site, CancellationToken cancellationToken)
    {
        var siteIds = (await client.Sites.ListAsync().WaitAsync(cancellationToken)).Select(s => s.Id).ToList();
        if (site is not null)
        {
            var only = await client.Sites.FindAsync(site, cancellationToken);
            siteIds = [.. siteIds.Where(id => id == only?.Id)];
        }

        return siteIds;
    }

    /// <summary>Yields <paramref name="limit"/> items (all when null) from <paramref name="offset"/>, a page at a time.</summary>
    public static async IAsyncEnumerable<T> ReadAsync<T>(
        Func<int, int, Task<IReadOnlyList<T>>> page, int offset, int? limit, int pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var remaining = limit ?? int.MaxValue;
        while (remaining > 0)
        {
            var size = Math.Min(remaining, pageSize);
            var items = await page(offset, size).WaitAsync(cancellationToken);
            foreach (var item in items)
            {
                yield return item;
            }

            if (items.Count < size)
            {
                yield break;
            }

            offset += items.Count;
            remaining -= items.Count;
        }
    }

    /// <summary>Counts by reading (the server has no count for these resources yet).</summary>
    public static async Task<long> CountAsync<T>(IAsyncEnumerable<T> items, CancellationToken cancellationToken)
    {
        long count = 0;
        await foreach (var _ in items.WithCancellation(cancellationToken))
        {
            count++;
        }

        return count;
    }
}
