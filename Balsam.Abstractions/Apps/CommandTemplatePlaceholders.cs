using System.Text.RegularExpressions;

namespace Balsam.Apps;

/// <summary>Finds the parameter names a Mustache command template refers to.</summary>
public static partial class CommandTemplatePlaceholders
{
    // {{ name }}, {{{ name }}}, {{& name }}, and section tags {{# name }} / {{^ name }}; comments and partials are not parameters.
    [GeneratedRegex(@"\{\{\{?\s*[&#^]?\s*(?<name>[^\s{}!>/=]+?)\s*\}?\}\}")]
    private static partial Regex Placeholder();

    /// <summary>The distinct top-level names in order of first use (<c>{{ a.b }}</c> yields <c>a</c>).</summary>
    public static IReadOnlyList<string> Find(string template)
    {
        var names = new List<string>();
        foreach (Match match in Placeholder().Matches(template))
        {
            var name = match.Groups["name"].Value.Split('.')[0];
            if (name.Length > 0 && !names.Contains(name))
            {
                names.Add(name);
            }
        }

        return names;
    }
}
