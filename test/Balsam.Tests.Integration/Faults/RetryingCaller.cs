using System.Diagnostics;
using Balsam.Errors;

namespace Balsam.Tests.Integration.Faults;

/// <summary>
/// Calls the service the way a careful client does during a failover: a transient failure
/// (<see cref="TransientErrors.IsTransient"/>) or a call that hangs past <see cref="CallTimeout"/> is retried after a
/// short pause; anything else fails the test. Counts the transient failures and remembers when the last one happened.
/// </summary>
internal sealed class RetryingCaller(Stopwatch clock)
{
    private readonly List<string> _failures = [];

    public static TimeSpan CallTimeout { get; } = TimeSpan.FromSeconds(15);

    public int TransientFailures
    {
        get
        {
            lock (_failures)
            {
                return _failures.Count;
            }
        }
    }

    /// <summary>The transient failures seen so far, each with the second it happened.</summary>
    public IReadOnlyList<string> Failures
    {
        get
        {
            lock (_failures)
            {
                return [.. _failures];
            }
        }
    }

    public async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await call().WaitAsync(CallTimeout, cancellationToken);
            }
            catch (Exception e) when (TransientErrors.IsTransient(e))
            {
                lock (_failures)
                {
                    _failures.Add($"{clock.Elapsed.TotalSeconds:F2} s {e.GetType().Name}: {e.Message.Split('\n')[0]}");
                }

                await Task.Delay(200, cancellationToken);
            }
        }
    }
}
