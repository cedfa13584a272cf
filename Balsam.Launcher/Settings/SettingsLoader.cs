using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Balsam.Launcher.Settings;

/// <summary>
/// Reads a site's <c>settings.yml</c> (snake_case keys, SPEC §9 defaults for anything left out) and checks it. Every
/// problem in the file is reported at once, each with its key path, the rule and the line.
/// </summary>
public static class SettingsLoader
{
    public const string FileName = "settings.yml";

    /// <summary>The settings in <paramref name="path"/>.</summary>
    /// <exception cref="InvalidSettingsException">The file is not valid YAML or breaks rules; the message lists them all.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static SiteSettings Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No settings file at {path} (every site folder has a {FileName}; `balsam site init` writes one)", path);
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>The settings of the site folder <paramref name="siteFolder"/> (its <c>settings.yml</c>).</summary>
    public static SiteSettings LoadFromSite(string siteFolder) => Load(Path.Combine(siteFolder, FileName));

    /// <summary>The settings in YAML text; <paramref name="sourceName"/> names it in error messages.</summary>
    /// <exception cref="InvalidSettingsException">The text is not valid YAML or breaks rules; the message lists them all.</exception>
    public static SiteSettings Parse(string yaml, string sourceName = FileName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            var line = e.Start.Line > 0 ? (int?)e.Start.Line : null;
            throw new InvalidSettingsException(sourceName, [new SettingsProblem("(file)", $"is not valid YAML: {Reason(e)}", line)]);
        }

        var binder = new SettingsBinder();
        var settings = binder.BindRoot(stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null);
        var problems = new List<SettingsProblem>(binder.Problems);
        if (stream.Documents.Count > 1)
        {
            problems.Add(new SettingsProblem("(file)", "holds more than one YAML document (---); a settings file is one mapping",
                (int)stream.Documents[1].RootNode.Start.Line));
        }

        // Rules on values, except where the value itself was already reported (it holds a default, not what was written).
        foreach (var problem in SiteSettingsValidator.Validate(settings))
        {
            if (!binder.Problems.Any(p => problem.Path == p.Path || problem.Path.StartsWith(p.Path + ".", StringComparison.Ordinal)))
            {
                problems.Add(problem with { Line = binder.LineOf(problem.Path) });
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidSettingsException(sourceName, problems.OrderBy(p => p.Line ?? int.MaxValue).ToArray());
        }

        return settings;
    }

    private static string Reason(YamlException e)
    {
        // YamlDotNet's message starts with "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the line is reported separately.
        var message = e.InnerException?.Message ?? e.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(cut + 3)..] : message;
    }
}
