using System.Collections;

namespace Balsam.Launcher.Pilot.Executor;

/// <summary>
/// The executor's environment as it started (the launcher's), so that each job sees exactly that plus its own
/// variables, as a job process would: what an earlier job set or removed does not leak into the next one.
/// </summary>
internal sealed class ProcessEnvironment
{
    private readonly Dictionary<string, string> _initial = Current();

    /// <summary>Restores the initial environment, then sets <paramref name="variables"/>.</summary>
    public void ResetTo(IReadOnlyDictionary<string, string> variables)
    {
        foreach (var (name, value) in Current())
        {
            if (!_initial.TryGetValue(name, out var initial))
            {
                Environment.SetEnvironmentVariable(name, null);
            }
            else if (initial != value)
            {
                Environment.SetEnvironmentVariable(name, initial);
            }
        }

        foreach (var (name, initial) in _initial)
        {
            if (Environment.GetEnvironmentVariable(name) is null)
            {
                Environment.SetEnvironmentVariable(name, initial);
            }
        }

        foreach (var (name, value) in variables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    private static Dictionary<string, string> Current() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(entry => (string)entry.Key, entry => (string?)entry.Value ?? "");
}
