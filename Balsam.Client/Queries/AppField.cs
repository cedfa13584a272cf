namespace Balsam.Client.Queries;

/// <summary>Fields apps can be ordered by.</summary>
public enum AppField
{
    /// <summary>The app id.</summary>
    Id = 0,

    /// <summary>The class name.</summary>
    Name = 1,

    /// <summary>When the app was last registered.</summary>
    RegisteredAt = 2,

    /// <summary>The site id.</summary>
    SiteId = 3,
}
