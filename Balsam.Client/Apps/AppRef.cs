using System.Globalization;
using Balsam.Apps;
using Balsam.Client.Sites;

namespace Balsam.Client.Apps;

/// <summary>
/// Names an app: by class name (optionally at a site), by id, or by its local <see cref="ApplicationDefinition"/>
/// class. Converts implicitly from a <see cref="string"/>, a <see cref="long"/>, a <see cref="Type"/>, an
/// <see cref="AppInfo"/> and an <see cref="AppHandle"/>:
/// <code>
/// new Job { App = "Hello", Site = "polaris", Workdir = "hello/1" };
/// new Job { App = typeof(Adder), Workdir = "add/1" };
/// balsam.Jobs.Where(app: AppRef.Named("Hello", site: "polaris"));
/// </code>
/// A name without a site must be unique among the user's sites.
/// </summary>
public sealed class AppRef : IEquatable<AppRef>
{
    private AppRef(string? name, long? id, Type? type, SiteRef? site)
    {
        Name = name;
        Id = id;
        Type = type;
        Site = site;
    }

    /// <summary>The app's class name, when known.</summary>
    public string? Name { get; }

    /// <summary>The app id, when the app is named by id.</summary>
    public long? Id { get; }

    /// <summary>The local <see cref="ApplicationDefinition"/> class, when the app is named by class.</summary>
    public Type? Type { get; }

    /// <summary>The site, when given with a name.</summary>
    public SiteRef? Site { get; }

    /// <summary>An app by class name, at one site or (null) the only one of the user's sites that has it.</summary>
    /// <param name="name">The class name.</param>
    /// <param name="site">The site, or null.</param>
    /// <returns>The reference.</returns>
    public static AppRef Named(string name, SiteRef? site = null) =>
        new(string.IsNullOrWhiteSpace(name) ? throw new ArgumentException("An app name must not be empty", nameof(name)) : name, null, null, site);

    /// <summary>An app by id.</summary>
    /// <param name="id">The app id.</param>
    /// <returns>The reference.</returns>
    public static AppRef WithId(long id) =>
        new(null, id > 0 ? id : throw new ArgumentOutOfRangeException(nameof(id), id, "App ids are positive"), null, null);

    /// <summary>The app defined by a local class (synced when the site does not hold its definition).</summary>
    /// <typeparam name="TApp">The app class.</typeparam>
    /// <returns>The reference.</returns>
    public static AppRef Of<TApp>() where TApp : ApplicationDefinition => Of(typeof(TApp));

    /// <summary>The app defined by a local class (synced when the site does not hold its definition).</summary>
    /// <param name="type">A concrete subclass of <see cref="ApplicationDefinition"/>.</param>
    /// <returns>The reference.</returns>
    public static AppRef Of(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!type.IsSubclassOf(typeof(ApplicationDefinition)) || type.IsAbstract)
        {
            throw new ArgumentException($"{type.FullName} is not a concrete subclass of {nameof(ApplicationDefinition)}", nameof(type));
        }

        return new(type.Name, null, type, null);
    }

    /// <summary>An app by class name.</summary>
    /// <param name="name">The class name.</param>
    public static implicit operator AppRef(string name) => Named(name);

    /// <summary>An app by id.</summary>
    /// <param name="id">The app id.</param>
    public static implicit operator AppRef(long id) => WithId(id);

    /// <summary>The app defined by a local class.</summary>
    /// <param name="type">A concrete subclass of <see cref="ApplicationDefinition"/>.</param>
    public static implicit operator AppRef(Type type) => Of(type);

    /// <summary>A registered app.</summary>
    /// <param name="app">The app.</param>
    public static implicit operator AppRef(AppInfo app) =>
        new((app ?? throw new ArgumentNullException(nameof(app))).Name, app.Id, null, SiteRef.WithId(app.SiteId));

    /// <summary>A registered app.</summary>
    /// <param name="app">The app.</param>
    public static implicit operator AppRef(AppHandle app) => (app ?? throw new ArgumentNullException(nameof(app))).Info;

    /// <summary>The app of a stored job: id, name and site are all known.</summary>
    internal static AppRef Stored(string name, long id, long siteId) => new(name, id, null, SiteRef.WithId(siteId));

    /// <inheritdoc/>
    public bool Equals(AppRef? other) => other is not null && Name == other.Name && Id == other.Id && Type == other.Type && Equals(Site, other.Site);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as AppRef);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Id, Type, Site);

    /// <summary>The app as people write it: <c>'Hello'</c>, <c>'Hello' at 'polaris'</c>, <c>#7</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Id is { } id && Name is null
        ? "#" + id.ToString(CultureInfo.InvariantCulture)
        : Site is null ? $"'{Name}'" : $"'{Name}' at site {Site}";
}
