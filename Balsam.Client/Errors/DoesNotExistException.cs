namespace Balsam.Client;

/// <summary>
/// A look-up that needs exactly one object found none (the twin of Balsam's <c>DoesNotExist</c>).
/// <code>
/// try { var job = await balsam.Jobs.Where(tags: new() { ["run"] = "42" }).GetAsync(); }
/// catch (DoesNotExistException e) { Console.WriteLine(e.Message); }
/// </code>
/// </summary>
public sealed class DoesNotExistException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="resource">The kind of object: Job, Site, App, Event.</param>
    /// <param name="filter">The filter that matched nothing, in words.</param>
    /// <param name="innerException">The service's own not-found error, if there was one.</param>
    public DoesNotExistException(string resource, string filter, Exception? innerException = null)
        : base($"No {resource.ToLowerInvariant()} matches {filter}", innerException)
    {
        Resource = resource;
        Filter = filter;
    }

    /// <summary>The kind of object looked up: Job, Site, App or Event.</summary>
    public string Resource { get; }

    /// <summary>The filter that matched nothing, in words.</summary>
    public string Filter { get; }
}
