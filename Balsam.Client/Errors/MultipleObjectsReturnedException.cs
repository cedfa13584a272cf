namespace Balsam.Client;

/// <summary>
/// A look-up that needs exactly one object found several (the twin of Balsam's <c>MultipleObjectsReturned</c>).
/// Narrow the filter, or use <c>FirstAsync</c> or <c>ToListAsync</c>.
/// </summary>
public sealed class MultipleObjectsReturnedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="resource">The kind of object: Job, Site, App, Event.</param>
    /// <param name="filter">The filter, in words.</param>
    /// <param name="count">How many objects matched.</param>
    public MultipleObjectsReturnedException(string resource, string filter, long count)
        : base($"{count} {resource.ToLowerInvariant()}s match {filter}; expected exactly one")
    {
        Resource = resource;
        Filter = filter;
        Count = count;
    }

    /// <summary>The kind of object looked up: Job, Site, App or Event.</summary>
    public string Resource { get; }

    /// <summary>The filter, in words.</summary>
    public string Filter { get; }

    /// <summary>How many objects matched.</summary>
    public long Count { get; }
}
