namespace Balsam;

/// <summary>Names of the grain storage providers the silo registers.</summary>
public static class StorageNames
{
    /// <summary>Small key-addressed state: users, sites, apps, batch jobs, sessions (stock ADO.NET storage).</summary>
    public const string Catalogue = "catalogue";

    /// <summary>The job store: <see cref="Jobs.IJobGrain"/> rows in the relational job tables.</summary>
    public const string Jobs = "jobs";
}
