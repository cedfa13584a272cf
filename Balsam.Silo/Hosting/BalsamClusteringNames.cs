namespace Balsam.Silo.Hosting;

/// <summary>The option values of <see cref="BalsamClustering"/>: <c>localhost</c> and <c>adonet</c>.</summary>
public static class BalsamClusteringNames
{
    private static readonly Dictionary<string, BalsamClustering> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["localhost"] = BalsamClustering.Localhost,
        ["adonet"] = BalsamClustering.AdoNet,
    };

    /// <summary>The option value of a clustering mode.</summary>
    public static string Name(this BalsamClustering clustering) => ByName.Single(pair => pair.Value == clustering).Key;

    /// <summary>Parses <c>localhost</c> or <c>adonet</c> (any case); anything else is an <see cref="ArgumentException"/> naming the option.</summary>
    public static BalsamClustering Parse(string text) => ByName.TryGetValue(text.Trim(), out var clustering)
        ? clustering
        : throw new ArgumentException(
            $"Clustering '{text}' is not known: use {string.Join(" or ", ByName.Keys.Select(k => $"'{k}'"))} (option clustering)");
}
