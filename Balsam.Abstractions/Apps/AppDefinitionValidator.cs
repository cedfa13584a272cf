using System.Text.Json;
using System.Text.RegularExpressions;
using Balsam.Validation;

namespace Balsam.Apps;

/// <summary>
/// Checks an app definition against SPEC §6 and returns it normalised: parameters that the command template
/// names but the spec omits are added as required, and an app of Balsam's Python client has every processing hook
/// (<see cref="AppDefinition.PythonAppHooks"/>).
/// </summary>
public static partial class AppDefinitionValidator
{
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentVariableName();

    /// <summary>Counts characters as stored, without escaping '&amp;', '&lt;' or non-ASCII text into \uXXXX.</summary>
    private static readonly JsonSerializerOptions SizeCounting = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static AppDefinition Validate(AppDefinition app)
    {
        var errors = new ValidationCollector($"app '{app.Name}'");
        ValidateName(app, errors);
        var parameters = ValidateShape(app, errors);
        ValidateParameters(app, parameters, errors);
        ValidateTransfers(app, errors);
        ValidateCleanupFiles(app, errors);
        ValidateEnvironment(app, errors);
        errors.Require(app.Description.Length <= Limits.DescriptionMaxLength, "description",
            $"must be at most {Limits.DescriptionMaxLength} characters");
        errors.Require((app.ContentHash?.Length ?? 0) <= Limits.ContentHashMaxLength, "content_hash",
            $"must be at most {Limits.ContentHashMaxLength} characters");
        errors.ThrowIfAny();

        var normalised = app with
        {
            Parameters = parameters,
            OverriddenHooks = app.IsPythonApp ? AppDefinition.PythonAppHooks : app.OverriddenHooks,
        };
        var size = JsonSerializer.Serialize(normalised with { PythonApp = null }, SizeCounting).Length;
        errors.Require(size <= Limits.AppSerializedMaxChars, "app",
            $"serialized size {size} characters exceeds the limit of {Limits.AppSerializedMaxChars}");
        errors.ThrowIfAny();
        return normalised;
    }

    private static void ValidateName(AppDefinition app, ValidationCollector errors)
    {
        errors.Require(Identifier.IsValid(app.Name), "name", Identifier.Rule);
        errors.Require(app.Name is null || app.Name.Length <= Limits.AppNameMaxLength, "name",
            $"must be at most {Limits.AppNameMaxLength} characters");
    }

    /// <summary>Exactly one of a command template and a Run method; returns the spec completed from the template.</summary>
    private static Dictionary<string, AppParameter> ValidateShape(AppDefinition app, ValidationCollector errors)
    {
        var parameters = new Dictionary<string, AppParameter>(app.Parameters);
        var hasTemplate = !string.IsNullOrWhiteSpace(app.CommandTemplate);
        var hasRun = app.RunParameters is not null;
        if (app.PythonApp is not null)
        {
            ValidatePythonApp(app, errors);
            return parameters;
        }

        if (hasTemplate == hasRun)
        {
            errors.Add("command_template", hasTemplate
                ? "an app defines either a command template or a Run method, not both"
                : "an app must define a command template or a Run method");
            return parameters;
        }

        if (hasTemplate)
        {
            errors.Require(app.CommandTemplate!.Length <= Limits.CommandTemplateMaxLength, "command_template",
                $"must be at most {Limits.CommandTemplateMaxLength} characters");
            foreach (var name in CommandTemplatePlaceholders.Find(app.CommandTemplate))
            {
                if (!Identifier.IsValid(name))
                {
                    errors.Add($"command_template.{{{{ {name} }}}}", "placeholder " + Identifier.Rule);
                }
                else
                {
                    parameters.TryAdd(name, AppParameter.RequiredParameter());
                }
            }

            return parameters;
        }

        var seen = new HashSet<string>();
        foreach (var name in app.RunParameters!)
        {
            errors.Require(seen.Add(name), $"run.{name}", "is listed twice");
            if (Identifier.IsValid(name))
            {
                parameters.TryAdd(name, AppParameter.RequiredParameter());
            }
            else
            {
                errors.Add($"run.{name}", "parameter name " + Identifier.Rule);
            }
        }

        foreach (var name in app.Parameters.Keys.Where(n => !seen.Contains(n)))
        {
            errors.Add($"parameters.{name}", "is not a parameter of the Run method");
        }

        return parameters;
    }

    /// <summary>A Python app's own fields: one JSON object of bounded size; it has no command template or Run method of ours.</summary>
    private static void ValidatePythonApp(AppDefinition app, ValidationCollector errors)
    {
        errors.Require(app.CommandTemplate is null && app.RunParameters is null, "python_app",
            "an app of Balsam's Python client has no command template or Run method of its own");
        errors.Require(app.PythonApp!.Length <= Limits.PythonAppMaxChars, "python_app",
            $"must be at most {Limits.PythonAppMaxChars} characters of JSON");
        try
        {
            using var document = JsonDocument.Parse(app.PythonApp);
            errors.Require(document.RootElement.ValueKind == JsonValueKind.Object, "python_app", "must be a JSON object");
        }
        catch (JsonException)
        {
            errors.Add("python_app", "must be a JSON object");
        }
    }

    private static void ValidateParameters(AppDefinition app, Dictionary<string, AppParameter> parameters, ValidationCollector errors)
    {
        errors.Require(parameters.Count <= Limits.MaxParametersPerApp, "parameters",
            $"at most {Limits.MaxParametersPerApp} parameters");
        foreach (var (name, parameter) in parameters)
        {
            var field = $"parameters.{name}";
            errors.Require(Identifier.IsValid(name), field, "name " + Identifier.Rule);
            if (parameter.Required && parameter.Default is not null)
            {
                errors.Add($"{field}.default", "a required parameter cannot have a default (set required: false)");
            }

            if (!parameter.Required && string.IsNullOrEmpty(parameter.Default))
            {
                errors.Add($"{field}.default", "an optional parameter needs a non-empty default");
            }

            errors.Require((parameter.Default?.Length ?? 0) <= Limits.ParameterDefaultMaxLength, $"{field}.default",
                $"must be at most {Limits.ParameterDefaultMaxLength} characters");
            errors.Require(parameter.Help.Length <= Limits.ParameterHelpMaxLength, $"{field}.help",
                $"must be at most {Limits.ParameterHelpMaxLength} characters");
        }
    }

    private static void ValidateTransfers(AppDefinition app, ValidationCollector errors)
    {
        errors.Require(app.Transfers.Count <= Limits.MaxTransferSlotsPerApp, "transfers",
            $"at most {Limits.MaxTransferSlotsPerApp} slots");
        foreach (var (slot, transfer) in app.Transfers)
        {
            var field = $"transfers.{slot}";
            errors.Require(Identifier.IsValid(slot), field, "slot name " + Identifier.Rule);
            errors.Require(Enum.IsDefined(transfer.Direction), $"{field}.direction", "must be 'in' or 'out'");
            errors.Require(transfer.LocalPath == "." || RelativePath.IsContained(transfer.LocalPath),
                $"{field}.local_path", RelativePath.Rule + " (relative to the job's workdir; '.' keeps the remote name)");
            errors.Require(transfer.Description.Length <= Limits.ParameterHelpMaxLength, $"{field}.description",
                $"must be at most {Limits.ParameterHelpMaxLength} characters");
        }
    }

    private static void ValidateCleanupFiles(AppDefinition app, ValidationCollector errors)
    {
        errors.Require(app.CleanupFiles.Count <= Limits.MaxCleanupGlobs, "cleanup_files",
            $"at most {Limits.MaxCleanupGlobs} globs");
        for (var i = 0; i < app.CleanupFiles.Count; i++)
        {
            errors.Require(RelativePath.IsContained(app.CleanupFiles[i]), $"cleanup_files[{i}]",
                "glob " + RelativePath.Rule + " (relative to the job's workdir)");
        }
    }

    private static void ValidateEnvironment(AppDefinition app, ValidationCollector errors)
    {
        errors.Require(app.EnvironmentVariables.Count <= Limits.MaxEnvironmentVariables, "environment_variables",
            $"at most {Limits.MaxEnvironmentVariables} variables");
        foreach (var name in app.EnvironmentVariables.Keys)
        {
            errors.Require(EnvironmentVariableName().IsMatch(name), $"environment_variables.{name}",
                "name must be letters, digits and '_', not starting with a digit");
        }

        errors.Require(app.RunnerExecutable is null || app.RunnerExecutable.Trim().Length > 0, "runner_executable",
            "must not be blank when set");
    }
}
