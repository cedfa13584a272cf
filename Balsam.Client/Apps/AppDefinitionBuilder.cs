using System.Reflection;
using Balsam.Apps;
using Balsam.Client.Serialization;
using Balsam.Errors;

namespace Balsam.Client.Apps;

/// <summary>
/// Reads an <see cref="ApplicationDefinition"/> class by reflection into the <see cref="AppDefinition"/> the service
/// stores. Its public part is for the site runtime and tools that load app classes from an assembly; applications
/// sync apps with <see cref="AppManager.SyncAsync{TApp}"/>.
/// </summary>
public static class AppDefinitionBuilder
{
    private const BindingFlags PublicInstance = BindingFlags.Public | BindingFlags.Instance;

    private static readonly (string Method, AppHooks Hook)[] Hooks =
    [
        (nameof(ApplicationDefinition.PreprocessAsync), AppHooks.Preprocess),
        (nameof(ApplicationDefinition.PostprocessAsync), AppHooks.Postprocess),
        (nameof(ApplicationDefinition.HandleTimeoutAsync), AppHooks.HandleTimeout),
        (nameof(ApplicationDefinition.HandleErrorAsync), AppHooks.HandleError),
        (nameof(ApplicationDefinition.ShellPreamble), AppHooks.ShellPreamble),
    ];

    /// <summary>A new instance of an app class, to read its properties or run its hooks.</summary>
    /// <param name="type">A concrete, non-generic subclass of <see cref="ApplicationDefinition"/> with a public parameterless constructor.</param>
    /// <returns>The new instance.</returns>
    /// <exception cref="BalsamValidationException">The type is not such a class, or its constructor threw; the message names the class.</exception>
    public static ApplicationDefinition Instantiate(Type type)
    {
        if (!type.IsSubclassOf(typeof(ApplicationDefinition)) || type.IsAbstract || type.ContainsGenericParameters)
        {
            throw Invalid(type, "class", $"must be a concrete, non-generic subclass of {nameof(ApplicationDefinition)}");
        }

        if (type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw Invalid(type, "class", "needs a public parameterless constructor (the site creates a fresh instance for every hook and run)");
        }

        try
        {
            return (ApplicationDefinition)Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw Invalid(type, "class", $"its constructor threw {e.InnerException.GetType().Name}: {e.InnerException.Message}");
        }
    }

    internal static AppDefinition Build(Type type, ApplicationDefinition app)
    {
        var template = app.CommandTemplate?.Trim();
        var run = FindRun(type);
        if (string.IsNullOrEmpty(template) == (run is null))
        {
            throw Invalid(type, "command_template", run is null
                ? "an app must override CommandTemplate or define a public Run method"
                : "an app defines either CommandTemplate or a Run method, not both");
        }

        var spec = app.Parameters.ToDictionary(p => p.Key, p => p.Value.ToWire(), StringComparer.Ordinal);
        List<string>? runParameters = null;
        if (run is not null)
        {
            runParameters = [];
            foreach (var parameter in run.GetParameters().Where(p => p.ParameterType != typeof(CancellationToken)))
            {
                runParameters.Add(parameter.Name!);
                var fromSignature = FromSignature(type, parameter);
                if (!spec.TryGetValue(parameter.Name!, out var given))
                {
                    spec[parameter.Name!] = fromSignature;
                    continue;
                }

                // The signature decides required/default unless the spec makes a required parameter optional.
                var help = given.Help.Length > 0 ? given.Help : fromSignature.Help;
                spec[parameter.Name!] = (fromSignature.Required && !given.Required ? given : fromSignature) with { Help = help };
            }
        }

        return new AppDefinition
        {
            Name = type.Name,
            Description = app.Description,
            CommandTemplate = run is null ? template : null,
            RunParameters = runParameters,
            Parameters = spec,
            Transfers = new(app.Transfers, StringComparer.Ordinal),
            CleanupFiles = [.. app.CleanupFiles],
            EnvironmentVariables = new(app.EnvironmentVariables, StringComparer.Ordinal),
            RunnerExecutable = app.RunnerExecutable,
            OverriddenHooks = OverriddenHooks(type),
        };
    }

    /// <summary>Which hook methods the class (or a base class of it below <see cref="ApplicationDefinition"/>) overrides.</summary>
    internal static AppHooks OverriddenHooks(Type type)
    {
        var hooks = AppHooks.None;
        foreach (var (name, hook) in Hooks)
        {
            var method = type.GetMethods(PublicInstance).Single(m => m.Name == name && m.GetBaseDefinition().DeclaringType == typeof(ApplicationDefinition));
            if (method.DeclaringType != typeof(ApplicationDefinition))
            {
                hooks |= hook;
            }
        }

        return hooks;
    }

    private static MethodInfo? FindRun(Type type)
    {
        var runs = type.GetMethods(PublicInstance).Where(m => m.Name == "Run").ToList();
        if (runs.Count > 1)
        {
            throw Invalid(type, "run", $"has {runs.Count} public Run methods; overloads are not allowed (parameters are bound by name)");
        }

        if (runs.SingleOrDefault() is not { } run)
        {
            return null;
        }

        if (run.IsGenericMethodDefinition)
        {
            throw Invalid(type, "run", "must not be generic");
        }

        foreach (var parameter in run.GetParameters())
        {
            if (parameter.ParameterType.IsByRef || parameter.IsOut)
            {
                throw Invalid(type, $"run.{parameter.Name}", "ref, in and out parameters cannot be bound from JSON");
            }
        }

        return run;
    }

    private static AppParameter FromSignature(Type type, ParameterInfo parameter)
    {
        var help = FriendlyName(parameter.ParameterType);
        if (!parameter.HasDefaultValue)
        {
            return AppParameter.RequiredParameter(help);
        }

        var value = parameter.DefaultValue is DBNull or Missing ? null : parameter.DefaultValue;
        if (value is null && parameter.ParameterType.IsValueType && Nullable.GetUnderlyingType(parameter.ParameterType) is null)
        {
            value = Activator.CreateInstance(parameter.ParameterType); // `T x = default` of a struct
        }

        try
        {
            return AppParameter.Optional(BalsamJson.ToLiteral(value), help);
        }
        catch (NotSupportedException e)
        {
            throw Invalid(type, $"run.{parameter.Name}", $"its default cannot be written as JSON ({e.Message})");
        }
    }

    private static string FriendlyName(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return FriendlyName(inner) + "?";
        }

        if (type.IsArray)
        {
            return FriendlyName(type.GetElementType()!) + "[]";
        }

        if (type.IsGenericType)
        {
            var name = type.Name[..type.Name.IndexOf('`')];
            return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(FriendlyName))}>";
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => "bool",
            TypeCode.Int32 => "int",
            TypeCode.Int64 => "long",
            TypeCode.Double => "double",
            TypeCode.Single => "float",
            TypeCode.Decimal => "decimal",
            TypeCode.String => "string",
            _ => type.Name,
        };
    }

    private static BalsamValidationException Invalid(Type type, string field, string rule) =>
        new($"app class {type.FullName}", field, rule);
}
