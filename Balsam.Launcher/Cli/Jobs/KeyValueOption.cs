using System.CommandLine;
using System.Text.Json;

namespace Balsam.Launcher.Cli.Jobs;

/// <summary>Repeated <c>--opt key=value</c> options, and how their values become JSON literals.</summary>
internal static class KeyValueOption
{
    public static Option<string[]> Create(string name, string alias, string description) =>
        new(name, alias) { Description = description, AllowMultipleArgumentsPerToken = false, Arity = ArgumentArity.ZeroOrMore };

    public static Option<string[]> Create(string name, string description) =>
        new(name) { Description = description, AllowMultipleArgumentsPerToken = false, Arity = ArgumentArity.ZeroOrMore };

    /// <summary>Splits each <c>key=value</c> at the first '='; a missing '=' is a usage error naming the option.</summary>
    public static Dictionary<string, string> Parse(IEnumerable<string>? pairs, string option)
    {
        var map = new Dictionary<string, string>();
        foreach (var pair in pairs ?? [])
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                throw new CliUserException($"{option} '{pair}': expected key=value");
            }

            map[pair[..equals]] = pair[(equals + 1)..];
        }

        return map;
    }

    /// <summary>A parameter value as a JSON literal: valid JSON stays as it is (5, true, [3,4], "x"); anything else is a string.</summary>
    public static string ToJsonLiteral(string value)
    {
        try
        {
            using var _ = JsonDocument.Parse(value);
            return value;
        }
        catch (JsonException)
        {
            return JsonSerializer.Serialize(value);
        }
    }
}
