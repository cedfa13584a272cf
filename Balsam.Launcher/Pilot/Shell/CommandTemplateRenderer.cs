using System.Text.Encodings.Web;
using System.Text.Json;
using Balsam.Apps;
using Stubble.Core;
using Stubble.Core.Builders;
using Stubble.Core.Exceptions;
using Stubble.Core.Settings;

namespace Balsam.Launcher.Pilot.Shell;

/// <summary>
/// Renders an app's Mustache command template into the shell line a job runs (SPEC §6). Every parameter value is
/// POSIX-shell-quoted before it is placed, so no value can add a command, a redirection or an expansion: the template
/// text is trusted (the app author wrote it), the values are not.
/// <list type="bullet">
/// <item>Job parameters arrive as JSON literals: a string is placed as its text; numbers and booleans as their JSON
/// text; <c>null</c> as the empty word; arrays and objects as their compact JSON text. Each becomes one quoted word.</item>
/// <item>Defaults of optional parameters are JSON literals too and render exactly as the same value given in the job
/// (a default stored as plain text that is not JSON is read as that string).</item>
/// <item>HTML escaping is off; templates must not add their own quotes around placeholders (the value is already one
/// word). A section <c>{{# flag }}...{{/ flag }}</c> is skipped for JSON false, null, "" and [].</item>
/// </list>
/// </summary>
public static class CommandTemplateRenderer
{
    private static readonly StubbleVisitorRenderer Stubble = new StubbleBuilder()
        .Configure(settings => settings.AddTruthyCheck<ShellWord>(word => word.IsTruthy))
        .Build();

    private static readonly RenderSettings Settings = new()
    {
        SkipHtmlEncoding = true,
        ThrowOnDataMiss = true,
        SkipRecursiveLookup = false,
    };

    private static readonly JsonSerializerOptions CompactJson = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // readable JSON: the result is shell-quoted anyway
    };

    /// <summary>
    /// The command line of a job: <paramref name="template"/> with each <c>{{ name }}</c> replaced by the quoted value of
    /// that parameter, taken from <paramref name="jobParameters"/> (JSON literals) or else the default in
    /// <paramref name="parameterSpec"/>.
    /// </summary>
    /// <exception cref="CommandTemplateException">A parameter the template needs has no value, a value is not JSON, or
    /// the template is not valid Mustache. The message names the parameters.</exception>
    public static string Render(
        string template,
        IReadOnlyDictionary<string, AppParameter> parameterSpec,
        IReadOnlyDictionary<string, string> jobParameters)
    {
        ArgumentNullException.ThrowIfNull(template);
        var view = new Dictionary<string, object>(StringComparer.Ordinal);
        var missing = new List<string>();
        var notJson = new List<string>();

        var names = parameterSpec.Keys.Concat(CommandTemplatePlaceholders.Find(template)).Distinct(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (jobParameters.TryGetValue(name, out var json))
            {
                if (TryFromJson(json, out var word))
                {
                    view[name] = word;
                }
                else
                {
                    notJson.Add(name);
                }
            }
            else if (parameterSpec.TryGetValue(name, out var spec) && !spec.Required && spec.DefaultAsJson() is { } fallback
                     && TryFromJson(fallback, out var defaultWord))
            {
                view[name] = defaultWord;
            }
            else
            {
                missing.Add(name);
            }
        }

        if (missing.Count > 0)
        {
            throw new CommandTemplateException(
                $"missing required parameter{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(n => $"'{n}'"))}: " +
                "the command template uses it and the job gives no value (and there is no default)", missing);
        }

        if (notJson.Count > 0)
        {
            throw new CommandTemplateException(
                $"parameter{(notJson.Count > 1 ? "s" : "")} {string.Join(", ", notJson.Select(n => $"'{n}'"))} " +
                "must be a JSON value (strings in double quotes)", notJson);
        }

        try
        {
            return Stubble.Render(template, view, Settings);
        }
        catch (StubbleDataMissException e)
        {
            throw new CommandTemplateException($"the command template refers to something that is not a parameter: {e.Message}", inner: e);
        }
        catch (StubbleException e)
        {
            throw new CommandTemplateException($"the command template is not valid Mustache: {e.Message}", inner: e);
        }
    }

    private static bool TryFromJson(string json, out ShellWord word)
    {
        word = null!;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return false;
        }

        using (document)
        {
            var element = document.RootElement;
            word = element.ValueKind switch
            {
                JsonValueKind.String => new ShellWord(element.GetString()!, element.GetString()!.Length > 0),
                JsonValueKind.Number => new ShellWord(element.GetRawText(), true),
                JsonValueKind.True => new ShellWord("true", true),
                JsonValueKind.False => new ShellWord("false", false),
                JsonValueKind.Null => new ShellWord("", false),
                JsonValueKind.Array => new ShellWord(JsonSerializer.Serialize(element, CompactJson), element.GetArrayLength() > 0),
                _ => new ShellWord(JsonSerializer.Serialize(element, CompactJson), true),
            };
            return true;
        }
    }
}
