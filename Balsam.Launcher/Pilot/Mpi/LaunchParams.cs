using System.Text.RegularExpressions;

namespace Balsam.Launcher.Pilot.Mpi;

/// <summary>
/// How a job's <c>launch_params</c> (<c>{name: value}</c>) become launcher options. A name that starts with <c>-</c> is
/// used as written; otherwise one letter becomes <c>-x</c> and a longer name <c>--name</c> with <c>_</c> read as
/// <c>-</c> (so <c>cpu_bind</c> and <c>cpu-bind</c> both give <c>--cpu-bind</c>). The value follows as separate
/// arguments split at whitespace (<c>{"mca": "btl self"}</c> gives <c>--mca btl self</c>); an empty value gives the
/// bare flag. Options a launcher sets itself (e.g. <c>--cpu-bind</c> on ALCF machines) are replaced by the job's value.
/// No shell is involved, so a value can never become a command.
/// </summary>
public static partial class LaunchParams
{
    [GeneratedRegex(@"^-{0,2}[A-Za-z0-9][A-Za-z0-9_.\-]*$")]
    private static partial Regex OptionName();

    /// <summary>The comparable form of a name: leading dashes dropped, <c>_</c> read as <c>-</c>.</summary>
    public static string Normalize(string name) => name.TrimStart('-').Replace('_', '-');

    /// <summary>The value of the first of <paramref name="names"/> (compared normalised) that the job gives.</summary>
    public static bool TryGet(IReadOnlyDictionary<string, string> launchParams, out string value, params string[] names)
    {
        var wanted = names.Select(Normalize).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, given) in launchParams)
        {
            if (wanted.Contains(Normalize(name)))
            {
                value = given;
                return true;
            }
        }

        value = "";
        return false;
    }

    /// <summary>
    /// The options for every launch parameter except those named in <paramref name="handledByLauncher"/> (compared
    /// normalised), in the job's order.
    /// </summary>
    /// <exception cref="ArgumentException">A name is not an option name, or a value holds a control character.</exception>
    public static List<string> ToArguments(IReadOnlyDictionary<string, string> launchParams, params string[] handledByLauncher)
    {
        var skip = handledByLauncher.Select(Normalize).ToHashSet(StringComparer.Ordinal);
        var arguments = new List<string>();
        foreach (var (name, value) in launchParams)
        {
            if (!OptionName().IsMatch(name))
            {
                throw new ArgumentException(
                    $"launch_params: '{name}' is not an option name (letters, digits, '_', '.', '-', optionally after '-' or '--')",
                    nameof(launchParams));
            }

            if (value.Any(char.IsControl))
            {
                throw new ArgumentException($"launch_params.{name}: the value must not contain control characters (newlines, tabs, NUL)",
                    nameof(launchParams));
            }

            if (skip.Contains(Normalize(name)))
            {
                continue;
            }

            arguments.Add(name.StartsWith('-') ? name : name.Length == 1 ? "-" + name : "--" + name.Replace('_', '-'));
            arguments.AddRange(value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        }

        return arguments;
    }
}
