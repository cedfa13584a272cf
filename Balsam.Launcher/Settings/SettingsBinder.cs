using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization.NamingConventions;

namespace Balsam.Launcher.Settings;

/// <summary>
/// Binds a YAML document onto the settings records, key by key, collecting every problem (unknown key, wrong type,
/// missing required key) with its key path and line instead of stopping at the first. Keys are the properties' names
/// in snake_case; a key that is absent keeps the record's default.
/// </summary>
internal sealed class SettingsBinder
{
    private static readonly object Missing = new();
    private readonly NullabilityInfoContext _nullability = new();
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    public List<SettingsProblem> Problems { get; } = [];

    /// <summary>The snake_case key of a property or enum member.</summary>
    public static string KeyOf(string memberName) => UnderscoredNamingConvention.Instance.Apply(memberName);

    public SiteSettings BindRoot(YamlNode? root) =>
        Bind(root, typeof(SiteSettings), nullable: false, "") as SiteSettings ?? new SiteSettings();

    /// <summary>The line of <paramref name="path"/>, or of its nearest parent that is in the file.</summary>
    public int? LineOf(string path)
    {
        for (var current = path; current.Length > 0; current = current[..Math.Max(0, current.LastIndexOf('.'))])
        {
            if (_lines.TryGetValue(current, out var line))
            {
                return line;
            }
        }

        return null;
    }

    private object? Bind(YamlNode? node, Type type, bool nullable, string path)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            (type, nullable) = (underlying, true);
        }

        if (IsNull(node))
        {
            if (nullable)
            {
                return null;
            }

            if (IsSection(type))
            {
                return BindSection(null, type, path, node);
            }

            if (IsCollection(type))
            {
                return Activator.CreateInstance(type);
            }

            return Fail(path, $"expected {Describe(type)}, got nothing (null)", node);
        }

        if (IsSection(type))
        {
            return BindSection(node as YamlMappingNode, type, path, node);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            return BindDictionary(node!, type, path);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            return BindList(node!, type, path);
        }

        if (node is not YamlScalarNode scalar)
        {
            return Fail(path, $"expected {Describe(type)}, got {Kind(node)}", node);
        }

        return BindScalar(scalar, type, path);
    }

    private object? BindSection(YamlMappingNode? mapping, Type type, string path, YamlNode? node)
    {
        if (mapping is null && !IsNull(node))
        {
            return Fail(Display(path), $"expected a mapping (indented 'key: value' lines), got {Kind(node)}", node);
        }

        var instance = Activator.CreateInstance(type)!;
        var properties = Properties(type);
        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in mapping?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key })
            {
                Fail(Display(path), "keys must be plain names", keyNode);
                continue;
            }

            var keyPath = Join(path, key);
            _lines[keyPath] = Line(keyNode);
            if (!properties.TryGetValue(key, out var property))
            {
                Problems.Add(new SettingsProblem(keyPath, UnknownKeyRule(type, key, properties.Keys), Line(keyNode)));
                continue;
            }

            given.Add(key);
            var value = Bind(valueNode, property.PropertyType, IsNullable(property), keyPath);
            if (!ReferenceEquals(value, Missing))
            {
                property.SetValue(instance, value);
            }
        }

        foreach (var (key, property) in properties)
        {
            if (!given.Contains(key) && property.IsDefined(typeof(RequiredMemberAttribute)))
            {
                Problems.Add(new SettingsProblem(Join(path, key), "is required", LineOf(path) ?? (node is null ? null : Line(node))));
            }
        }

        return instance;
    }

    private object? BindDictionary(YamlNode node, Type type, string path)
    {
        if (node is not YamlMappingNode mapping)
        {
            return Fail(path, $"expected a mapping (indented 'name: value' lines), got {Kind(node)}", node);
        }

        var valueType = type.GetGenericArguments()[1];
        var dictionary = (System.Collections.IDictionary)Activator.CreateInstance(type)!;
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key })
            {
                Fail(path, "names must be plain, non-empty text", keyNode);
                continue;
            }

            var keyPath = Join(path, key);
            _lines[keyPath] = Line(keyNode);
            var value = valueType == typeof(string) && IsNull(valueNode)
                ? ""
                : Bind(valueNode, valueType, nullable: false, keyPath);
            if (!ReferenceEquals(value, Missing))
            {
                dictionary[key] = value;
            }
        }

        return dictionary;
    }

    private object? BindList(YamlNode node, Type type, string path)
    {
        if (node is not YamlSequenceNode sequence)
        {
            return Fail(path, $"expected a list ('- item' lines or [a, b]), got {Kind(node)}", node);
        }

        var itemType = type.GetGenericArguments()[0];
        var list = (System.Collections.IList)Activator.CreateInstance(type)!;
        var index = 0;
        foreach (var item in sequence.Children)
        {
            var value = Bind(item, itemType, nullable: false, $"{path}[{index++}]");
            if (!ReferenceEquals(value, Missing))
            {
                list.Add(value);
            }
        }

        return list;
    }

    private object? BindScalar(YamlScalarNode scalar, Type type, string path)
    {
        var text = scalar.Value ?? "";
        var quoted = scalar.Style is not ScalarStyle.Plain;
        if (type == typeof(string))
        {
            return text;
        }

        if (type.IsEnum)
        {
            var names = Enum.GetNames(type).ToDictionary(KeyOf, name => name, StringComparer.OrdinalIgnoreCase);
            return names.TryGetValue(text, out var member)
                ? Enum.Parse(type, member)
                : Fail(path, $"must be one of: {string.Join(", ", names.Keys)} (got '{text}'){SuggestionSuffix(text, names.Keys)}", scalar);
        }

        if (type == typeof(bool))
        {
            return !quoted && bool.TryParse(text, out var flag)
                ? flag
                : Fail(path, $"expected true or false, got {Shown(text, quoted)}", scalar);
        }

        if (type == typeof(int))
        {
            if (!quoted && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }

            var fractional = !quoted && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
            return Fail(path, $"expected a whole number, got {Shown(text, quoted)}{(fractional ? " (no fractions here)" : "")}", scalar);
        }

        if (type == typeof(double))
        {
            return !quoted && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                ? number
                : Fail(path, $"expected a number, got {Shown(text, quoted)}", scalar);
        }

        if (type == typeof(Guid))
        {
            return Guid.TryParse(text, out var id)
                ? id
                : Fail(path, $"expected a UUID such as 08925f04-569f-11e7-bef8-22000b9a448b, got '{text}'", scalar);
        }

        throw new NotSupportedException($"settings binder: no conversion to {type.Name} for {path}");
    }

    private string UnknownKeyRule(Type section, string key, IEnumerable<string> known)
    {
        var keys = known.ToArray();
        if (KeySuggestions.Closest(key, keys) is { } closest)
        {
            return $"unknown key; did you mean '{closest}'?";
        }

        var elsewhere = SettingsKeyIndex.SectionsWith(key).ToArray();
        if (elsewhere.Length > 0)
        {
            return $"unknown key here; '{key}' belongs under {string.Join(" or ", elsewhere.Select(s => $"'{s}'"))}";
        }

        return $"unknown key; the keys of {(section == typeof(SiteSettings) ? "the top level" : "this section")} are: {string.Join(", ", keys)}";
    }

    private static string SuggestionSuffix(string given, IEnumerable<string> known) =>
        KeySuggestions.Closest(given, known) is { } closest ? $"; did you mean '{closest}'?" : "";

    private object Fail(string path, string rule, YamlNode? node)
    {
        Problems.Add(new SettingsProblem(Display(path), rule, node is null ? null : Line(node)));
        return Missing;
    }

    private bool IsNullable(PropertyInfo property) => _nullability.Create(property).WriteState == NullabilityState.Nullable;

    internal static Dictionary<string, PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => KeyOf(p.Name), StringComparer.Ordinal);

    internal static bool IsSection(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace == typeof(SiteSettings).Namespace;

    private static bool IsCollection(Type type) =>
        type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(List<>) || type.GetGenericTypeDefinition() == typeof(Dictionary<,>));

    private static bool IsNull(YamlNode? node) =>
        node is null || node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static int Line(YamlNode node) => (int)node.Start.Line;

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string Display(string path) => path.Length == 0 ? "(top level)" : path;

    private static string Shown(string text, bool quoted) => quoted ? $"the quoted text \"{text}\" (write it without quotes)" : $"'{text}'";

    private static string Kind(YamlNode? node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar => $"'{scalar.Value}'",
        _ => "nothing",
    };

    private static string Describe(Type type) =>
        type == typeof(int) ? "a whole number"
        : type == typeof(double) ? "a number"
        : type == typeof(bool) ? "true or false"
        : type == typeof(string) ? "text"
        : type == typeof(Guid) ? "a UUID"
        : type.IsEnum ? "one of: " + string.Join(", ", Enum.GetNames(type).Select(KeyOf))
        : "a value";
}
