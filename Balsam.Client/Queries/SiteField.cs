namespace Balsam.Client.Queries;

/// <summary>Fields sites can be ordered by.</summary>
public enum SiteField
{
    /// <summary>The site id.</summary>
    Id = 0,

    /// <summary>The site name.</summary>
    Name = 1,

    /// <summary>When the site was created.</summary>
    CreatedAt = 2,

    /// <summary>When the site's agent last reported (never-reported sites first).</summary>
    LastRefresh = 3,
}
