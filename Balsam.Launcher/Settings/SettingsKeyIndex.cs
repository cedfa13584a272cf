namespace Balsam.Launcher.Settings;

/// <summary>Which sections of <c>settings.yml</c> have a key of a given name (for "belongs under" hints).</summary>
internal static class SettingsKeyIndex
{
    private static readonly Lazy<ILookup<string, string>> Index = new(Build);

    public static IEnumerable<string> SectionsWith(string key) => Index.Value[key];

    private static ILookup<string, string> Build()
    {
        var pairs = new List<(string Key, string Section)>();
        Walk(typeof(SiteSettings), "", pairs);
        return pairs.ToLookup(p => p.Key, p => p.Section.Length == 0 ? "the top level" : p.Section);
    }

    private static void Walk(Type section, string path, List<(string, string)> pairs)
    {
        foreach (var (key, property) in SettingsBinder.Properties(section))
        {
            pairs.Add((key, path));
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (SettingsBinder.IsSection(type))
            {
                Walk(type, path.Length == 0 ? key : $"{path}.{key}", pairs);
            }
            else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>)
                     && SettingsBinder.IsSection(type.GetGenericArguments()[1]))
            {
                Walk(type.GetGenericArguments()[1], $"{path}.{key}.<name>", pairs);
            }
        }
    }
}
