using System.Globalization;
using Balsam.Sites;

namespace Balsam.Client.Sites;

/// <summary>
/// Names a site by its name or its id. Converts implicitly from a <see cref="string"/> (name), a <see cref="long"/>
/// (id) and a <see cref="SiteInfo"/>, so APIs that take a site read naturally:
/// <code>
/// public override SiteRef Site => "polaris";
/// var jobs = balsam.Jobs.Where(site: 42);
/// </code>
/// </summary>
public sealed class SiteRef : IEquatable<SiteRef>
{
    private SiteRef(long? id, string? name)
    {
        Id = id;
        Name = name;
    }

    /// <summary>The site id, when the site is named by id.</summary>
    public long? Id { get; }

    /// <summary>The site name, when the site is named by name.</summary>
    public string? Name { get; }

    /// <summary>A site by name.</summary>
    /// <param name="name">The site name.</param>
    /// <returns>The reference.</returns>
    public static SiteRef Named(string name) =>
        new(null, string.IsNullOrWhiteSpace(name) ? throw new ArgumentException("A site name must not be empty", nameof(name)) : name);

    /// <summary>A site by id.</summary>
    /// <param name="id">The site id.</param>
    /// <returns>The reference.</returns>
    public static SiteRef WithId(long id) => new(id > 0 ? id : throw new ArgumentOutOfRangeException(nameof(id), id, "Site ids are positive"), null);

    /// <summary>A site by name.</summary>
    /// <param name="name">The site name.</param>
    public static implicit operator SiteRef(string name) => Named(name);

    /// <summary>A site by id.</summary>
    /// <param name="id">The site id.</param>
    public static implicit operator SiteRef(long id) => WithId(id);

    /// <summary>A stored site (by id).</summary>
    /// <param name="site">The site.</param>
    public static implicit operator SiteRef(SiteInfo site) => new((site ?? throw new ArgumentNullException(nameof(site))).Id, site.Name);

    /// <inheritdoc/>
    public bool Equals(SiteRef? other) => other is not null && (Id is not null ? Id == other.Id : other.Id is null && Name == other.Name);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SiteRef);

    /// <inheritdoc/>
    public override int GetHashCode() => Id is { } id ? id.GetHashCode() : StringComparer.Ordinal.GetHashCode(Name!);

    /// <summary>The site as people write it: <c>'polaris'</c> or <c>#42</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Id is { } id
        ? (Name is null ? "#" + id.ToString(CultureInfo.InvariantCulture) : $"'{Name}' (#{id.ToString(CultureInfo.InvariantCulture)})")
        : $"'{Name}'";
}
