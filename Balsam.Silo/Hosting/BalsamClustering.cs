namespace Balsam.Silo.Hosting;

/// <summary>How a silo finds the other silos of its cluster (option <c>--clustering localhost|adonet</c>).</summary>
public enum BalsamClustering
{
    /// <summary>One silo on this machine, or a few joined to a primary by port (the default).</summary>
    Localhost = 0,

    /// <summary>Several silos share the membership table of the PostgreSQL database.</summary>
    AdoNet = 1,
}
