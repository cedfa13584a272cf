namespace Balsam;

/// <summary>Names of the grain storage providers the silo registers.</summary>
public static class StorageNames
{
    /// <summary>Small key-addressed state: users, sites, apps, batch jobs, sessions (stock ADO.NET storage).</summary>
    public const string Catalogue = "catalogue";
}
