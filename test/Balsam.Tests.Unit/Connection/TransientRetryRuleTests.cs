using System.Diagnostics;
using Balsam.Client;
using Balsam.Client.Connection;
using Balsam.Errors;

namespace Balsam.Tests.Unit.Connection;

/// <summary>Which failed calls the SDK sends again, and for how long (BalsamClientOptions.TransientRetryLimit, BALSAM_RETRY_SEC).</summary>
[TestClass]
public sealed class TransientRetryRuleTests
{
    private static TransientRetryFilter.CallAttempt Call(bool notIdempotent, TimeSpan? startedAgo = null) =>
        new("IJobServiceGrain.CreateAsync", Stopwatch.GetTimestamp() - (long)((startedAgo ?? TimeSpan.Zero).TotalSeconds * Stopwatch.Frequency),
            TimeSpan.FromSeconds(60), notIdempotent);

    [TestMethod]
    public void ReadsAndIdempotentWritesRetryEveryTransientErrorButNoRefusal()
    {
        Assert.IsTrue(TransientRetryFilter.ShouldRetry(new BalsamTransientException("database away"), Call(false)));
        Assert.IsTrue(TransientRetryFilter.ShouldRetry(new TimeoutException("no answer"), Call(false)));
        Assert.IsTrue(TransientRetryFilter.ShouldRetry(new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused), Call(false)));
        Assert.IsFalse(TransientRetryFilter.ShouldRetry(new BalsamValidationException("job", "workdir", "is empty"), Call(false)));
        Assert.IsFalse(TransientRetryFilter.ShouldRetry(new ResourceNotFoundException("job", "7"), Call(false)));
        Assert.IsFalse(TransientRetryFilter.ShouldRetry(new InvalidOperationException("cannot move from JOB_FINISHED to RUNNING"), Call(false)));
    }

    [TestMethod]
    public void ANotIdempotentCallRetriesOnlyWhatTheServiceSaysWroteNothing()
    {
        Assert.IsTrue(TransientRetryFilter.ShouldRetry(new BalsamTransientException("database away"), Call(true)));
        Assert.IsFalse(TransientRetryFilter.ShouldRetry(new TimeoutException("no answer: may have been applied"), Call(true)));
        Assert.IsFalse(TransientRetryFilter.ShouldRetry(new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionReset), Call(true)));
    }

    [TestMethod]
    public void RetriesStopOnceTheLimitHasPassed()
    {
        Assert.IsTrue(TransientRetryFilter.ShouldRetry(new BalsamTransientException("away"), Call(false, TimeSpan.FromSeconds(59))));
        Assert.IsFalse(TransientRetryFilter.ShouldRetry(new BalsamTransientException("away"), Call(false, TimeSpan.FromSeconds(61))));
    }

    [TestMethod]
    public void TheLimitComesFromTheOptionThenTheVariableThenTheDefault()
    {
        static string? None(string _) => null;
        Assert.AreEqual(TimeSpan.FromSeconds(60), ServiceEndpointResolver.TransientRetryLimit(new BalsamClientOptions(), None));
        Assert.AreEqual(TimeSpan.FromSeconds(2.5), ServiceEndpointResolver.TransientRetryLimit(new BalsamClientOptions(),
            name => name == BalsamClientOptions.TransientRetryLimitVariable ? "2.5" : null));
        Assert.AreEqual(TimeSpan.Zero, ServiceEndpointResolver.TransientRetryLimit(new BalsamClientOptions { TransientRetryLimit = TimeSpan.Zero },
            _ => "30"));
        var bad = Assert.ThrowsExactly<BalsamConnectionException>(() => ServiceEndpointResolver.TransientRetryLimit(new BalsamClientOptions(),
            name => name == BalsamClientOptions.TransientRetryLimitVariable ? "soon" : null));
        StringAssert.Contains(bad.Message, BalsamClientOptions.TransientRetryLimitVariable);
    }
}
