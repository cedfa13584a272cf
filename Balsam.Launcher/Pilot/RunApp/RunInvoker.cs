using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Balsam.Apps;
using Balsam.Client.Apps;
using Balsam.Client.Serialization;

namespace Balsam.Launcher.Pilot.RunApp;

/// <summary>Calls an app's <c>Run</c> with the job's parameters bound by name, and turns the outcome into the result file's JSON.</summary>
public static class RunInvoker
{
    /// <summary>Binds, calls and awaits <c>Run</c>; returns the JSON literal of its value (<c>null</c> for void).</summary>
    public static async Task<string> InvokeAsync(ApplicationDefinition app, AppDefinition definition, IReadOnlyDictionary<string, string> parameters,
        CancellationToken cancellationToken)
    {
        var run = app.GetType().GetMethods(BindingFlags.Public | BindingFlags.Instance).Single(m => m.Name == "Run");
        var arguments = run.GetParameters().Select(parameter => Bind(parameter, definition, parameters, cancellationToken)).ToArray();
        object? result;
        try
        {
            result = run.Invoke(app, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }

        return BalsamJson.ToLiteral(await UnwrapAsync(result));
    }

    /// <summary>The exception as the SDK's futures read it: type, message, stack.</summary>
    public static string DescribeException(Exception exception) => new JsonObject
    {
        ["type"] = exception.GetType().FullName,
        ["message"] = exception.Message,
        ["stackTrace"] = exception.StackTrace,
    }.ToJsonString();

    private static object? Bind(ParameterInfo parameter, AppDefinition definition, IReadOnlyDictionary<string, string> parameters, CancellationToken ct)
    {
        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return ct;
        }

        var name = parameter.Name!;
        if (parameters.TryGetValue(name, out var literal))
        {
            return JsonSerializer.Deserialize(literal, parameter.ParameterType, BalsamJson.Options);
        }

        if (parameter.HasDefaultValue)
        {
            return parameter.DefaultValue;
        }

        if (definition.Parameters.TryGetValue(name, out var spec) && spec.DefaultAsJson() is { } fallback)
        {
            return JsonSerializer.Deserialize(fallback, parameter.ParameterType, BalsamJson.Options);
        }

        throw new ArgumentException($"the job has no value for Run's parameter '{name}'");
    }

    private static async Task<object?> UnwrapAsync(object? result)
    {
        switch (result)
        {
            case Task task:
                await task;
                var type = task.GetType();
                return type.IsGenericType && type.GetProperty("Result") is { } value && value.PropertyType.Name != "VoidTaskResult"
                    ? value.GetValue(task)
                    : null;
            case ValueTask valueTask:
                await valueTask;
                return null;
            case not null when result.GetType() is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(ValueTask<>):
                var asTask = (Task)t.GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(result, null)!;
                return await UnwrapAsync(asTask);
            default:
                return result;
        }
    }
}
