namespace Balsam.Apps;

/// <summary>The key of an <see cref="IAppGrain"/>: the site id and the app's class name.</summary>
public static class AppKey
{
    public static string For(long siteId, string name) => $"{siteId}/{name}";

    public static (long SiteId, string Name) Parse(string key)
    {
        var slash = key.IndexOf('/');
        if (slash <= 0 || !long.TryParse(key.AsSpan(0, slash), out var siteId))
        {
            throw new FormatException($"'{key}' is not an app key of the form '{{siteId}}/{{ClassName}}'");
        }

        return (siteId, key[(slash + 1)..]);
    }
}
